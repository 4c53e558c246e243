import {
  buildRegionServer,
  listen,
  migrate,
  openPostgres,
  Region,
  type RegionDb,
} from '@onestop/region';
import { startPgCluster } from '@onestop/region/testing';
import { BOOKING_PATHS, type BookingChallenge } from '@onestop/shared';

/*
 * The public edge for a test: a region on a throwaway PostgreSQL served twice on 127.0.0.1, with
 * room for every request (`url`) and with two page requests an hour per address (`strictUrl`),
 * and the page's requests as a phone sends them.
 */

export interface EdgeRegion {
  db: RegionDb;
  region: Region;
  url: string;
  strictUrl: string;
  close(): Promise<void>;
}

export async function startEdgeRegion(): Promise<EdgeRegion> {
  const cluster = await startPgCluster();
  const db = openPostgres(await cluster.createDatabase(), { max: 6 });
  await migrate(db);
  const region = new Region(db);
  const closers: (() => Promise<void>)[] = [];
  const open = async (bookPerHour: number): Promise<string> => {
    const app = await buildRegionServer({
      region,
      limits: { linkPerMinute: 100_000 },
      booking: { bookPerHour, readPerMinute: 10_000 },
    });
    closers.push(() => app.close());
    return listen(app, '127.0.0.1', 0);
  };
  return {
    db,
    region,
    url: await open(1000),
    strictUrl: await open(2),
    close: async () => {
      for (const close of closers) await close();
      await region.close();
      await db.close();
      await cluster.stop();
    },
  };
}

/** A GET (no body) or a JSON POST to the edge, and its JSON answer. */
export async function edgeJson<T>(
  base: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A new small sum, worked out (or one off, `wrong`), as a page request carries it. */
export async function workedSum(
  base: string,
  wrong = false,
): Promise<{ challengeId: string; challengeAnswer: string }> {
  const challenge = (await edgeJson<BookingChallenge>(base, BOOKING_PATHS.challenge)).body;
  const [a, b] = challenge.question.split(' + ').map(Number);
  const sum = (a ?? 0) + (b ?? 0) + (wrong ? 1 : 0);
  return { challengeId: challenge.id, challengeAnswer: String(sum) };
}
