import rateLimit from '@fastify/rate-limit';
import { HttpError, jsonRoutes, type WebServer } from '@onestop/http';
import { BOOKING_PATHS, type PublicBookingHalls } from '@onestop/shared';
import type { FastifyReply } from 'fastify';
import {
  bookingHalls,
  bookingStatus,
  keepAnswers,
  manageBooking,
  newChallenge,
  openRequests,
  pushSlots,
  requestBooking,
  type PublicOutcome,
} from '../booking.js';
import { hallBearer, type RegionRoutesOptions } from './link-routes.js';

/** The booking's own limits per client address (docs/REGION.md, "The public edge"). */
export interface BookingLimits {
  /** Booking requests per address per hour (default 10). */
  bookPerHour?: number;
  /** Challenges, statuses, changes and slot readings per address per minute (default 60). */
  readPerMinute?: number;
}

function send<T>(reply: FastifyReply, outcome: PublicOutcome<T>, value: (v: T) => unknown) {
  if (!outcome.ok) throw new HttpError(outcome.status, outcome.code, outcome.message);
  return reply.code(200).send(value(outcome.value));
}

/**
 * Booking from the phone: the hub's three link routes (bearer, like the instructions) and the
 * public page's routes (no account; each address limited, a sum to work out before booking).
 */
export async function bookingRoutes(
  app: WebServer,
  options: RegionRoutesOptions & { booking?: BookingLimits },
): Promise<void> {
  const { region } = options;
  const { bearer, hallOf } = hallBearer(region);
  const linkLimit = { max: options.limits?.linkPerMinute ?? 1200, timeWindow: '1 minute' };
  const readLimit = { max: options.booking?.readPerMinute ?? 60, timeWindow: '1 minute' };
  const bookLimit = { max: options.booking?.bookPerHour ?? 10, timeWindow: '1 hour' };

  await app.register(async (scope: WebServer) => {
    await scope.register(rateLimit, { global: false });
    scope.get(
      BOOKING_PATHS.requests,
      { config: { rateLimit: linkLimit }, onRequest: bearer },
      async (request, reply) =>
        reply.code(200).send({ requests: await openRequests(region.db, hallOf(request)) }),
    );
    scope.get(
      BOOKING_PATHS.halls,
      { config: { rateLimit: readLimit } },
      async (_request, reply) => {
        const answer: PublicBookingHalls = { halls: await bookingHalls(region.db) };
        return reply.code(200).send(answer);
      },
    );
    scope.get(
      BOOKING_PATHS.challenge,
      { config: { rateLimit: readLimit } },
      async (_request, reply) =>
        reply.code(200).send(await newChallenge(region.db, region.clock())),
    );
    scope.get(
      BOOKING_PATHS.status,
      { config: { rateLimit: readLimit } },
      async (request, reply) => {
        const query = request.query as Record<string, unknown> | undefined;
        return send(reply, await bookingStatus(region.db, query?.token), (v) => v);
      },
    );
    await jsonRoutes(scope, (json) => {
      json.post(
        BOOKING_PATHS.slots,
        { bodyLimit: 2 * 1024 * 1024, config: { rateLimit: linkLimit }, onRequest: bearer },
        async (request, reply) =>
          send(
            reply,
            await pushSlots(region.db, hallOf(request), request.body, region.clock()),
            () => ({ ok: true }),
          ),
      );
      json.post(
        BOOKING_PATHS.answers,
        { bodyLimit: 64 * 1024, config: { rateLimit: linkLimit }, onRequest: bearer },
        async (request, reply) =>
          send(
            reply,
            await keepAnswers(region.db, hallOf(request), request.body, region.clock()),
            () => ({ ok: true }),
          ),
      );
      json.post(
        BOOKING_PATHS.book,
        { bodyLimit: 4096, config: { rateLimit: bookLimit } },
        async (request, reply) =>
          send(reply, await requestBooking(region.db, request.body, region.clock()), (v) => v),
      );
      json.post(
        BOOKING_PATHS.manage,
        { bodyLimit: 4096, config: { rateLimit: readLimit } },
        async (request, reply) =>
          send(reply, await manageBooking(region.db, request.body, region.clock()), () => ({
            ok: true,
          })),
      );
    });
  });
}
