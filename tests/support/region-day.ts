import type { LinkEvent } from '@onestop/shared';
import {
  buildRegionServer,
  listen,
  migrate,
  openPglite,
  Region,
  type RegionDb,
  type RegionServerOptions,
} from '@onestop/region';

/*
 * A region on the embedded PostgreSQL (in memory) with its HTTP server on 127.0.0.1, and a
 * morning of a hall as its link would carry it: for the public page's tests.
 */

export interface RegionOnPglite {
  db: RegionDb;
  region: Region;
  url: string;
  close(): Promise<void>;
}

export async function startRegionOnPglite(
  options: Omit<RegionServerOptions, 'region'> = {},
): Promise<RegionOnPglite> {
  const db = await openPglite(null);
  await migrate(db);
  const region = new Region(db);
  await region.watchHalls();
  const app = await buildRegionServer({ region, ...options });
  const url = await listen(app, '127.0.0.1', 0);
  return {
    db,
    region,
    url,
    close: async () => {
      await app.close();
      await region.close();
      await db.close();
    },
  };
}

/** Pairs a new hall directly (no HTTP): its id. */
export async function linkedHall(region: Region, name: string): Promise<string> {
  const hall = await region.addHall(name);
  const paired = await region.pair({ code: hall.code, hubVersion: '0.1.0' });
  if (!paired.ok) throw new Error(`pairing: ${paired.refusal.message}`);
  return paired.value.hallId;
}

const DAY = '2026-03-02';
/** 09:00 in Asia/Shanghai. */
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const SERVICES = [
  { id: 'tax', name: { zh: '税务登记', en: 'Tax registration' } },
  { id: 'social', name: { zh: '社保办理', en: 'Social insurance' } },
  { id: 'permit', name: { zh: '营业执照', en: 'Business licence' } },
];

function ticket(number: string, serviceId: string, at: number): Record<string, unknown> {
  return {
    ticket: {
      id: `${DAY}/${number}`,
      number,
      businessDay: DAY,
      serviceId,
      queueServiceIds: [serviceId],
      status: 'waiting',
      issuedAt: at,
      queuedAt: at,
      staffCode: null,
      rating: null,
    },
  };
}

/**
 * A morning: the configuration, the day opened, three windows opened and one of them paused,
 * six tickets; A001 called after 4 minutes, served and rated 5; B001 called after 6 minutes and
 * rated 2; A003 cancelled. Three wait now (tax, social, permit: one each), two windows are open,
 * the average wait is 5 minutes, satisfaction 50 % of 2. Clerk codes and ticket numbers are in
 * the events, never in the public figures.
 */
export function morningEvents(): LinkEvent[] {
  const rows: [number, string, string | null, string | null, Record<string, unknown>][] = [
    [0, 'config_changed', null, null, { config: { services: SERVICES } }],
    [1, 'day_opened', null, null, { businessDay: DAY }],
    [2, 'window_opened', null, 'w1', { windowId: 'w1', staffCode: 'S07' }],
    [3, 'window_opened', null, 'w2', { windowId: 'w2', staffCode: 'S08' }],
    [4, 'window_opened', null, 'w3', { windowId: 'w3', staffCode: 'S09' }],
    [5, 'window_paused', null, 'w3', { windowId: 'w3', reason: 'break' }],
    [10, 'ticket_issued', `${DAY}/A001`, null, ticket('A001', 'tax', T0 + 10 * 60_000)],
    [11, 'ticket_issued', `${DAY}/B001`, null, ticket('B001', 'social', T0 + 11 * 60_000)],
    [12, 'ticket_issued', `${DAY}/A002`, null, ticket('A002', 'tax', T0 + 12 * 60_000)],
    [13, 'ticket_issued', `${DAY}/C001`, null, ticket('C001', 'permit', T0 + 13 * 60_000)],
    [
      14,
      'ticket_called',
      `${DAY}/A001`,
      'w1',
      {
        ticketId: `${DAY}/A001`,
        windowId: 'w1',
        staffCode: 'S07',
        serviceId: 'tax',
        reason: 'next',
      },
    ],
    [
      15,
      'service_started',
      `${DAY}/A001`,
      'w1',
      { ticketId: `${DAY}/A001`, windowId: 'w1', serviceId: 'tax' },
    ],
    [16, 'ticket_issued', `${DAY}/A003`, null, ticket('A003', 'tax', T0 + 16 * 60_000)],
    [
      17,
      'ticket_called',
      `${DAY}/B001`,
      'w2',
      {
        ticketId: `${DAY}/B001`,
        windowId: 'w2',
        staffCode: 'S08',
        serviceId: 'social',
        reason: 'next',
      },
    ],
    [
      18,
      'service_finished',
      `${DAY}/A001`,
      'w1',
      {
        ticketId: `${DAY}/A001`,
        windowId: 'w1',
        serviceId: 'tax',
        nextQueueServiceIds: [],
        nextStepIndex: 1,
        done: true,
      },
    ],
    [
      19,
      'rating_recorded',
      `${DAY}/A001`,
      'w1',
      {
        ticketId: `${DAY}/A001`,
        rating: {
          score: 5,
          reasons: [],
          at: T0,
          windowId: 'w1',
          staffCode: 'S07',
          serviceId: 'tax',
        },
      },
    ],
    [20, 'ticket_issued', `${DAY}/B002`, null, ticket('B002', 'social', T0 + 20 * 60_000)],
    [21, 'ticket_cancelled', `${DAY}/A003`, null, { ticketId: `${DAY}/A003`, by: 'visitor' }],
    [
      22,
      'rating_recorded',
      `${DAY}/B001`,
      'w2',
      {
        ticketId: `${DAY}/B001`,
        rating: {
          score: 2,
          reasons: ['slow'],
          at: T0,
          windowId: 'w2',
          staffCode: 'S08',
          serviceId: 'social',
        },
      },
    ],
  ];
  return rows.map(([minute, type, ticketId, windowId, body], i) => ({
    seq: i + 1,
    at: T0 + minute * 60_000,
    type,
    businessDay: type === 'config_changed' ? null : DAY,
    ticketId,
    windowId,
    body,
  }));
}
