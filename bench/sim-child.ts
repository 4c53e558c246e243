/**
 * The hall simulator's devices (clerks' terminals, kiosks, the admin) in a process of their own,
 * for the hall-day bench (bench/lib/sim-load.ts): in a hall they are other machines, and in the
 * bench's own process their work (every batch applied to a dozen mirrors) would delay the
 * displays' arrival times and the clerks' acknowledgements there, in the hub's phase only.
 *
 * Started with IPC by `runSimulationChild`; gets its options as JSON in argv[2], and sends:
 * `{ type: 'log', line }`, `{ type: 'call', ticketId, sentAt, ackedAt }` (the monotonic clock
 * shared by every process on the machine, `process.hrtime`, in ms), then
 * `{ type: 'done', summary, cpuMs }` (this process's CPU time so far) or `{ type: 'error', message }`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runSimulation, type SimulationOptions } from '../tools/simulate/driver.js';

export type SimChildOptions = Omit<SimulationOptions, 'log' | 'onCall' | 'signal'>;

export type SimChildMessage =
  | { type: 'log'; line: string }
  | { type: 'call'; ticketId: string; sentAt: number; ackedAt: number }
  | {
      type: 'done';
      summary: Awaited<ReturnType<typeof runSimulation>>;
      cpuMs: number;
      /** This process's event-loop delay from the start of the hall time: p99 and max, ms. */
      loop: { p99: number; max: number };
    }
  | { type: 'error'; message: string };

/** `performance.now()` and `process.hrtime` run on the same clock: one offset between them. */
const OFFSET = Number(process.hrtime.bigint()) / 1e6 - performance.now();

/** This process's `performance.now()` on the machine's monotonic clock, in ms. */
function monotonic(at: number): number {
  return at + OFFSET;
}

function send(message: SimChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimChildOptions;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  try {
    const summary = await runSimulation({
      ...options,
      log: (line) => {
        if (line.startsWith('hall time')) loop.enable();
        send({ type: 'log', line });
      },
      onCall: (ticketId, sentAt, ackedAt) =>
        send({ type: 'call', ticketId, sentAt: monotonic(sentAt), ackedAt: monotonic(ackedAt) }),
    });
    const cpu = process.cpuUsage();
    loop.disable();
    send({
      type: 'done',
      summary,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loop: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    });
  } catch (err) {
    send({
      type: 'error',
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  }
  process.disconnect?.();
}

void main();
