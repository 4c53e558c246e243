import { jsonRoutes, type WebServer } from '@onestop/http';
import { PUBLIC_STATUS_PATHS, type TextKey } from '@onestop/shared';
import type { FastifyRequest } from 'fastify';
import {
  edgeTicket,
  keepRatingAnswers,
  openRatings,
  pushStatus,
  takeRating,
} from '../public-status.js';
import { edgeRoutes, linkPost, linkPull, type EdgeRoutesOptions } from './edge-routes.js';
import {
  notFoundPage,
  REFRESH_SCRIPT,
  REFRESH_SCRIPT_PATH,
  refusedPage,
  ticketPage,
} from './ticket-page.js';

const html = 'text/html; charset=utf-8';

/** The words of a refused form, by the refusal's code. */
function refusalText(code: string): TextKey {
  switch (code) {
    case 'wait_for_hall':
      return 'edge.waitForHall';
    case 'invalid_form':
    case 'unknown_tag':
      return 'edge.badRating';
    case 'rated_on_pad':
    case 'rated_by_phone':
    case 'not_rateable':
    case 'not_rated':
    case 'already_followed_up':
    case 'follow_up_expired':
      return `edge.refused.${code}`;
    default:
      return 'status.notFound';
  }
}

/**
 * The ticket's status and rating on the public edge: the hub's three link routes (bearer) and
 * the public page `/public/t/<hall>/<token>` with its two forms (each address limited as
 * booking's: reads per minute, forms per hour).
 */
export async function publicStatusRoutes(
  app: WebServer,
  options: EdgeRoutesOptions,
): Promise<void> {
  const { region } = options;
  const page = `${PUBLIC_STATUS_PATHS.page}/:hall/:token`;
  type Params = { hall?: string; token?: string };
  const self = (request: FastifyRequest): string => {
    const p = request.params as Params;
    return `${PUBLIC_STATUS_PATHS.page}/${encodeURIComponent(p.hall ?? '')}/${encodeURIComponent(p.token ?? '')}`;
  };

  await edgeRoutes(app, options, async (scope, edge) => {
    const { readLimit, formLimit } = edge;
    linkPull(scope, edge, PUBLIC_STATUS_PATHS.ratings, 'ratings', (hall) =>
      openRatings(region.db, hall),
    );
    scope.get(REFRESH_SCRIPT_PATH, async (_request, reply) =>
      reply
        .header('Cache-Control', 'public, max-age=3600')
        .type('text/javascript; charset=utf-8')
        .send(REFRESH_SCRIPT),
    );
    scope.get(page, { config: { rateLimit: readLimit } }, async (request, reply) => {
      const p = request.params as Params;
      const found = await edgeTicket(region.db, p.hall, p.token);
      reply.header('Cache-Control', 'no-store').type(html);
      if (!found.ok) return reply.code(404).send(notFoundPage());
      return reply.code(200).send(ticketPage(found.value, self(request)));
    });
    await jsonRoutes(scope, (json) => {
      linkPost(json, edge, PUBLIC_STATUS_PATHS.push, 2 * 1024 * 1024, (hall, body) =>
        pushStatus(region.db, hall, body, region.clock()),
      );
      linkPost(json, edge, PUBLIC_STATUS_PATHS.answers, 64 * 1024, (hall, body) =>
        keepRatingAnswers(region.db, hall, body, region.clock()),
      );
    });
    // The page's two forms, posted as a browser posts a form (no script needed).
    await scope.register((forms: WebServer) => {
      forms.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) => done(null, body),
      );
      for (const kind of ['rate', 'follow_up'] as const) {
        const path = `${page}/${kind === 'rate' ? 'rate' : 'follow-up'}`;
        forms.post(
          path,
          { bodyLimit: 8 * 1024, config: { rateLimit: formLimit } },
          async (request, reply) => {
            const p = request.params as Params;
            const taken = await takeRating(
              region.db,
              p.hall,
              p.token,
              kind,
              request.body,
              region.clock(),
            );
            reply.header('Cache-Control', 'no-store');
            if (taken.ok) return reply.code(303).header('Location', self(request)).send();
            if (taken.status === 404) return reply.code(404).type(html).send(notFoundPage());
            const key = refusalText(taken.code);
            const words =
              kind === 'follow_up' && key === 'edge.badRating' ? 'edge.badFollowUp' : key;
            return reply
              .code(taken.status)
              .type(html)
              .send(refusedPage(words, self(request)));
          },
        );
      }
      return Promise.resolve();
    });
  });
}
