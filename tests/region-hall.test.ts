import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '@onestop/shared';
import { DEMO_HALL, Hub, setUpLink, startRegionLink, type RegionLinkOptions } from '@onestop/hub';
import { openPostgres, type RegionDb } from '@onestop/region';
import {
  startPgCluster,
  startTestRegion,
  type PgCluster,
  type TestRegion,
} from '@onestop/region/testing';
import { waitFor } from './support/hall.js';

/*
 * The two sides of the hall link together: a real hub streaming its log to a real region
 * server on a real PostgreSQL (a throwaway cluster). The link's rules are tested one by one on
 * each side (tests/region-link.test.ts against a fake region, packages/region against hand-made
 * batches); here: what the hall committed is what the region holds, exactly once, across a
 * restart of the hub, and nothing private crossed.
 */

const FAST: RegionLinkOptions = { minRetryMs: 10, maxRetryMs: 40, timeoutMs: 2_000, log: () => {} };
const SYSTEM = { kind: 'system' } as const;

let cluster: PgCluster;
let db: RegionDb;
let region: TestRegion;
let dir: string;

beforeAll(async () => {
  cluster = await startPgCluster();
  db = openPostgres(await cluster.createDatabase(), { max: 4 });
  region = await startTestRegion(db);
  dir = mkdtempSync(join(tmpdir(), 'onestop-region-hall-'));
}, 120_000);
afterAll(async () => {
  await region?.close();
  await db?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let commandNo = 0;
function run(hub: Hub, command: Command): void {
  const outcome = hub.execute(SYSTEM, 'test', `c${++commandNo}`, command);
  if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.message}`);
}

/** Tickets issued, called, served, finished and rated at one window; tokens carry `SECRET`. */
function serve(hub: Hub, tickets: number): void {
  if (hub.current.windows.get('w10')?.status !== 'open') {
    run(hub, { type: 'open_window', windowId: 'w10', staffCode: 'C10' });
  }
  for (let i = 0; i < tickets; i++) {
    run(hub, {
      type: 'issue_ticket',
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
      appointment: null,
      accessToken: `tok-SECRET-${commandNo}`,
    });
    run(hub, { type: 'call_next', windowId: 'w10' });
    const ticketId = hub.current.windows.get('w10')?.currentTicketId ?? '';
    run(hub, { type: 'start_serving', windowId: 'w10' });
    run(hub, { type: 'finish', windowId: 'w10' });
    run(hub, { type: 'rate', ticketId, score: i % 3 === 0 ? 2 : 5, reasons: [] });
  }
}

/** What the region holds of the hall's current history: each seq once, in order, and the bodies. */
async function held(hallId: string, historyId: string): Promise<{ seqs: number[]; text: string }> {
  const res = await db.query<{ seq: string | number; body: unknown }>(
    'SELECT seq, body FROM events WHERE hall_id = $1 AND history_id = $2 ORDER BY seq',
    [hallId, historyId],
  );
  return {
    seqs: res.rows.map((r) => Number(r.seq)),
    text: JSON.stringify(res.rows.map((r) => r.body)),
  };
}

describe('a hub linked to a region on PostgreSQL', () => {
  it('holds every committed event exactly once, across a hub restart, and nothing private', async () => {
    const dbPath = join(dir, 'hall.sqlite');
    let hub = Hub.open({ dbPath, config: DEMO_HALL });
    hub.rollDay();
    serve(hub, 5);
    const { hallId, code } = await region.region.addHall('测试大厅');
    await setUpLink(
      hub.store.regionLink,
      { url: region.url, code },
      { hubVersion: 'test', now: hub.now() },
    );
    let running = startRegionLink(hub, FAST);
    await waitFor(() => running.link.health().state === 'caught_up', 20_000, 'caught up');
    serve(hub, 3); // while linked: the link follows the commits
    hub.flush();
    await waitFor(
      () => running.link.health().state === 'caught_up',
      20_000,
      'caught up after more',
    );
    const historyId = hub.store.historyId();
    const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect((await held(hallId, historyId)).seqs).toEqual(range(hub.store.lastSeq()));

    // The hub stops (its link with it) and starts again on the same file: it resumes from the
    // position it kept, and the region still holds each event once.
    await running.stop();
    hub.close();
    hub = Hub.open({ dbPath, config: DEMO_HALL });
    serve(hub, 2);
    running = startRegionLink(hub, FAST);
    await waitFor(() => running.link.health().state === 'caught_up', 20_000, 'caught up again');
    const after = await held(hallId, historyId);
    expect(after.seqs).toEqual(range(hub.store.lastSeq()));
    // Visitors' status-page keys never leave the hall.
    expect(after.text).not.toContain('SECRET');
    await running.stop();
    hub.close();
  });
});
