import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketStatus } from '@onestop/shared';
import { businessDayOf } from '@onestop/shared';
import { DEMO_HALL, DEMO_STAFF, Store } from '@onestop/hub';
import { checkLog } from '../tools/simulate/check.js';
import { zonedTime } from '../tools/simulate/clock.js';
import { runSimulation, type SimulationSummary } from '../tools/simulate/driver.js';
import { DemoHub } from '../tools/simulate/hub-process.js';
import { DEFAULT_PROFILE, hhmm } from '../tools/simulate/model.js';
import { ensureBuilt } from './support/build.js';

/*
 * A slice of a simulated day (09:30–10:00 at 600x) against the demo hub in its own process, over
 * the real protocol; then the hub's own log, read from its database, is checked on its own.
 */
const SPEED = 600;
const ENDED: TicketStatus[] = ['done', 'no_show', 'cancelled', 'expired', 'waiting', 'parked'];

describe('the hall simulator against a demo hub', () => {
  let dir = '';
  let dbPath = '';
  let hub: DemoHub | null = null;
  let summary: SimulationSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'onestop-sim-test-'));
    dbPath = join(dir, 'hall.sqlite');
    const tz = DEMO_HALL.hall.timezone;
    const day = businessDayOf(Date.now(), tz);
    hub = await DemoHub.start({
      dbPath,
      host: '127.0.0.1',
      port: 0,
      speed: SPEED,
      // 40 hall minutes (4 real seconds) for the devices and the clerks’ logins.
      clockStart: zonedTime(day, hhmm('08:50'), tz),
    });
    summary = await runSimulation({
      url: hub.url,
      admin: { staffCode: 'ADMIN', pin: '8642' },
      clerks: DEMO_HALL.windows.map((w, i) => {
        const staff = DEMO_STAFF[i];
        return { windowId: w.id, staffCode: staff?.code ?? '', pin: staff?.pin ?? '' };
      }),
      speed: SPEED,
      profile: DEFAULT_PROFILE,
      from: hhmm('09:30'),
      until: hhmm('10:00'),
      closeDay: false,
      seed: 3,
      kiosks: 2,
      log: (line) => lines.push(line),
      progressEvery: 0,
    });
    await hub.stop();
  }, 90_000);

  afterAll(async () => {
    await hub?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('issues, calls, serves and rates over the protocol', () => {
    expect(summary.issued).toBeGreaterThan(10);
    expect(summary.issued).toBe(summary.visitorsPlanned);
    expect(summary.calls).toBeGreaterThan(5);
    expect(summary.served).toBeGreaterThan(0);
    expect(summary.ratings).toBeGreaterThan(0);
    // Nothing failed that a hall would notice (refusals like queue_empty are the clerks' polls).
    const failures = Object.keys(summary.errors).filter((e) =>
      /timeout|internal|store_failed|unauthorized|invalid_message|rate_limited/.test(e),
    );
    expect(failures).toEqual([]);
  });

  it('leaves a consistent log: each ticket issued once, called only while waiting, ended or waiting', () => {
    const store = Store.open(dbPath);
    try {
      const events = store.eventsAfter(0, 1_000_000);
      const check = checkLog(events);
      expect(check.problems).toEqual([]);
      expect(check.issued).toBe(summary.issued);
      expect(check.calls).toBe(summary.calls);
      for (const status of Object.keys(check.byStatus)) expect(ENDED).toContain(status);
      expect(check.byStatus.done ?? 0).toBe(summary.byStatus.done ?? 0);
      expect(check.byStatus.no_show ?? 0).toBe(summary.byStatus.no_show ?? 0);
      expect(events.filter((e) => e.type === 'rating_recorded')).toHaveLength(summary.ratings);
      // Every call named a ticket that had been issued and was not called twice without a requeue.
      const calledTwice = new Set<string>();
      const open = new Set<string>();
      for (const e of events) {
        if (e.type === 'ticket_called') {
          if (open.has(e.ticketId)) calledTwice.add(e.ticketId);
          open.add(e.ticketId);
        } else if ('ticketId' in e && e.type !== 'ticket_recalled' && e.type !== 'service_started')
          open.delete(e.ticketId);
      }
      expect([...calledTwice]).toEqual([]);
    } finally {
      store.close();
    }
  });
});
