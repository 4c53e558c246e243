import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command, HealthLink } from '@onestop/shared';
import {
  DEMO_HALL,
  Hub,
  RegionLink,
  RegionLinkError,
  restoreDatabase,
  setUpLink,
  startRegionLink,
  type RegionLinkOptions,
} from '@onestop/hub';
import { FakeRegion } from './support/fake-region.js';
import { waitFor } from './support/hall.js';

const FAST: RegionLinkOptions = { minRetryMs: 10, maxRetryMs: 40, timeoutMs: 300, log: () => {} };
const SYSTEM = { kind: 'system' } as const;

let dir: string;
let region: FakeRegion;
let hub: Hub;
const stops: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-link-'));
  region = await FakeRegion.start();
  hub = openHub();
  hub.rollDay();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  if (hub.store.isOpen) hub.close();
  await region.close();
  rmSync(dir, { recursive: true, force: true });
});

function openHub(): Hub {
  return Hub.open({ dbPath: join(dir, 'hall.sqlite'), config: DEMO_HALL });
}

let commandNo = 0;
function run(command: Command): void {
  const outcome = hub.execute(SYSTEM, 'test', `c${++commandNo}`, command);
  if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.message}`);
}

/**
 * A stretch of a business day at two windows: tickets issued (one by appointment), called,
 * served, some parked and transferred with a clerk's note, each rated, the poor ones with the
 * visitor's words. Tokens, the booking code and the notes carry `SECRET` and a phone number.
 */
function simulateDay(tickets: number): void {
  if (hub.current.windows.get('w10')?.status !== 'open') {
    run({ type: 'open_window', windowId: 'w10', staffCode: 'C10' });
    run({ type: 'open_window', windowId: 'w11', staffCode: 'C11' });
  }
  for (let i = 0; i < tickets; i++) {
    run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: ['tax'] }],
      class: i === 0 ? 'appointment' : 'normal',
      appointment: i === 0 ? { code: 'APPT-SECRET-7', slotAt: hub.now() } : null,
      accessToken: `tok-SECRET-${commandNo}`,
    });
    run({ type: 'call_next', windowId: 'w10' });
    const ticketId = hub.current.windows.get('w10')?.currentTicketId ?? '';
    if (i % 4 === 1) {
      run({ type: 'park', windowId: 'w10', until: null, note: 'SECRET call back 13800138000' });
      run({ type: 'unpark', ticketId });
      run({ type: 'call_specific', windowId: 'w10', ticketId });
    }
    if (i % 4 === 2) {
      run({
        type: 'transfer',
        windowId: 'w10',
        toServiceId: 'invoice',
        toWindowId: null,
        note: 'SECRET mobile 13900139000',
      });
      run({ type: 'call_next', windowId: 'w11' });
      run({ type: 'start_serving', windowId: 'w11' });
      run({ type: 'finish', windowId: 'w11' });
    } else {
      run({ type: 'start_serving', windowId: 'w10' });
      run({ type: 'finish', windowId: 'w10' });
    }
    const poor = i % 3 === 0;
    run({
      type: 'rate',
      ticketId,
      score: poor ? 1 : 5,
      reasons: poor ? ['slow', 'visitor words: 太慢了'] : [],
    });
  }
}

async function pair(): Promise<void> {
  await setUpLink(
    hub.store.regionLink,
    { url: region.url, code: region.addHall() },
    { hubVersion: 'test', now: hub.now() },
  );
}

function link(options: RegionLinkOptions = {}): RegionLink {
  const running = startRegionLink(hub, { ...FAST, ...options });
  stops.push(running.stop);
  return running.link;
}

const caughtUp = (l: RegionLink) => () => l.health().state === 'caught_up';
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the hall link: pairing', () => {
  it('trades a code once, keeps the token; a bad code or no link changes nothing', async () => {
    const request = { url: region.url, code: 'NOT-A-CODE-1' };
    const options = { hubVersion: 'test', now: 1_000 };
    await expect(setUpLink(hub.store.regionLink, request, options)).rejects.toThrow(
      /refused the code.*nothing was changed/,
    );
    expect(hub.store.regionLink.link()).toBeNull();
    await expect(
      setUpLink(hub.store.regionLink, { url: region.url, code: null }, options),
    ).rejects.toThrow(RegionLinkError);

    const code = region.addHall();
    expect(await setUpLink(hub.store.regionLink, { url: region.url, code }, options)).toMatch(
      /linked to .* as 测试大厅/,
    );
    expect(hub.store.regionLink.link()).toMatchObject({
      url: region.url,
      hallId: 'hall-1',
      token: region.token,
    });
    // The same code at the next start (a service's command line) is not traded again.
    const pairs = region.requests.filter((p) => p === '/api/link/pair').length;
    await setUpLink(hub.store.regionLink, { url: region.url, code }, options);
    expect(region.requests.filter((p) => p === '/api/link/pair')).toHaveLength(pairs);
    // --region alone with another address changes the address only.
    await setUpLink(hub.store.regionLink, { url: 'http://127.0.0.1:1', code: null }, options);
    expect(hub.store.regionLink.link()).toMatchObject({
      url: 'http://127.0.0.1:1',
      hallId: 'hall-1',
      token: region.token,
      pairedAt: 1_000,
    });
  });
});

describe('the hall link: streaming', () => {
  it('sends a simulated day in order and says when it is caught up', async () => {
    expect(link().health()).toEqual({ state: 'not_linked' });
    await pair();
    const l = link({ pageEvents: 20 });
    simulateDay(12);
    await waitFor(caughtUp(l), 5_000, 'caught up');
    const history = hub.store.historyId();
    expect(region.seqs(history)).toEqual(range(1, hub.store.lastSeq()));
    expect(region.batches.every((b) => b.count <= 20)).toBe(true);
    // In the log's order, with the log's types.
    const types = hub.store.eventsAfter(0, 10_000).map((e) => e.type);
    expect(region.held.get(history)?.map((e) => e.type)).toEqual(types);
    expect(hub.store.regionLink.ackedSeq(history)).toBe(hub.store.lastSeq());
    // Woken by the hub's commits: more events go without waiting for the idle check.
    simulateDay(2);
    await waitFor(() => region.ackedSeq(history) === hub.store.lastSeq(), 2_000, 'woken');
    await waitFor(caughtUp(l), 2_000, 'the answer kept');
    expect(l.health()).toMatchObject({ state: 'caught_up', ackedSeq: hub.store.lastSeq() });
  });

  it('waits out a region that is down or stalls, offline since then, and catches up by itself', async () => {
    await pair();
    region.mode = 'fail';
    const l = link();
    simulateDay(3);
    await waitFor(() => l.health().state === 'offline', 2_000, 'offline');
    const down = l.health() as Extract<HealthLink, { state: 'offline' }>;
    expect(down.reason).toMatch(/503/);
    expect(down.behind).toBe(hub.store.lastSeq());
    expect(down.since).toBeLessThanOrEqual(hub.now());
    // The hall goes on while the region is away.
    simulateDay(3);
    region.mode = 'stall';
    await waitFor(() => /timed out/.test(JSON.stringify(l.health())), 3_000, 'a timeout');
    expect((l.health() as typeof down).since).toBe(down.since);
    region.mode = 'ok';
    await waitFor(caughtUp(l), 5_000, 'caught up');
    expect(region.seqs(hub.store.historyId())).toEqual(range(1, hub.store.lastSeq()));
  });

  it('resumes after a restart of the hub from where the region stands, nothing missing or repeated', async () => {
    await pair();
    simulateDay(10);
    const history = hub.store.historyId();
    // The region commits a batch but its answer is lost; the hub stops meanwhile.
    region.mode = 'drop_after_commit';
    const first = link({ pageEvents: 15 });
    await waitFor(() => region.ackedSeq(history) > 0, 2_000, 'a commit');
    await first.stop();
    const stored = hub.store.regionLink.ackedSeq(history);
    const held = region.ackedSeq(history);
    expect(held).toBeGreaterThan(stored ?? 0);
    hub.close();

    region.mode = 'ok';
    hub = openHub();
    simulateDay(2);
    const sentBefore = region.batches.length;
    const second = link({ pageEvents: 15 });
    await waitFor(caughtUp(second), 5_000, 'caught up');
    expect(region.seqs(history)).toEqual(range(1, hub.store.lastSeq()));
    // Nothing the region held was sent again.
    expect(region.batches[sentBefore]?.afterSeq).toBe(held);
  });

  it('answers a gap from the region’s position and takes a stale answer for what it says', async () => {
    await pair();
    const l = link({ pageEvents: 10 });
    simulateDay(4);
    await waitFor(caughtUp(l), 5_000, 'caught up');
    const history = hub.store.historyId();
    region.held.set(history, region.held.get(history)?.slice(0, 5) ?? []);
    // The hall thinks the region holds everything; the region says it holds 5.
    region.mode = 'gap_once';
    simulateDay(2);
    await waitFor(() => region.ackedSeq(history) === hub.store.lastSeq(), 5_000, 'refilled');
    expect(region.seqs(history)).toEqual(range(1, hub.store.lastSeq()));
    region.mode = 'answer_twice';
    simulateDay(4);
    await waitFor(() => region.ackedSeq(history) === hub.store.lastSeq(), 5_000, 'stale');
    region.mode = 'ok';
    simulateDay(1);
    await waitFor(caughtUp(l), 5_000, 'caught up again');
    expect(region.seqs(history)).toEqual(range(1, hub.store.lastSeq()));
  });

  it('starts a history restored from a backup at the region’s position for it, keeping the old', async () => {
    await pair();
    simulateDay(3);
    const backup = await hub.store.backup(join(dir, 'backups'));
    simulateDay(3);
    const l = link();
    await waitFor(caughtUp(l), 5_000, 'caught up');
    const old = hub.store.historyId();
    const oldSeqs = region.seqs(old);
    await l.stop();
    hub.close();
    restoreDatabase(join(dir, 'hall.sqlite'), backup);
    hub = openHub();
    const restored = hub.store.historyId();
    expect(restored).not.toBe(old);
    simulateDay(1);
    const again = link();
    await waitFor(caughtUp(again), 5_000, 'caught up');
    // The whole restored log under its new history; the old branch as it was.
    expect(region.seqs(restored)).toEqual(range(1, hub.store.lastSeq()));
    expect(region.seqs(old)).toEqual(oldSeqs);
    // Each history's first batch carries the hall's configuration now (the region reads its
    // names, departments and hours from it); no later batch does.
    simulateDay(1);
    await waitFor(caughtUp(again), 5_000, 'caught up after more');
    const configs = region.batches.map((b) => {
      const body = JSON.parse(b.raw) as { config?: { hall: { timezone: string } } };
      return [b.historyId, b.afterSeq, body.config?.hall.timezone ?? null];
    });
    const tz = hub.config.hall.timezone;
    expect(configs.filter(([, after]) => after === 0)).toEqual([
      [old, 0, tz],
      [restored, 0, tz],
    ]);
    expect(configs.filter(([, after, zone]) => after !== 0 && zone !== null)).toEqual([]);
    expect(region.batches.length).toBeGreaterThan(2);
  });

  it('reads the log a page at a time, never the whole of it', async () => {
    await pair();
    simulateDay(30);
    const pages: number[] = [];
    const records = hub.store.regionLink;
    const l = new RegionLink(
      {
        records: {
          link: () => records.link(),
          ackedSeq: (h) => records.ackedSeq(h),
          setAcked: (h, s, at) => records.setAcked(h, s, at),
          lastSeq: () => records.lastSeq(),
          eventsAfter: (seq, limit) => {
            const rows = records.eventsAfter(seq, limit);
            pages.push(rows.length);
            return rows;
          },
        },
        historyId: () => hub.store.historyId(),
        config: () => hub.config,
        now: hub.now,
      },
      { ...FAST, pageEvents: 25 },
    );
    stops.push(() => l.stop());
    l.start();
    await waitFor(caughtUp(l), 5_000, 'caught up');
    expect(hub.store.lastSeq()).toBeGreaterThan(200);
    expect(Math.max(...pages)).toBe(25);
    expect(region.batches.length).toBeGreaterThanOrEqual(hub.store.lastSeq() / 25);
  });
});

describe('the hall link: what crosses', () => {
  it('never sends tokens, booking codes, notes or phone numbers; complaint words unless withheld', async () => {
    await pair();
    const l = link();
    simulateDay(8);
    await waitFor(caughtUp(l), 5_000, 'caught up');
    // The hall's own log holds them, so the test could fail.
    const log = JSON.stringify(hub.store.eventsAfter(0, 10_000));
    for (const secret of ['tok-SECRET', 'APPT-SECRET', '13800138000', '13900139000']) {
      expect(log).toContain(secret);
    }
    const sent = () => region.batches.map((b) => b.raw).join('\n');
    expect(sent()).not.toMatch(/SECRET|13800138000|13900139000|accessToken/);
    expect(sent()).toContain('visitor words: 太慢了');

    run({
      type: 'change_config',
      config: { ...hub.config, hall: { ...hub.config.hall, withholdComplaintTexts: true } },
    });
    const before = region.batches.length;
    simulateDay(3);
    await waitFor(caughtUp(l), 5_000, 'caught up');
    const later = region.batches
      .slice(before)
      .map((b) => b.raw)
      .join('\n');
    expect(later).not.toContain('visitor words');
    expect(later).toContain('"reasons":["slow"]');
  });
});

describe('the hall link: bad answers', () => {
  it.each([
    ['bad_json', /no JSON/],
    ['bad_history', /history/],
    ['bad_beyond', /beyond|acknowledged/],
  ] as const)('refuses %s clearly and changes nothing', async (mode, reason) => {
    await pair();
    simulateDay(2);
    const history = hub.store.historyId();
    const l = link();
    await waitFor(caughtUp(l), 5_000, 'caught up');
    const acked = hub.store.regionLink.ackedSeq(history);
    region.mode = mode;
    simulateDay(2);
    await waitFor(() => l.health().state === 'offline', 2_000, 'refused');
    const health = l.health();
    expect(health.state === 'offline' && health.reason).toMatch(reason);
    expect(hub.store.regionLink.ackedSeq(history)).toBe(acked);
    region.mode = 'ok';
    await waitFor(caughtUp(l), 5_000, 'caught up');
    expect(region.seqs(history)).toEqual(range(1, hub.store.lastSeq()));
  });
});

describe('the hall link: the hall first', () => {
  it('waits while another program holds the hall’s database, then goes on', async () => {
    await pair();
    const l = link();
    simulateDay(1);
    await waitFor(caughtUp(l), 5_000, 'caught up');
    const other = new Database(join(dir, 'hall.sqlite'));
    try {
      simulateDay(1);
      other.exec('BEGIN IMMEDIATE');
      await waitFor(() => /database/.test(JSON.stringify(l.health())), 3_000, 'busy');
      other.exec('COMMIT');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
    await waitFor(caughtUp(l), 5_000, 'caught up again');
    expect(region.seqs(hub.store.historyId())).toEqual(range(1, hub.store.lastSeq()));
  });
});
