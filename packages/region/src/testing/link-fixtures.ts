/**
 * For the region's tests: a region server over a given database on 127.0.0.1 with a clock the
 * test moves, a small client of the link, and events shaped like the hub's.
 */
import { LINK_PATHS, LinkPairResultSchema, type LinkEvent } from '@onestop/shared';
import type { RegionDb } from '../db/types.js';
import { buildRegionServer, listen } from '../http/server.js';
import { Region } from '../region.js';
import { migrate } from '../store/migrations/index.js';

/** 2026-03-02 09:00 in Asia/Shanghai. */
export const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);

export interface TestRegion {
  region: Region;
  url: string;
  /** The region's clock (epoch ms); tests set it. */
  clock: { now: number };
  post(path: string, body: unknown, token?: string): Promise<Answer>;
  get(path: string, token?: string): Promise<Answer>;
  /** POST a raw body (not JSON-encoded here). */
  postRaw(path: string, body: string, contentType: string, token?: string): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: unknown;
}

export async function startTestRegion(
  db: RegionDb,
  options: { pairPerMinute?: number } = {},
): Promise<TestRegion> {
  await migrate(db);
  const clock = { now: T0 };
  const region = new Region(db, { now: () => clock.now });
  const app = await buildRegionServer({
    region,
    limits: { pairPerMinute: options.pairPerMinute ?? 1000, linkPerMinute: 100_000 },
  });
  const url = await listen(app, '127.0.0.1', 0);
  const request = async (
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    contentType: string | undefined,
    token: string | undefined,
  ): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  return {
    region,
    url,
    clock,
    post: (path, body, token) =>
      request('POST', path, JSON.stringify(body), 'application/json', token),
    postRaw: (path, body, contentType, token) => request('POST', path, body, contentType, token),
    get: (path, token) => request('GET', path, undefined, undefined, token),
    close: async () => {
      await app.close();
      await region.close();
    },
  };
}

/** The hub's event `seq`, a second apart from T0, shaped like a ticket's. */
export function ev(seq: number, overrides: Partial<LinkEvent> = {}): LinkEvent {
  const number = `A${String(seq).padStart(3, '0')}`;
  const id = `2026-03-02/${number}`;
  return {
    seq,
    at: T0 + seq * 1000,
    type: 'ticket_issued',
    businessDay: '2026-03-02',
    ticketId: id,
    windowId: null,
    body: { ticket: ticketBody(id, number, T0 + seq * 1000) },
    ...overrides,
  };
}

/** A ticket as `ticket_issued` carries it across the link (what the region reads of it). */
export function ticketBody(id: string, number: string, issuedAt: number, serviceId = 'tax') {
  return {
    id,
    businessDay: id.slice(0, 10),
    number,
    serviceId,
    class: 'normal',
    status: 'waiting',
    issuedAt,
    itinerary: [{ serviceIds: [serviceId] }],
    queueServiceIds: [serviceId],
  };
}

/** Events from..to, inclusive. */
export function evs(from: number, to: number): LinkEvent[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ev(from + i));
}

/** Adds a hall and pairs it over HTTP: its id and token. */
export async function pairedHall(
  t: TestRegion,
  name = '市民中心',
): Promise<{ hallId: string; token: string }> {
  const hall = await t.region.addHall(name);
  const res = await t.post(LINK_PATHS.pair, { code: hall.code, hubVersion: '0.1.0' });
  if (res.status !== 200) throw new Error(`pairing failed: ${JSON.stringify(res.body)}`);
  const body = LinkPairResultSchema.parse(res.body);
  return { hallId: body.hallId, token: body.token };
}
