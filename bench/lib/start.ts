import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashPin } from '@onestop/hub';
import { DEMO_HALL, DEMO_STAFF, Hub, ISSUE_SERVICES, WINDOWS } from './hall.js';
import { BareNodeChild, HubChild } from './hub-child.js';
import { HUB_CLI, HUB_CLI_UNBUNDLED } from './paths.js';
import { median } from './util.js';

export interface StartOptions {
  dir: string;
  tickets: number;
  repeats: number;
  log: (line: string) => void;
}

export interface StartResult {
  /** Spawn → first /api/health answer on a new database (the first start seeds the PINs). */
  emptyMs: number[];
  /** The same on a database that has the PINs set but no events: the first start less the PINs. */
  seededMs: number[];
  /** The same on a database whose current day holds `tickets` tickets issued, called, served. */
  busyMs: number[];
  /** Hub.open in this process on that database: store checks + replay of the day's events. */
  openMs: number[];
  /** A bare `node -e` HTTP server: spawn → first answer. Node's own floor. */
  bareNodeMs: number[];
  /** The three starts above with the unbundled command (dist/cli.js), in turns with the bundle. */
  unbundled: { emptyMs: number[]; seededMs: number[]; busyMs: number[] };
  /**
   * The CPU (user + system) each child had used by its first answer: what a start costs, which
   * a busy machine stretches in wall time but does not change.
   */
  cpu: {
    bareNodeMs: number[];
    bundle: { emptyMs: number[]; seededMs: number[]; busyMs: number[] };
    unbundled: { emptyMs: number[]; seededMs: number[]; busyMs: number[] };
  };
  busyDay: { tickets: number; events: number; dbMb: number };
}

/**
 * Makes a busy day the way the hub makes one: kiosk issues and window calls through Hub.execute,
 * every command its own transaction. Written on tmpfs when there is one (the hub's commits are
 * synchronous=FULL, and thousands of fsyncs would only measure the disk), then copied next to the
 * other files, so the starts below read it from the same disk as everything else.
 */
async function makeBusyDay(target: string, tickets: number): Promise<{ events: number }> {
  const scratchDir = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/onestop-bench-') : null;
  const path = scratchDir ? join(scratchDir, 'busy.sqlite') : target;
  const hub = Hub.open({ dbPath: path, config: DEMO_HALL });
  try {
    for (const s of DEMO_STAFF) hub.store.setPinHash(s.code, await hashPin(s.pin));
    hub.rollDay();
    const kiosk = { kind: 'device', deviceId: 'bench-kiosk', deviceKind: 'kiosk' } as const;
    for (let i = 0; i < tickets; i++) {
      const issued = hub.execute(kiosk, 'device:bench-kiosk', randomUUID(), {
        type: 'issue_ticket',
        itinerary: [{ serviceIds: [ISSUE_SERVICES[i % ISSUE_SERVICES.length] ?? 'tax'] }],
        class: i % 10 === 0 ? 'priority' : 'normal',
        appointment: null,
        accessToken: randomUUID(),
      });
      if (!issued.ok) throw new Error(`busy day: issue failed: ${issued.error.code}`);
    }
    const open = new Set<string>();
    for (const { windowId, staffCode } of WINDOWS) {
      const actor = { kind: 'staff', staffCode, deviceId: `bench-${windowId}` } as const;
      const key = `device:bench-${windowId}`;
      const opened = hub.execute(actor, key, randomUUID(), {
        type: 'open_window',
        windowId,
        staffCode,
      });
      if (!opened.ok) throw new Error(`busy day: open_window failed: ${opened.error.code}`);
      open.add(windowId);
    }
    // Every window calls, serves and finishes in turn until no queue has anyone left.
    while (open.size > 0) {
      for (const { windowId, staffCode } of WINDOWS) {
        if (!open.has(windowId)) continue;
        const actor = { kind: 'staff', staffCode, deviceId: `bench-${windowId}` } as const;
        const key = `device:bench-${windowId}`;
        const called = hub.execute(actor, key, randomUUID(), { type: 'call_next', windowId });
        if (!called.ok) {
          if (called.error.code !== 'queue_empty')
            throw new Error(`busy day: ${called.error.code}`);
          open.delete(windowId);
          continue;
        }
        for (const type of ['start_serving', 'finish'] as const) {
          const done = hub.execute(actor, key, randomUUID(), { type, windowId });
          if (!done.ok) throw new Error(`busy day: ${type} failed: ${done.error.code}`);
        }
      }
    }
    const events = hub.store.currentDayEvents().length;
    hub.store.checkpoint();
    return { events };
  } finally {
    hub.close();
    if (scratchDir) {
      copyFileSync(path, target);
      rmSync(scratchDir, { recursive: true, force: true });
    }
  }
}

