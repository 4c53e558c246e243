import { jsonRoutes, type WebServer } from '@onestop/http';
import { BOOKING_PATHS, type PublicBookingHalls } from '@onestop/shared';
import {
  bookingHalls,
  bookingStatus,
  keepAnswers,
  manageBooking,
  newChallenge,
  openRequests,
  pushSlots,
  requestBooking,
} from '../booking.js';
import { edgeRoutes, okBody, sendOutcome as send, type EdgeRoutesOptions } from './edge-routes.js';

/**
 * Booking from the phone: the hub's three link routes (bearer, like the instructions) and the
 * public page's routes (no account; each address limited, a sum to work out before booking).
 */
export async function bookingRoutes(app: WebServer, options: EdgeRoutesOptions): Promise<void> {
  const { region } = options;
  await edgeRoutes(
    app,
    options,
    async (scope, { bearer, hallOf, linkLimit, readLimit, formLimit }) => {
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
              okBody,
            ),
        );
        json.post(
          BOOKING_PATHS.answers,
          { bodyLimit: 64 * 1024, config: { rateLimit: linkLimit }, onRequest: bearer },
          async (request, reply) =>
            send(
              reply,
              await keepAnswers(region.db, hallOf(request), request.body, region.clock()),
              okBody,
            ),
        );
        json.post(
          BOOKING_PATHS.book,
          { bodyLimit: 4096, config: { rateLimit: formLimit } },
          async (request, reply) =>
            send(reply, await requestBooking(region.db, request.body, region.clock()), (v) => v),
        );
        json.post(
          BOOKING_PATHS.manage,
          { bodyLimit: 4096, config: { rateLimit: readLimit } },
          async (request, reply) =>
            send(reply, await manageBooking(region.db, request.body, region.clock()), okBody),
        );
      });
    },
  );
}
