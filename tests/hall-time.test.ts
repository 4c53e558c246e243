import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '@onestop/shared/client';
import { scaledClock } from '@onestop/hub';
import { DemoHub } from '../tools/simulate/hub-process.js';
import { ensureBuilt } from './support/build.js';
import { HubTestHall, waitFor } from './support/hall.js';

/*
 * Pages show the hall's time, not their machine's: the hub tells every client its clock at the
 * sync (`clock: { now, speed }`), and `HubClient.hallNow()` runs it on. Against a hub whose
 * clock runs 60 times as fast and in another year (the simulator's), and against the real CLI.
 */

const HALL_START = Date.UTC(2031, 4, 6, 1, 0); // Tuesday 6 May 2031, 09:00 in Shanghai

describe('a client of a hub with a fast clock', () => {
  /** One real clock for the hub's scaled clock and the client, moved by the test. */
  let real = Date.UTC(2026, 10, 27, 3, 0);
  let hall: HubTestHall;

  beforeAll(async () => {
    const realNow = () => real;
    hall = await HubTestHall.start({
      now: scaledClock({ speed: 60, startAt: HALL_START, realNow }),
      clockSpeed: 60,
    });
  });
  afterAll(async () => {
    await hall?.close();
  });

  it('sees the hall’s time, running at the hall’s speed', async () => {
    const display = await hall.client('display', await hall.pair('display'), {
      now: () => real,
    });
    expect(display.connection).toBe('online');
    expect(display.clockKnown).toBe(true);
    expect(display.clockSpeed).toBe(60);
    // The real clock stood still during the sync: the hub's time exactly.
    expect(display.hallNow()).toBe(HALL_START);
    expect(display.hallNow()).toBe(hall.hub.now());
    real += 10_000; // ten real seconds: ten hall minutes
    expect(display.hallNow()).toBe(HALL_START + 10 * 60_000);
    expect(display.hallNow()).toBe(hall.hub.now());
    // Its business day is the hall's, not the machine's.
    expect(new Date(display.hallNow()).getUTCFullYear()).toBe(2031);
  });

  it('goes by its own clock until the first sync', () => {
    const client = new HubClient({
      url: 'http://127.0.0.1:9',
      role: 'display',
      token: 'never-used',
      now: () => real,
    });
    try {
      expect(client.hallNow()).toBe(real);
      expect(client.clockKnown).toBe(false);
      expect(client.clockSpeed).toBe(1);
    } finally {
      client.close();
    }
  });
});

describe('a client of `onestop-hub --demo --clock-speed 60 --clock-start 2031-05-06T09:00+08:00`', () => {
  let dir = '';
  let hub: DemoHub | null = null;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'onestop-hall-time-'));
    hub = await DemoHub.start({
      dbPath: join(dir, 'hall.sqlite'),
      host: '127.0.0.1',
      port: 0,
      speed: 60,
      clockStart: HALL_START,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is told the hall’s clock and speed at its sync', async () => {
    const link = hub?.pages.find((p) => p.url.includes('/display'))?.url ?? '';
    const code = new URL(link).searchParams.get('pair') ?? '';
    const paired = await fetch(`${hub?.url ?? ''}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(paired.status).toBe(200);
    const { token } = (await paired.json()) as { token: string };
    const display = new HubClient({ url: hub?.url ?? '', role: 'display', token });
    try {
      await waitFor(() => display.connection === 'online', 10_000, 'the display online');
      expect(display.clockSpeed).toBe(60);
      // Hall time, not the machine's: the demo's day in 2031, since its clock started.
      const now = display.hallNow();
      expect(now).toBeGreaterThanOrEqual(HALL_START);
      expect(new Date(now).getUTCFullYear()).toBe(2031);
      expect(display.state?.day?.businessDay).toBe('2031-05-06');
    } finally {
      display.close();
    }
  });
});
