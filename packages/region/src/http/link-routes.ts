import rateLimit from '@fastify/rate-limit';
import { LINK_LIMITS, LINK_PATHS, type LinkRefusal } from '@onestop/shared';
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Outcome, Refusal, Region } from '../region.js';
import { pollInstructions } from '../supervision.js';

export interface LinkRoutesOptions {
  region: Region;
  /** Requests per minute per client address (defaults: pair 10, position and batch 1200). */
  limits?: { pairPerMinute?: number; linkPerMinute?: number };
}

/** The HTTP status of each refusal. */
export function refusalStatus(error: LinkRefusal): number {
  switch (error) {
    case 'bad_request':
      return 400;
    case 'bad_code':
    case 'bad_token':
    case 'revoked':
      return 401;
    case 'gap':
      return 409;
    case 'too_large':
      return 413;
    case 'rate_limited':
      return 429;
  }
}

function send<T>(reply: FastifyReply, outcome: Outcome<T>): FastifyReply {
  return outcome.ok
    ? reply.code(200).send(outcome.value)
    : reply.code(refusalStatus(outcome.refusal.error)).send(outcome.refusal);
}

/** A refusal for what Fastify refused before a handler ran (body too large, not JSON, ...). */
function refusalOfError(err: FastifyError): Refusal | null {
  if (err.statusCode === 413) {
    return { error: 'too_large', message: `a batch is at most ${LINK_LIMITS.maxBatchBytes} bytes` };
  }
  if (err.statusCode === 429) {
    return { error: 'rate_limited', message: 'too many requests; wait and try again' };
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return { error: 'bad_request', message: err.message.slice(0, 480) };
  }
  return null;
}

/**
 * The hall link (packages/shared/src/region/link.ts): pairing, position, batches. A plugin with
 * its own rate limit and error handler, so that it can be mounted on any Fastify server.
 */
export const linkRoutes: FastifyPluginAsync<LinkRoutesOptions> = async (app, options) => {
  const { region } = options;
  await app.register(rateLimit, { global: false });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const refusal = refusalOfError(err);
    if (refusal !== null) return reply.code(refusalStatus(refusal.error)).send(refusal);
    request.log.error({ err }, 'link request failed');
    return reply.code(500).send({ error: 'internal', message: 'the region could not answer' });
  });

  const linkLimit = {
    max: options.limits?.linkPerMinute ?? 1200,
    timeWindow: '1 minute',
  };

  app.post(
    LINK_PATHS.pair,
    {
      bodyLimit: 4096,
      config: { rateLimit: { max: options.limits?.pairPerMinute ?? 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => send(reply, await region.pair(request.body)),
  );

  app.get(LINK_PATHS.position, { config: { rateLimit: linkLimit } }, async (request, reply) => {
    const hall = await region.authenticate(request.headers.authorization);
    if (!hall.ok) return send(reply, hall);
    return send(reply, await region.position(hall.value, request.query));
  });

  // The hub's poll for supervision instructions (supervision.ts), with what it says of itself.
  app.get(LINK_PATHS.instructions, { config: { rateLimit: linkLimit } }, async (request, reply) => {
    const hall = await region.authenticate(request.headers.authorization);
    if (!hall.ok) return send(reply, hall);
    const polled = await pollInstructions(region.db, hall.value, request.query, region.clock());
    if (!polled.ok) return reply.code(400).send({ error: 'bad_request', message: polled.message });
    region.hallChanged(hall.value);
    return reply.code(200).send({ instructions: polled.instructions });
  });

  app.post(
    LINK_PATHS.batch,
    { bodyLimit: LINK_LIMITS.maxBatchBytes, config: { rateLimit: linkLimit } },
    async (request, reply) => {
      const hall = await region.authenticate(request.headers.authorization);
      if (!hall.ok) return send(reply, hall);
      return send(reply, await region.ingest(hall.value, request.body));
    },
  );
};