export async function measureStart(options: StartOptions): Promise<StartResult> {
  const { dir, log } = options;
  const busyPath = join(dir, 'busy-day.sqlite');
  log(`  making a busy day: ${options.tickets} tickets issued, called, served and finished`);
  const { events } = await makeBusyDay(busyPath, options.tickets);

  // A database as the first start leaves it, but without the events: config and PINs only.
  const seededPath = join(dir, 'seeded.sqlite');
  const seeded = Hub.open({ dbPath: seededPath, config: DEMO_HALL });
  for (const s of DEMO_STAFF) seeded.store.setPinHash(s.code, await hashPin(s.pin));
  seeded.close();

  const emptyMs: number[] = [];
  const seededMs: number[] = [];
  const busyMs: number[] = [];
  const openMs: number[] = [];
  const bareNodeMs: number[] = [];
  const unbundled: StartResult['unbundled'] = { emptyMs: [], seededMs: [], busyMs: [] };
  const cpu: StartResult['cpu'] = {
    bareNodeMs: [],
    bundle: { emptyMs: [], seededMs: [], busyMs: [] },
    unbundled: { emptyMs: [], seededMs: [], busyMs: [] },
  };
  /** Starts, takes the time to the first answer and the CPU the child used by then, stops. */
  const take = async (
    child: Promise<HubChild | BareNodeChild>,
    wall: number[],
    cpuMs: number[],
  ): Promise<void> => {
    const started = await child;
    cpuMs.push(started.cpuMs());
    wall.push(started.startMs);
    await started.stop();
  };
  for (let r = 0; r < options.repeats; r++) {
    await take(BareNodeChild.start(), bareNodeMs, cpu.bareNodeMs);
    // The bundle (what `onestop-hub` runs) and the unbundled dist/cli.js in turns.
    for (const [cli, wall, cpuMs, tag] of [
      [HUB_CLI, { emptyMs, seededMs, busyMs }, cpu.bundle, ''],
      [HUB_CLI_UNBUNDLED, unbundled, cpu.unbundled, '-unbundled'],
    ] as const) {
      const emptyPath = join(dir, `empty${tag}-${r}.sqlite`);
      await take(HubChild.start({ dbPath: emptyPath, cli }), wall.emptyMs, cpuMs.emptyMs);
      await take(HubChild.start({ dbPath: seededPath, cli }), wall.seededMs, cpuMs.seededMs);
      await take(HubChild.start({ dbPath: busyPath, cli }), wall.busyMs, cpuMs.busyMs);
    }

    const t0 = performance.now();
    const hub = Hub.open({ dbPath: busyPath });
    openMs.push(performance.now() - t0);
    const replayed = hub.current.tickets.size;
    hub.close();
    if (replayed < options.tickets) {
      throw new Error(
        `Hub.open replayed ${replayed} tickets, not ${options.tickets}: another business day?`,
      );
    }
  }
  log(
    `    start: bare node ${Math.round(median(bareNodeMs))} ms, empty ${Math.round(median(emptyMs))} ms, PINs set ${Math.round(median(seededMs))} ms, busy ${Math.round(median(busyMs))} ms, Hub.open ${Math.round(median(openMs))} ms; unbundled: empty ${Math.round(median(unbundled.emptyMs))} ms, PINs set ${Math.round(median(unbundled.seededMs))} ms, busy ${Math.round(median(unbundled.busyMs))} ms`,
  );
  return {
    emptyMs,
    seededMs,
    busyMs,
    openMs,
    bareNodeMs,
    unbundled,
    cpu,
    busyDay: {
      tickets: options.tickets,
      events,
      dbMb: Math.round(statSync(busyPath).size / 104857.6) / 10,
    },
  };
}
