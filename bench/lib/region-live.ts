/**
 * The regional console live with many halls streaming (bench/README.md, "Region"): a region
 * server on 127.0.0.1 over the bench's PostgreSQL, `halls` simulated hubs posting their batches
 * over the link (HTTP, bearer tokens) as a busy day commits its events, and one region admin's
 * console reading the live board (`/api/console/live`, server-sent events). Latency = arrival of
 * the first `hall` row of the console showing an event (its `lastEventAt`) − the moment the
 * simulated hub committed it (the event's `at`, taken from the same clock just before it is
 * queued for the link).
 */
import { LINK_PATHS, LinkPairResultSchema, type LinkEvent } from '@onestop/shared';
import {
  Region,
  addAccount,
  buildRegionServer,
  listen,
  migrate,
  type RegionDb,
} from '@onestop/region';
import { percentile } from './util.js';

export interface RegionLiveResult {
  halls: number;
  /** Events committed per second over all halls (mean). */
  eventsPerSecond: number;
  seconds: number;
  /** Events each hall held of its day before the stream began. */
  preloaded: number;
  samples: number;
  /** Events never seen on the console by the end (after a grace period). */
  unseen: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface Stream {
  hallId: string;
  token: string;
  historyId: string;
  afterSeq: number;
  /** The rest of the hall's day, sent live. */
  next: LinkEvent[];
  queue: LinkEvent[];
  sending: boolean;
  /** Commit times not yet seen on the console, oldest first. */
  unseen: number[];
}

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}

/**
 * `halls` halls linked to a region on `db` (migrated, empty of halls), each holding the first
 * `preload` events of the busy `day`, then streaming the rest of it live at
 * `eventsPerHallPerSecond` (exponential gaps) for `seconds`.
 */
