import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { Worker } from 'node:worker_threads';
import { PROTOCOL_VERSION, type EndNotice, type SyncResult } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import {
  createDevice,
  MAX_CATCHUP_EVENTS,
  RATE_PER_S,
  SYNC_COST_BURST,
  SYNC_COST_PER_S,
} from '@onestop/hub';
import { HubTestHall, waitFor } from './support/hall.js';
import { codeOf, connectRole, emitAck } from './support/hostile-sockets.js';

/*
 * A paired device that behaves as badly as the rate limit lets it: `sync` far back, as often as
 * allowed, from more than one connection. The hall goes on as usual meanwhile: the work a device
 * causes is bounded by what its syncs cost, a device has one live connection, and every message
 * is checked against the device's credentials before anything is answered.
 */

let hall: HubTestHall;
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  hall.server.http.closeAllConnections();
  await hall.close();
});

async function connect(role: 'display' | 'kiosk', token: string): Promise<Socket> {
  const socket = await connectRole(hall.url, role, token);
  sockets.push(socket);
  return socket;
}

/** Tickets issued through the hub directly (group-committed), one event each: a long day. */
async function issueDirectly(n: number): Promise<void> {
  const services = ['biz-open', 'biz-change', 'social', 'hukou', 'tax', 'invoice', 'fund'];
  for (let i = 0; i < n; i += 200) {
    const outcomes = await Promise.all(
      Array.from({ length: Math.min(200, n - i) }, (_, j) =>
        hall.hub.submit({ kind: 'system' }, 'test', null, {
          type: 'issue_ticket',
          itinerary: [{ serviceIds: [services[(i + j) % services.length] ?? 'tax'] }],
          class: 'normal',
          appointment: null,
          accessToken: `t${i + j}`,
        }),
      ),
    );
    for (const outcome of outcomes) {
      if (!outcome.ok) throw new Error(outcome.error.code);
      hall.hub.publish(outcome.events);
    }
  }
}

/** The `ended` notice a socket gets before the hub disconnects it, with the disconnect reason. */
function endOf(socket: Socket): Promise<{ notice: EndNotice | null; reason: string }> {
  let notice: EndNotice | null = null;
  socket.on('ended', (n: EndNotice) => {
    notice = n;
  });
  return new Promise((resolve) => {
    socket.once('disconnect', (reason) => resolve({ notice, reason }));
  });
}

const sync = (socket: Socket, lastSeq: number) =>
  emitAck(socket, 'sync', [{ lastSeq }], 10_000) as Promise<SyncResult | 'no_ack'>;

/** The size of a sync answer: events, or tickets of a snapshot; -1 for a refusal. */
const sizeOf = (answer: SyncResult | 'no_ack'): number => {
  if (answer === 'no_ack' || !answer.ok) return -1;
  return answer.result.kind === 'events'
    ? answer.result.batch.events.length
    : answer.result.snapshot.tickets.length;
};

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

interface Latencies {
  issue: number[];
  window: number[];
  health: number[];
}

