import rateLimit from '@fastify/rate-limit';
import { HttpError, type WebServer } from '@onestop/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hallBearer, type RegionRoutesOptions } from './link-routes.js';

/** The public edge's own limits per client address (docs/REGION.md, "The public edge"). */
export interface BookingLimits {
  /** Booking requests, remote-number requests and page forms per address per hour (default 10). */
  bookPerHour?: number;
  /** Challenges, statuses, changes and slot readings per address per minute (default 60). */
  readPerMinute?: number;
}

export type EdgeRoutesOptions = RegionRoutesOptions & { booking?: BookingLimits };

type Limit = { max: number; timeWindow: string };

/** What each edge routes plugin (booking, ticket status, remote numbers) is given. */
export interface Edge {
  /** The hub's routes: the bearer check before the body is read, and the hall it names. */
  bearer: (request: FastifyRequest) => Promise<void>;
  hallOf: (request: FastifyRequest) => string;
  /** The hub's link routes per minute. */
  linkLimit: Limit;
  /** The page's readings per minute. */
  readLimit: Limit;
  /** The page's requests and forms per hour. */
  formLimit: Limit;
}

/**
 * The public edge's routes of one feature in their own scope, each route rate-limited by
 * address with the limits every feature of the edge shares.
 */
export async function edgeRoutes(
  app: WebServer,
  options: EdgeRoutesOptions,
  routes: (scope: WebServer, edge: Edge) => Promise<void>,
): Promise<void> {
  const edge: Edge = {
    ...hallBearer(options.region),
    linkLimit: { max: options.limits?.linkPerMinute ?? 1200, timeWindow: '1 minute' },
    readLimit: { max: options.booking?.readPerMinute ?? 60, timeWindow: '1 minute' },
    formLimit: { max: options.booking?.bookPerHour ?? 10, timeWindow: '1 hour' },
  };
  await app.register(async (scope: WebServer) => {
    await scope.register(rateLimit, { global: false });
    await routes(scope, edge);
  });
}

/** An outcome of the edge's store: its value as the answer, or its refusal as the error. */
export type EdgeAnswer<T> =
  { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

export function sendOutcome<T>(
  reply: FastifyReply,
  outcome: EdgeAnswer<T>,
  value: (v: T) => unknown,
): FastifyReply {
  if (!outcome.ok) throw new HttpError(outcome.status, outcome.code, outcome.message);
  return reply.code(200).send(value(outcome.value));
}

/** `{ ok: true }` for a link route's outcome. */
export const okBody = (): { ok: true } => ({ ok: true });

/** The hub's pull of what the page took: GET (bearer) → `{ [key]: rows }` of its hall. */
export function linkPull(
  scope: WebServer,
  edge: Edge,
  path: string,
  key: string,
  read: (hallId: string) => Promise<unknown[]>,
): void {
  scope.get(
    path,
    { config: { rateLimit: edge.linkLimit }, onRequest: edge.bearer },
    async (request, reply) => reply.code(200).send({ [key]: await read(edge.hallOf(request)) }),
  );
}

/** The hub's push or answers: a JSON POST (bearer) kept for its hall → `{ ok: true }`. */
export function linkPost(
  json: WebServer,
  edge: Edge,
  path: string,
  bodyLimit: number,
  keep: (hallId: string, body: unknown) => Promise<EdgeAnswer<true>>,
): void {
  json.post(
    path,
    { bodyLimit, config: { rateLimit: edge.linkLimit }, onRequest: edge.bearer },
    async (request, reply) =>
      sendOutcome(reply, await keep(edge.hallOf(request), request.body), okBody),
  );
}
