import { jsonRoutes, type WebServer } from '@onestop/http';
import { REMOTE_PATHS, type PublicRemoteHalls } from '@onestop/shared';
import {
  keepRemoteAnswers,
  openRemoteRequests,
  pushRemoteOffers,
  remoteHalls,
  remoteStatus,
  requestRemoteNumber,
} from '../remote.js';
import {
  edgeRoutes,
  linkPost,
  linkPull,
  sendOutcome,
  type EdgeRoutesOptions,
} from './edge-routes.js';
import { remotePage } from './remote-page.js';
import { notFoundPage } from './ticket-page.js';

/**
 * Numbers from the phone (远程取号): the hub's three link routes (bearer, as booking's) and the
 * page's: the halls and services offered, the request (after booking's small sum, limited per
 * address as a booking is), and the request's own page `/public/r/<token>`.
 */
export async function remoteRoutes(app: WebServer, options: EdgeRoutesOptions): Promise<void> {
  const { region } = options;
  await edgeRoutes(app, options, async (scope, edge) => {
    const { readLimit, formLimit } = edge;
    linkPull(scope, edge, REMOTE_PATHS.requests, 'requests', (hall) =>
      openRemoteRequests(region.db, hall),
    );
    scope.get(REMOTE_PATHS.halls, { config: { rateLimit: readLimit } }, async (_request, reply) => {
      const answer: PublicRemoteHalls = { halls: await remoteHalls(region.db) };
      return reply.code(200).send(answer);
    });
    scope.get(
      `${REMOTE_PATHS.page}/:token`,
      { config: { rateLimit: readLimit } },
      async (request, reply) => {
        const found = await remoteStatus(region.db, (request.params as { token?: string }).token);
        reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8');
        if (!found.ok) return reply.code(404).send(notFoundPage());
        return reply.code(200).send(remotePage(found.value));
      },
    );
    await jsonRoutes(scope, (json) => {
      linkPost(json, edge, REMOTE_PATHS.offers, 256 * 1024, (hall, body) =>
        pushRemoteOffers(region.db, hall, body, region.clock()),
      );
      linkPost(json, edge, REMOTE_PATHS.answers, 64 * 1024, (hall, body) =>
        keepRemoteAnswers(region.db, hall, body, region.clock()),
      );
      json.post(
        REMOTE_PATHS.request,
        { bodyLimit: 4096, config: { rateLimit: formLimit } },
        async (request, reply) =>
          sendOutcome(
            reply,
            await requestRemoteNumber(region.db, request.body, region.clock()),
            (v) => v,
          ),
      );
    });
  });
}