/** The hall at work: a kiosk issues, a window calls and finishes, someone asks /api/health. */
async function hallAtWork(
  kiosk: HubClient<'kiosk'>,
  window: HubClient<'window'>,
  rounds: number,
): Promise<Latencies> {
  const samples: Latencies = { issue: [], window: [], health: [] };
  const timed = async <T>(into: number[], run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await run();
    into.push(performance.now() - t0);
    return result;
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await Promise.all([
    (async () => {
      for (let i = 0; i < rounds * 3; i++) {
        const ack = await timed(samples.issue, () =>
          kiosk.command('issue_ticket', {
            itinerary: [{ serviceIds: ['biz-open'] }],
            class: 'normal',
          }),
        );
        expect(ack.ok).toBe(true);
        await pause(15);
      }
    })(),
    (async () => {
      for (let i = 0; i < rounds; i++) {
        for (const command of ['call_next', 'start_serving', 'finish'] as const) {
          const ack = await timed(samples.window, () => window.command(command, {}));
          expect([command, ack.ok]).toEqual([command, true]);
        }
        await pause(15);
      }
    })(),
    (async () => {
      for (let i = 0; i < rounds * 3; i++) {
        const res = await timed(samples.health, () => fetch(`${hall.url}/api/health`));
        expect(res.status).toBe(200);
        await pause(15);
      }
    })(),
  ]);
  return samples;
}

const kinds = (l: Latencies): number[][] => [l.issue, l.window, l.health];
const p99 = (l: Latencies) => Math.max(...kinds(l).map((s) => percentile(s, 99)));
const medians = (l: Latencies) =>
  kinds(l)
    .map((s) => Math.round(percentile(s, 50)))
    .join('/');

describe('a hostile display within the rate limit', () => {
  it('cannot slow the hall: a kiosk and a window keep their latency while it syncs 2000 back 100 times a second', async () => {
    hall = await HubTestHall.start();
    await issueDirectly(MAX_CATCHUP_EVENTS + 200);
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const window = await hall.openWindow('w1', 'C01');
    const hostileToken = await hall.pair('display');

    // The same work without the hostile device: what this machine manages right now.
    const ROUNDS = 80;
    const baseline = await hallAtWork(kiosk, window, ROUNDS);

    // The hostile display, in a worker thread: a sync 1999 events back (the deepest catch-up,
    // not a snapshot) at the limiter's refill rate, and a new connection every second too.
    interface Report {
      done: boolean;
      counts: { sent: number; deep: number; refused: number; other: number };
      seconds?: number;
      error?: string;
    }
    let report: Report = { done: false, counts: { sent: 0, deep: 0, refused: 0, other: 0 } };
    const worker = new Worker(new URL('./support/hostile-sync-worker.mjs', import.meta.url), {
      workerData: {
        url: hall.url,
        token: hostileToken,
        protocolVersion: PROTOCOL_VERSION,
        perS: RATE_PER_S,
        depth: MAX_CATCHUP_EVENTS - 1,
        deepOver: MAX_CATCHUP_EVENTS / 2,
        last: hall.hub.store.lastSeq(),
      },
    });
    worker.on('message', (m: Report) => {
      report = m;
    });
    let loaded: Latencies;
    try {
      // Measured once the device has spent its burst (what any display reconnecting may take):
      // from then on it does its worst for as long as it likes.
      for (const until = Date.now() + 5_000; report.counts.refused === 0 && Date.now() < until;)
        await new Promise((r) => setTimeout(r, 10));
      loaded = await hallAtWork(kiosk, window, ROUNDS);
      worker.postMessage('stop');
      await waitFor(() => report.done, 60_000, 'the hostile device to stop');
    } finally {
      await worker.terminate();
    }
    const { counts: answers, seconds = 0 } = report;
    const { sent } = answers;
    expect(report.error).toBeUndefined();
    console.log(
      `hostile sync: ${sent} syncs in ${seconds.toFixed(1)} s (${answers.deep} deep answers, ` +
        `${answers.refused} refused, ${answers.other} other); p99 of issue/window/health ms: ` +
        `${Math.round(p99(baseline))} without, ${Math.round(p99(loaded))} with it; medians ` +
        `${medians(baseline)} without, ${medians(loaded)} with it`,
    );
    // The hostile load was the one described, or more.
    expect(sent / seconds).toBeGreaterThan(RATE_PER_S * 0.8);
    // The structural bound: the deep catch-ups served are what the device's budget pays for.
    const cost = MAX_CATCHUP_EVENTS - 1;
    expect(answers.deep).toBeGreaterThan(0);
    expect(answers.deep).toBeLessThanOrEqual(
      Math.floor(SYNC_COST_BURST / cost) + Math.ceil((seconds * SYNC_COST_PER_S) / cost),
    );
    expect(answers.refused).toBeGreaterThan(sent / 2);
    // The latency the hall sees: p99 under 100 ms (240 samples of each kind). On a machine so
    // loaded that the hall alone needs more (the shared 2-core test machine), under 4 times what
    // it needs alone: the freeze this guards against held every command for seconds.
    expect(kinds(loaded).flat().length).toBe(ROUNDS * 9);
    expect(p99(loaded)).toBeLessThan(Math.max(100, 4 * p99(baseline)));
  }, 180_000);

  it('serves an up-to-date sync always, and a deep one only as its budget allows, across reconnects', async () => {
    hall = await HubTestHall.start();
    await issueDirectly(MAX_CATCHUP_EVENTS + 10);
    const token = await hall.pair('display');
    const last = hall.hub.store.lastSeq();
    const deep = last - (MAX_CATCHUP_EVENTS - 1);
    const burst = Math.floor(SYNC_COST_BURST / (MAX_CATCHUP_EVENTS - 1));
    let socket = await connect('display', token);
    const sizes: number[] = [];
    for (let i = 0; i < burst + 3; i++) sizes.push(sizeOf(await sync(socket, deep)));
    // A fresh connection of the same device does not get a fresh budget.
    socket = await connect('display', token);
    sizes.push(sizeOf(await sync(socket, deep)));
    sizes.push(sizeOf(await sync(socket, 0))); // a snapshot of 2000 tickets is no cheaper
    expect(sizes).toEqual([
      ...Array<number>(burst).fill(MAX_CATCHUP_EVENTS - 1),
      ...Array<number>(5).fill(-1),
    ]);
    const refused = await sync(socket, deep);
    expect(refused !== 'no_ack' && !refused.ok && refused.error).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/costs too much/) as string,
    });
    // Up to date costs nothing: always answered, as often as the message limit allows.
    for (let i = 0; i < 50; i++) expect(sizeOf(await sync(socket, last))).toBe(0);
    // Another device has its own budget.
    const other = await connect('display', await hall.pair('display'));
    expect(sizeOf(await sync(other, deep))).toBe(MAX_CATCHUP_EVENTS - 1);
  });
});

