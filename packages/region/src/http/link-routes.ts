import rateLimit from '@fastify/rate-limit';
import { HttpError, jsonRoutes, type WebServer } from '@onestop/http';
import { LINK_LIMITS, LINK_PATHS, type LinkRefusal } from '@onestop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Outcome, Refusal, Region } from '../region.js';
import { pollInstructions } from '../supervision.js';

/** What every routes plugin of the region gets (server.ts). */
export interface RegionRoutesOptions {
  region: Region;
  /**
   * Requests per minute per client address (defaults: pair 10, position and batch 1200, the
   * public figures 120).
   */
  limits?: { pairPerMinute?: number; linkPerMinute?: number; publicPerMinute?: number };
  /** How long one reading of the public figures serves every asker (ms, default 5000). */
  publicFreshMs?: number;
  /** The folder of built pages (`public/index.html`); default: the checkout's dist/pages. */
  pagesDir?: string | null;
}

/** The HTTP status of each refusal. */
export function refusalStatus(code: LinkRefusal): number {
  switch (code) {
    case 'invalid_message':
      return 400;
    case 'bad_code':
    case 'bad_token':
    case 'revoked':
      return 401;
    case 'not_found':
      return 404;
    case 'gap':
      return 409;
    case 'message_too_large':
      return 413;
    case 'rate_limited':
      return 429;
  }
}

/** A refusal of the region as the HTTP rules answer it: `{ error: { code, message, ackedSeq? } }`. */
export function refusalError(refusal: Refusal): HttpError {
  const detail = refusal.ackedSeq === undefined ? {} : { ackedSeq: refusal.ackedSeq };
  return new HttpError(refusalStatus(refusal.code), refusal.code, refusal.message, {}, detail);
}

function send<T>(reply: FastifyReply, outcome: Outcome<T>): FastifyReply {
  if (!outcome.ok) throw refusalError(outcome.refusal);
  return reply.code(200).send(outcome.value);
}

/** The JSON body as it came, for the region to parse; 415 when it was not sent as JSON. */
function jsonBody(request: FastifyRequest): unknown {
  if (request.body === undefined) {
    throw new HttpError(415, 'invalid_message', 'send the body as application/json');
  }
  return request.body;
}

/**
 * The hall link (packages/shared/src/region/link.ts): pairing, position, batches, on the HTTP
 * rules of @onestop/http, with their own rate limits. The bearer token is checked before a
 * byte of the body is read.
 */
export async function linkRoutes(app: WebServer, options: RegionRoutesOptions): Promise<void> {
  const { region } = options;
  const halls = new WeakMap<FastifyRequest, string>();
  const bearer = async (request: FastifyRequest): Promise<void> => {
    const hall = await region.authenticate(request.headers.authorization);
    if (!hall.ok) throw refusalError(hall.refusal);
    halls.set(request, hall.value);
  };
  const hallOf = (request: FastifyRequest): string => {
    const hall = halls.get(request);
    if (hall === undefined) throw new Error('a link route ran without its bearer check');
    return hall;
  };
  const linkLimit = { max: options.limits?.linkPerMinute ?? 1200, timeWindow: '1 minute' };

  await app.register(async (scope: WebServer) => {
    await scope.register(rateLimit, { global: false });
    scope.get(
      LINK_PATHS.position,
      { config: { rateLimit: linkLimit }, onRequest: bearer },
      async (request, reply) => send(reply, await region.position(hallOf(request), request.query)),
    );
    // The hub's poll for supervision instructions (supervision.ts), with what it says of itself.
    scope.get(
      LINK_PATHS.instructions,
      { config: { rateLimit: linkLimit }, onRequest: bearer },
      async (request, reply) => {
        const hall = hallOf(request);
        const polled = await pollInstructions(region.db, hall, request.query, region.clock());
        if (!polled.ok) throw new HttpError(400, 'invalid_message', polled.message);
        region.hallChanged(hall);
        return reply.code(200).send({ instructions: polled.instructions });
      },
    );
    await jsonRoutes(scope, (json) => {
      json.post(
        LINK_PATHS.pair,
        {
          bodyLimit: 4096,
          config: {
            rateLimit: { max: options.limits?.pairPerMinute ?? 10, timeWindow: '1 minute' },
          },
        },
        async (request, reply) => send(reply, await region.pair(jsonBody(request))),
      );
      json.post(
        LINK_PATHS.batch,
        {
          bodyLimit: LINK_LIMITS.maxBatchBytes,
          config: { rateLimit: linkLimit },
          onRequest: bearer,
        },
        async (request, reply) =>
          send(reply, await region.ingest(hallOf(request), jsonBody(request))),
      );
    });
  });
}
