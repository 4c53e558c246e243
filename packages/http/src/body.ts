import type { FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { safeParseInput } from '@onestop/shared';
import { HttpError } from './errors.js';
import type { WebServer } from './server.js';

/**
 * Routes that take a JSON body, registered by `routes` in a scope of their own: there (and only
 * there) a body whose `Content-Type` starts with `application/json` is read, up to the server's
 * body limit (413 past it), and parsed (400 when it is not JSON); any other type is refused with
 * 415 before a byte of it is read. The other routes read no body at all.
 */
export async function jsonRoutes(
  app: WebServer,
  routes: (scope: WebServer) => void | Promise<void>,
): Promise<void> {
  await app.register(async (scope: WebServer) => {
    scope.addContentTypeParser(/^application\/json/, { parseAs: 'buffer' }, (_req, raw, done) => {
      try {
        done(null, JSON.parse((raw as Buffer).toString('utf8')) as unknown);
      } catch {
        done(new HttpError(400, 'invalid_message', 'the body is not valid JSON'), undefined);
      }
    });
    await routes(scope);
  });
}

/**
 * The request's JSON body as `schema` reads it, from `unknown`: 415 when there is none, 400
 * naming each field that is wrong.
 */
export function bodyOf<T>(request: FastifyRequest, schema: ZodType<T>): T {
  if (request.body === undefined) {
    throw new HttpError(415, 'invalid_message', 'send the body as application/json');
  }
  const parsed = safeParseInput(schema, request.body as unknown);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new HttpError(400, 'invalid_message', fields.join('; '));
  }
  return parsed.data;
}
