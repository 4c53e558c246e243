/**
 * The checkpoint's cost to the event loop (bench/README.md, "The checkpoint worker"): a hub in
 * this process takes issues from 16 closed-loop kiosks (`Hub.submit`, the group commit, the
 * default durability) for a few seconds, once with `--checkpoint inline` (SQLite checkpoints
 * inside the commit that passes 1,000 WAL pages) and once with `worker`, in turns, each on a new
 * file; `monitorEventLoopDelay` gives how long the event loop was held. Prints only.
 *
 *   npx tsx bench/checkpoint-delay.ts [--rounds 3] [--seconds 4] [--kiosks 16]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CHECKPOINT_MODES, DEMO_HALL, Hub, type CheckpointMode } from '@onestop/hub';
import { ISSUE_SERVICES } from './lib/hall.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '4' },
    kiosks: { type: 'string', default: '16' },
  },
});

interface Figures {
  issues: number;
  seconds: number;
  /** The group commits (`Hub.flush`, on the event loop): the slowest, and those over 20 ms. */
  flushMaxMs: number;
  flushOver20: number;
  flushes: number;
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  walMb: number;
}

async function run(mode: CheckpointMode, seconds: number, kiosks: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'onestop-checkpoint-'));
  const dbPath = join(dir, 'hall.sqlite');
  const hub = Hub.open({ dbPath, config: DEMO_HALL, checkpoint: mode });
  try {
    hub.rollDay();
    const actor = { kind: 'device', deviceId: 'bench', deviceKind: 'kiosk' } as const;
    let issues = 0;
    const issue = async (): Promise<void> => {
      const outcome = await hub.submit(actor, 'device:bench', randomUUID(), {
        type: 'issue_ticket',
        itinerary: [{ serviceIds: [ISSUE_SERVICES[issues % ISSUE_SERVICES.length] ?? 'biz-open'] }],
        class: 'normal',
        appointment: null,
        accessToken: randomUUID(),
      });
      if (!outcome.ok) throw new Error(`issue failed: ${outcome.error.code}`);
      issues++;
    };
    // Each group commit's time on the event loop; with `inline`, SQLite's checkpoint is inside
    // the one that passes 1,000 WAL pages.
    const flushMs: number[] = [];
    const flush = hub.flush.bind(hub);
    hub.flush = () => {
      const t = performance.now();
      flush();
      flushMs.push(performance.now() - t);
    };
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const start = performance.now();
    const end = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: kiosks }, async () => {
        while (performance.now() < end) await issue();
      }),
    );
    delay.disable();
    const elapsed = (performance.now() - start) / 1000;
    return {
      issues,
      seconds: elapsed,
      flushMaxMs: Math.max(0, ...flushMs),
      flushOver20: flushMs.filter((ms) => ms > 20).length,
      flushes: flushMs.length,
      // The histogram is in nanoseconds; its floor is the 1 ms resolution's timer.
      maxMs: delay.max / 1e6,
      p99Ms: delay.percentile(99) / 1e6,
      meanMs: delay.mean / 1e6,
      walMb: statSync(`${dbPath}-wal`).size / 2 ** 20,
    };
  } finally {
    hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const kiosks = Number(args.kiosks);
const all = new Map<CheckpointMode, Figures[]>(CHECKPOINT_MODES.map((m) => [m, []]));
console.log(
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let r = 0; r < rounds; r++) {
  // In turns, starting with the other one each round.
  const order = r % 2 === 0 ? CHECKPOINT_MODES : [...CHECKPOINT_MODES].reverse();
  for (const mode of order) {
    const f = await run(mode, seconds, kiosks);
    all.get(mode)?.push(f);
    console.log(
      `round ${r + 1} ${mode.padEnd(6)} ${Math.round(f.issues / f.seconds)} issues/s, event-loop delay max ${f.maxMs.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, mean ${f.meanMs.toFixed(2)} ms; group commits ${f.flushes}, slowest ${f.flushMaxMs.toFixed(1)} ms, ${f.flushOver20} over 20 ms; -wal ${f.walMb.toFixed(1)} MB`,
    );
  }
}
for (const [mode, figures] of all) {
  const max = Math.max(...figures.map((f) => f.maxMs));
  const p99 = figures.map((f) => f.p99Ms).sort((a, b) => a - b);
  const flushMax = Math.max(...figures.map((f) => f.flushMaxMs));
  const over = figures.reduce((s, f) => s + f.flushOver20, 0);
  const flushes = figures.reduce((s, f) => s + f.flushes, 0);
  const rate =
    figures.reduce((s, f) => s + f.issues, 0) / figures.reduce((s, f) => s + f.seconds, 0);
  console.log(
    `${mode.padEnd(6)} ${Math.round(rate)} issues/s; event-loop delay max ${max.toFixed(1)} ms, p99 (median of rounds) ${p99[Math.floor(p99.length / 2)]?.toFixed(1)} ms; group commits: slowest ${flushMax.toFixed(1)} ms, ${over} of ${flushes} over 20 ms`,
  );
}
console.log(
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
