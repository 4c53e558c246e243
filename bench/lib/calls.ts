import type { HubClient } from '@onestop/shared/client';
import { io, type Socket } from 'socket.io-client';
import type { BareBatch, OnCall } from './displays.js';
import { percentile, sleep } from './util.js';

/** One window's call cycle: call (the timed part), then serve and finish, as a clerk does. */
export interface Caller {
  /** Returns the call's key and when the call was emitted, or the reason it failed. */
  cycle(): Promise<{ key: string; t0: number } | { error: string }>;
  close(): void;
}

/** A window terminal of the hub: call_next → start_serving → finish, each acknowledged. */
export function hubCaller(window: HubClient<'window'>): Caller {
  return {
    async cycle() {
      const t0 = performance.now();
      const called = await window.command('call_next', {});
      if (!called.ok) return { error: called.error.code };
      const key = called.result.ticket?.id;
      if (!key) return { error: 'no_ticket' };
      const started = await window.command('start_serving', {});
      if (!started.ok) return { error: started.error.code };
      const finished = await window.command('finish', {});
      if (!finished.ok) return { error: finished.error.code };
      return { key, t0 };
    },
    close: () => window.close(),
  };
}

interface RelayEmits {
  relay: (batch: BareBatch, ack: (answer: { ok: true }) => void) => void;
}

/** Sizes (JSON bytes) of the three batches of a call cycle, as the hub's displays got them. */
export interface CycleSizes {
  called: number;
  started: number;
  finished: number;
}

/**
 * A window of the relay: the same three messages per cycle, each acknowledged, each a batch as
 * large as the hub's display batch for that step, broadcast by the relay to every display.
 */
export async function relayCaller(url: string, name: string, sizes: CycleSizes): Promise<Caller> {
  const socket: Socket<Record<string, never>, RelayEmits> = io(`${url}/window`, {
    transports: ['websocket'],
    forceNew: true,
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let seq = 0;
  let n = 0;
  const batch = (type: string, key: string, size: number): BareBatch => {
    seq++;
    const event = { type, ticketId: key, windowId: name, seq, pad: '' };
    event.pad = 'x'.repeat(
      Math.max(0, size - JSON.stringify({ from: seq, to: seq, events: [event] }).length),
    );
    return { from: seq, to: seq, events: [event] };
  };
  const send = (b: BareBatch): Promise<void> =>
    new Promise((resolve, reject) => {
      socket.timeout(15_000).emit('relay', b, (err) => (err ? reject(err) : resolve()));
    });
  return {
    async cycle() {
      const key = `${name}-${++n}`;
      const called = batch('ticket_called', key, sizes.called);
      const t0 = performance.now();
      await send(called);
      await send(batch('service_started', key, sizes.started));
      await send(batch('service_finished', key, sizes.finished));
      return { key, t0 };
    },
    close: () => socket.disconnect(),
  };
}

export interface LatencyResult {
  calls: number;
  displays: number;
  samples: number;
  /** Arrivals that never came (a display that missed a call). */
  missing: number;
  errors: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Calls per second actually made. */
  rate: number;
  /** Share of a core the server process and this process used during the run. */
  serverCpu: number;
  benchCpu: number;
  segments: number;
}

/** One stretch of calls: raw figures, merged by `summarize`. */
export interface Segment {
  calls: number;
  displays: number;
  latencies: number[];
  missing: number;
  errors: Record<string, number>;
  seconds: number;
  serverCpuMs: number;
  benchCpuMs: number;
}

/**
 * Drives `callers` at `rate` calls per second in all for `seconds` (each window in turn, an open
 * schedule: a late cycle does not push the others back) and measures, for every call and every
 * display, arrival − the moment the window emitted the call.
 */
export async function runSegment(options: {
  callers: Caller[];
  displays: number;
  rate: number;
  seconds: number;
  serverCpuMs: () => number;
  /** Sets the OnCall the displays report to, for this segment. */
  listen: (onCall: OnCall) => void;
}): Promise<Segment> {
  const { callers, rate } = options;
  const total = Math.max(callers.length, Math.round(rate * options.seconds));
  const arrivals = new Map<string, number[]>();
  options.listen((key, at) => {
    const list = arrivals.get(key);
    if (list) list.push(at);
    else arrivals.set(key, [at]);
  });
  const sent = new Map<string, number>();
  const errors: Record<string, number> = {};
  const start = performance.now() + 200;
  const server0 = options.serverCpuMs();
  const bench0 = process.cpuUsage();
  await Promise.all(
    callers.map(async (caller, w) => {
      for (let i = w; i < total; i += callers.length) {
        await sleep(start + (i * 1000) / rate - performance.now());
        const outcome = await caller.cycle();
        if ('error' in outcome) errors[outcome.error] = (errors[outcome.error] ?? 0) + 1;
        else sent.set(outcome.key, outcome.t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  // Let the last broadcasts arrive.
  const deadline = performance.now() + 10_000;
  const complete = (): boolean =>
    [...sent.keys()].every((key) => (arrivals.get(key)?.length ?? 0) >= options.displays);
  while (!complete() && performance.now() < deadline) await sleep(20);
  const serverCpuMs = options.serverCpuMs() - server0;
  const bench = process.cpuUsage(bench0);
  options.listen(() => {});

  const latencies: number[] = [];
  let missing = 0;
  for (const [key, t0] of sent) {
    const list = arrivals.get(key) ?? [];
    for (const at of list) latencies.push(at - t0);
    missing += Math.max(0, options.displays - list.length);
  }
  return {
    calls: sent.size,
    displays: options.displays,
    latencies,
    missing,
    errors,
    seconds,
    serverCpuMs,
    benchCpuMs: (bench.user + bench.system) / 1000,
  };
}

/** The percentiles over every sample of every segment. */
export function summarize(segments: Segment[]): LatencyResult {
  const latencies = segments.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const sum = (f: (s: Segment) => number): number => segments.reduce((n, s) => n + f(s), 0);
  const errors: Record<string, number> = {};
  for (const s of segments) {
    for (const [code, n] of Object.entries(s.errors)) errors[code] = (errors[code] ?? 0) + n;
  }
  const seconds = sum((s) => s.seconds);
  return {
    calls: sum((s) => s.calls),
    displays: segments[0]?.displays ?? 0,
    samples: latencies.length,
    missing: sum((s) => s.missing),
    errors,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    rate: sum((s) => s.calls) / seconds,
    serverCpu: sum((s) => s.serverCpuMs) / 1000 / seconds,
    benchCpu: sum((s) => s.benchCpuMs) / 1000 / seconds,
    segments: segments.length,
  };
}