export async function measureRegionLive(options: {
  db: RegionDb;
  halls: number;
  /** A hall's busy day (`hallDay`), streamed by each hall under its own history. */
  day: readonly LinkEvent[];
  preload: number;
  eventsPerHallPerSecond: number;
  seconds: number;
  log: (line: string) => void;
}): Promise<RegionLiveResult> {
  const { db, log } = options;
  await migrate(db);
  const region = new Region(db);
  const app = await buildRegionServer({
    region,
    limits: { pairPerMinute: 100_000, linkPerMinute: 1_000_000 },
    console: { loginPerMinute: 1000 },
    onUnexpected: (err) => log(`  region error: ${String(err)}`),
  });
  await region.watchHalls();
  const url = await listen(app, '127.0.0.1', 0);
  const abort = new AbortController();
  try {
    const day = options.day;
    const streams: Stream[] = [];
    for (let i = 0; i < options.halls; i++) {
      const hall = await region.addHall(`街道便民服务站${i + 1}`);
      const paired = LinkPairResultSchema.parse(
        await json(
          await fetch(`${url}${LINK_PATHS.pair}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: hall.code, hubVersion: 'bench' }),
          }),
        ),
      );
      const historyId = `live-${i}`;
      // The morning, taken before the stream (not timed): the board folds the whole day.
      for (let after = 0; after < options.preload; after += 500) {
        const r = await region.ingest(paired.hallId, {
          historyId,
          afterSeq: after,
          events: day.slice(after, Math.min(after + 500, options.preload)),
        });
        if (!r.ok) throw new Error(r.refusal.message);
      }
      streams.push({
        hallId: paired.hallId,
        token: paired.token,
        historyId,
        afterSeq: options.preload,
        // Without the day's close: the stream ends mid-afternoon.
        next: day.slice(options.preload, -1),
        queue: [],
        sending: false,
        unseen: [],
      });
    }
    const byHall = new Map(streams.map((s) => [s.hallId, s]));

    // The console: a region admin's live board.
    const admin = await addAccount(db, { name: '区管理员', role: 'region_admin', halls: [] }, 1);
    const login = await fetch(`${url}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '区管理员', password: admin.password }),
    });
    await json(login);
    const session = /onestop_region_session=([^;]*)/.exec(login.headers.get('set-cookie') ?? '');
    if (session === null) throw new Error('the console gave no session');
    const latencies: number[] = [];
    let measuring = false;
    const onHallRow = (data: unknown, arrived: number): void => {
      if (typeof data !== 'object' || data === null) return;
      const row = data as { hallId?: unknown; lastEventAt?: unknown };
      if (typeof row.hallId !== 'string' || typeof row.lastEventAt !== 'number') return;
      const s = byHall.get(row.hallId);
      if (s === undefined) return;
      while (s.unseen.length > 0 && (s.unseen[0] ?? Infinity) <= row.lastEventAt) {
        const at = s.unseen.shift() ?? arrived;
        if (measuring) latencies.push(arrived - at);
      }
    };
    const live = await fetch(`${url}/api/console/live`, {
      headers: { cookie: `onestop_region_session=${session[1]}` },
      signal: abort.signal,
    });
    if (!live.ok || live.body === null) throw new Error(`live board: HTTP ${live.status}`);
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of live.body as unknown as AsyncIterable<Uint8Array>) {
        const arrived = Date.now();
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (data === undefined) continue;
          const parsed = JSON.parse(data) as unknown;
          if (event === 'hall') onHallRow(parsed, arrived);
          // The whole board (every refreshMs) shows the halls too.
          if (event === 'board' && typeof parsed === 'object' && parsed !== null) {
            const halls = (parsed as { halls?: unknown }).halls;
            if (Array.isArray(halls)) for (const row of halls) onHallRow(row, arrived);
          }
        }
      }
    })().catch((err: unknown) => {
      if (!abort.signal.aborted) log(`  live board read failed: ${String(err)}`);
    });

    // The halls' hubs: each commit queued for the link, sent at once when the link is idle
    // (what accumulates meanwhile goes in the next batch), answered after the region's COMMIT.
    const send = async (s: Stream): Promise<void> => {
      s.sending = true;
      try {
        while (s.queue.length > 0) {
          const events = s.queue.splice(0, 500);
          const r = await fetch(`${url}${LINK_PATHS.batch}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
            body: JSON.stringify({ historyId: s.historyId, afterSeq: s.afterSeq, events }),
          });
          await json(r);
          s.afterSeq = events.at(-1)?.seq ?? s.afterSeq;
        }
      } finally {
        s.sending = false;
      }
    };
    const failures: unknown[] = [];
    const commit = (s: Stream): void => {
      const e = s.next.shift();
      if (e === undefined) return;
      const at = Date.now();
      s.queue.push({ ...e, at });
      s.unseen.push(at);
      if (!s.sending) send(s).catch((err: unknown) => failures.push(err));
    };
    const rate = options.eventsPerHallPerSecond;
    const gap = (): number => (-Math.log(1 - Math.random()) / rate) * 1000;
    const timers = new Set<NodeJS.Timeout>();
    let stopped = false;
    const schedule = (s: Stream): void => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (stopped) return;
        commit(s);
        schedule(s);
      }, gap());
      timers.add(timer);
    };
    log(
      `  ${options.halls} halls linked over HTTP, ${options.preload} events of the day each; streaming ${(rate * options.halls).toFixed(1)} events/s in all for ${options.seconds} s, one console live`,
    );
    // A first round of news so the console has every hall once, then the measured stream.
    await new Promise((r) => setTimeout(r, 1000));
    measuring = true;
    for (const s of streams) s.unseen.length = 0;
    const started = Date.now();
    for (const s of streams) schedule(s);
    await new Promise((r) => setTimeout(r, options.seconds * 1000));
    stopped = true;
    for (const t of timers) clearTimeout(t);
    const committed = latencies.length + streams.reduce((n, s) => n + s.unseen.length, 0);
    const seconds = (Date.now() - started) / 1000;
    // A grace period for the last commits to reach the console.
    for (let i = 0; i < 100 && streams.some((s) => s.unseen.length > 0 || s.sending); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (failures.length > 0) throw new Error(`a hall's batch failed: ${String(failures[0])}`);
    const unseen = streams.reduce((n, s) => n + s.unseen.length, 0);
    const sorted = [...latencies].sort((a, b) => a - b);
    abort.abort();
    await reading;
    return {
      halls: options.halls,
      eventsPerSecond: committed / seconds,
      seconds,
      preloaded: options.preload,
      samples: sorted.length,
      unseen,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? 0,
    };
  } finally {
    abort.abort();
    await app.close();
    await region.close();
  }
}
