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
const HALL = { timezone: 'Asia/Shanghai' };

const SERVICES = [
  { id: 'tax', departmentId: 'finance', name: { zh: '税务登记', en: 'Tax registration' } },
  { id: 'social', departmentId: 'labour', name: { zh: '社保办理', en: 'Social insurance' } },
  { id: 'permit', departmentId: 'market', name: { zh: '营业执照', en: 'Business licence' } },
];

type Row = [
  minute: number,
  type: string,
  ticketId: string | null,
  windowId: string | null,
  body: Record<string, unknown>,
];

function issued(minute: number, number: string, serviceId: string): Row {
  const at = T0 + minute * 60_000;
  const ticket = {
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
  };
  return [minute, 'ticket_issued', ticket.id, null, { ticket }];
}

/** An event of ticket `number` at window `windowId`, for service `serviceId`, with `more`. */
function atWindow(
  minute: number,
  type: string,
  [number, windowId, serviceId]: [string, string, string],
  more: Record<string, unknown>,
): Row {
  const ticketId = `${DAY}/${number}`;
  return [minute, type, ticketId, windowId, { ticketId, windowId, serviceId, ...more }];
}

function rated(
  minute: number,
  at: [string, string, string],
  staffCode: string,
  score: number,
  reasons: string[],
): Row {
  const [number, windowId, serviceId] = at;
  const rating = { score, reasons, at: T0 + minute * 60_000, windowId, staffCode, serviceId };
  return [
    minute,
    'rating_recorded',
    `${DAY}/${number}`,
    windowId,
    { ticketId: `${DAY}/${number}`, rating },
  ];
}

/**
 * A morning: the configuration, the day opened, three windows opened and one of them paused,
 * six tickets; A001 called after 4 minutes, served and rated 5; B001 called after 6 minutes and
 * rated 2; A003 cancelled. Three wait now (tax, social, permit: one each), two windows are open,
 * the average wait is 5 minutes, satisfaction 50 % of 2. Clerk codes and ticket numbers are in
 * the events, never in the public figures.
 */
export function morningEvents(): LinkEvent[] {
  const a001: [string, string, string] = ['A001', 'w1', 'tax'];
  const b001: [string, string, string] = ['B001', 'w2', 'social'];
  const rows: Row[] = [
    // The parts of a hall's configuration the region reads (a real one carries more).
    [0, 'config_changed', null, null, { config: { hall: HALL, services: SERVICES } }],
    [1, 'day_opened', null, null, { businessDay: DAY }],
    [2, 'window_opened', null, 'w1', { windowId: 'w1', staffCode: 'S07' }],
    [3, 'window_opened', null, 'w2', { windowId: 'w2', staffCode: 'S08' }],
    [4, 'window_opened', null, 'w3', { windowId: 'w3', staffCode: 'S09' }],
    [5, 'window_paused', null, 'w3', { windowId: 'w3', reason: 'break' }],
    issued(10, 'A001', 'tax'),
    issued(11, 'B001', 'social'),
    issued(12, 'A002', 'tax'),
    issued(13, 'C001', 'permit'),
    atWindow(14, 'ticket_called', a001, { staffCode: 'S07', reason: 'next' }),
    atWindow(15, 'service_started', a001, {}),
    issued(16, 'A003', 'tax'),
    atWindow(17, 'ticket_called', b001, { staffCode: 'S08', reason: 'next' }),
    atWindow(18, 'service_finished', a001, {
      nextQueueServiceIds: [],
      nextStepIndex: 1,
      done: true,
    }),
    rated(19, a001, 'S07', 5, []),
    issued(20, 'B002', 'social'),
    [21, 'ticket_cancelled', `${DAY}/A003`, null, { ticketId: `${DAY}/A003`, by: 'visitor' }],
    rated(22, b001, 'S08', 2, ['slow']),
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
