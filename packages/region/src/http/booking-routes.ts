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
import {
  edgeRoutes,
  linkPost,
  linkPull,
  okBody,
  sendOutcome as send,
  type EdgeRoutesOptions,
} from './edge-routes.js';

/**
 * Booking from the phone: the hub's three link routes (bearer, like the instructions) and the
 * public page's routes (no account; each address limited, a sum to work out before booking).
 */
export async function bookingRoutes(app: WebServer, options: EdgeRoutesOptions): Promise<void> {
  const { region } = options;
  await edgeRoutes(app, options, async (scope, edge) => {
    const { readLimit, formLimit } = edge;
    linkPull(scope, edge, BOOKING_PATHS.requests, 'requests', (hall) =>
      openRequests(region.db, hall),
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
      linkPost(json, edge, BOOKING_PATHS.slots, 2 * 1024 * 1024, (hall, body) =>
        pushSlots(region.db, hall, body, region.clock()),
      );
      linkPost(json, edge, BOOKING_PATHS.answers, 64 * 1024, (hall, body) =>
        keepAnswers(region.db, hall, body, region.clock()),
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
  });
}