describe('one live connection per paired device', () => {
  it('tells the older connection it was replaced and disconnects it; the newer one works', async () => {
    hall = await HubTestHall.start();
    const token = await hall.pair('kiosk');
    const older = await connect('kiosk', token);
    const ended = endOf(older);
    const newer = await connect('kiosk', token);
    expect(await ended).toEqual({
      notice: { code: 'replaced', message: expect.stringMatching(/newer connection/) as string },
      reason: 'io server disconnect',
    });
    expect(codeOf(await sync(newer, 0))).toBe('OK');
    // Another device's connection is left alone.
    const neighbour = await connect('kiosk', await hall.pair('kiosk'));
    expect(codeOf(await sync(neighbour, 0))).toBe('OK');
    expect(newer.connected).toBe(true);
  });

  it('lets a replaced client stop for good and say so, so two tabs of one device do not fight', async () => {
    hall = await HubTestHall.start();
    const token = await hall.pair('display');
    const first = await hall.client('display', token);
    const states: string[] = [];
    first.onConnection((c) => states.push(c));
    const second = await hall.client('display', token);
    await waitFor(() => first.connection === 'refused', 5_000, 'the first tab to be replaced');
    expect(first.refusal).toBe('replaced');
    // No reconnecting: after a while the second tab is still the one connected.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(states).toEqual(['refused']);
    expect(second.connection).toBe('online');
    expect(first.connection).toBe('refused');
    expect(await first.command('device_status', { state: 'ok', detail: '' })).toEqual({
      ok: false,
      error: { code: 'replaced', message: expect.stringMatching(/replaced/) as string },
    });
    expect(await second.command('device_status', { state: 'ok', detail: '' })).toEqual({
      ok: true,
      result: {},
    });
  });
});

describe('credentials checked before anything is answered', () => {
  it('answers no sync on the open socket of an unpaired device, and ends it', async () => {
    hall = await HubTestHall.start();
    const token = await hall.pair('display');
    const socket = await connect('display', token);
    expect(codeOf(await sync(socket, 0))).toBe('OK');
    const device = hall.hub.store.listDevices().find((d) => d.kind === 'display');
    hall.hub.store.revokeDevice(device?.id ?? '', hall.hub.now());
    const ended = endOf(socket);
    expect(codeOf(await sync(socket, 0))).toBe('unauthorized');
    expect(await ended).toEqual({
      notice: { code: 'unauthorized', message: expect.any(String) as string },
      reason: 'io server disconnect',
    });
  });

  it('ends the open socket of a device paired again (its old token is dead) at the next batch', async () => {
    hall = await HubTestHall.start();
    const token = await hall.pair('display');
    const socket = await connect('display', token);
    const batches: unknown[] = [];
    socket.on('batch', (b: unknown) => batches.push(b));
    const device = hall.hub.store.listDevices().find((d) => d.kind === 'display');
    // Paired again (another machine took its place): the token this socket came with is gone.
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'display', name: 'display', windowId: null },
      hall.hub.now(),
      device?.id,
    );
    expect((await hall.post('/api/pair', { code: pairingCode })).status).toBe(200);
    const ended = endOf(socket);
    await issueDirectly(1);
    expect(await ended).toEqual({
      notice: { code: 'unauthorized', message: expect.any(String) as string },
      reason: 'io server disconnect',
    });
    expect(batches).toEqual([]);
  });
});
