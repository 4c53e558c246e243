import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { SUNSHINE_PATH, SunshineSchema, type HallConfig, type RatingScore } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { HubTestHall } from './support/hall.js';
import { ok } from './support/acks.js';

/**
 * 阳光运行 against a real hub on a real SQLite file: with `hall.sunshine` set, `/api/sunshine`
 * gives each window's satisfaction this month and the clerk signed in there, and the hall's
 * figures; without it, nothing is served. The figures are checked against a day counted by hand.
 */

const SUNSHINE: HallConfig = { ...DEMO_HALL, hall: { ...DEMO_HALL.hall, sunshine: true } };

const halls: HubTestHall[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.close();
});

async function openHall(config: HallConfig): Promise<HubTestHall> {
  const hall = await HubTestHall.start({ config });
  halls.push(hall);
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  return hall;
}

/** Serves `scores.length` visitors of 企业开办 at `window`, each rated on its pad with its score. */
async function serveAndRate(
  hall: HubTestHall,
  kiosk: HubClient<'kiosk'>,
  window: HubClient<'window'>,
  windowId: string,
  scores: (RatingScore | null)[],
): Promise<void> {
  const pad = await hall.client('rate', await hall.pair('rating_pad', windowId));
  for (const score of scores) {
    const { ticket } = ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      }),
    );
    ok(await window.command('call_next', {}));
    ok(await window.command('start_serving', {}));
    ok(await window.command('finish', {}));
    ok(await pad.command('rate', { ticketId: ticket.id, score, reasons: [] }));
  }
}

describe('阳光运行 figures for the hall display', () => {
  it('gives each window’s satisfaction this month, its clerk on duty and the hall’s day', async () => {
    const hall = await openHall(SUNSHINE);
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const w1 = await hall.openWindow('w1', 'C01');
    const w2 = await hall.openWindow('w2', 'C02');
    // Window 1: 5, 4 and 2 (two satisfied of three rated); a timed-out rating is not a rating.
    await serveAndRate(hall, kiosk, w1, 'w1', [5, 4, 2, null]);
    // Window 2: one 非常满意.
    await serveAndRate(hall, kiosk, w2, 'w2', [5]);
    ok(await w2.command('close_window', {}));

    const res = await fetch(`${hall.url}${SUNSHINE_PATH}`);
    expect(res.status).toBe(200);
    const figures = SunshineSchema.parse(await res.json());
    const today = hall.hub.current.day?.businessDay ?? '';
    expect(figures.month).toBe(today.slice(0, 7));
    expect(figures.windows.map((w) => w.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(figures.windows[0]).toEqual({
      windowId: 'w1',
      number: 1,
      clerk: '窗口员01',
      rated: 3,
      satisfactionRate: 2 / 3,
    });
    // Window 2's clerk signed out with the window closed: the satisfaction stays, no one on duty.
    expect(figures.windows[1]).toMatchObject({ clerk: null, rated: 1, satisfactionRate: 1 });
    expect(figures.windows[2]).toMatchObject({ clerk: null, rated: 0, satisfactionRate: null });
    expect(figures.hall).toMatchObject({ rated: 4, satisfactionRate: 3 / 4, servedToday: 5 });
    expect(figures.hall.averageWaitMsToday).not.toBeNull();
    // Nothing personal: no staff codes, tokens or ticket numbers in what the wall shows.
    expect(JSON.stringify(figures)).not.toMatch(/C0\d|accessToken|A00\d/);
  });

  it('serves nothing when the hall does not show them', async () => {
    const hall = await openHall(DEMO_HALL);
    const res = await fetch(`${hall.url}${SUNSHINE_PATH}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
