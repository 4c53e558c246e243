import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { bodyOf, jsonRoutes } from './body.js';
import { HttpError } from './errors.js';
import { SECURITY_HEADERS } from './headers.js';
import { failureLimit } from './limits.js';
import { createWebServer, type WebServer } from './server.js';

/*
 * The rules on a server of their own, with no hub: what the region server gets when it is built
 * on @onestop/http.
 */

class Locked extends Error {}

let app: WebServer;
let url = '';
let clock = 0;
const unexpected = vi.fn();
const wrongGuesses = new Map<string, number>();

beforeAll(async () => {
  app = createWebServer({
    bodyLimit: 64,
    mapError: (err) => (err instanceof Locked ? new HttpError(503, 'store_busy', 'busy') : null),
    onUnexpected: unexpected,
  });
  app.get('/boom', () => {
    throw new Error('secret detail at /srv/app.js:12');
  });
  app.get('/locked', () => {
    throw new Locked();
  });
  await jsonRoutes(app, async (scope) => {
    const guesses = await failureLimit(
      scope,
      {
        // Two wrong guesses, then wait 5 s (on the test's clock) from the last.
        waitMs: (key) => ((wrongGuesses.get(key) ?? 0) >= 2 ? Math.max(0, 5_000 - clock) : 0),
        fail: (key) => {
          wrongGuesses.set(key, (wrongGuesses.get(key) ?? 0) + 1);
        },
      },
      { key: () => 'everyone', refusal: (s) => `wait ${s} s` },
    );
    scope.post('/guess', { onRequest: guesses.check }, async (request, reply) => {
      const { word } = bodyOf(request, z.strictObject({ word: z.string().max(10) }));
      if (word !== 'open') {
        await guesses.fail(request);
        throw new HttpError(400, 'unauthorized', 'wrong');
      }
      return reply.type('application/json; charset=utf-8').send('{"ok":true}');
    });
  });
  await app.ready();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
});

const post = (path: string, body: string, type = 'application/json') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

async function answer(res: Response): Promise<[number, unknown]> {
  return [res.status, await res.json()];
}

describe('createWebServer', () => {
  it('puts the security headers and no-store on answers and errors alike', async () => {
    for (const res of [await fetch(`${url}/nope`), await post('/guess', '{"word":"open"}')]) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(res.headers.get(name)).toBe(value);
      }
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers every error in one shape, without the framework’s words or a stack', async () => {
    expect(await answer(await fetch(`${url}/nope`))).toEqual([
      404,
      { error: { code: 'not_found', message: 'no route GET /nope' } },
    ]);
    expect(await answer(await fetch(`${url}/boom`))).toEqual([
      500,
      { error: { code: 'internal', message: 'internal error' } },
    ]);
    expect(unexpected).toHaveBeenCalledTimes(1);
    expect(await answer(await fetch(`${url}/locked`))).toEqual([
      503,
      { error: { code: 'store_busy', message: 'busy' } },
    ]);
  });

  it('reads JSON bodies only, up to the limit, checked with zod from unknown', async () => {
    expect(await answer(await post('/guess', 'word=open', 'text/plain'))).toEqual([
      415,
      { error: { code: 'invalid_message', message: 'send the body as application/json' } },
    ]);
    expect(await answer(await post('/guess', '{"word":'))).toEqual([
      400,
      { error: { code: 'invalid_message', message: 'the body is not valid JSON' } },
    ]);
    expect(await answer(await post('/guess', `{"word":"${'x'.repeat(64)}"}`))).toEqual([
      413,
      { error: { code: 'message_too_large', message: 'the body is larger than 64 bytes' } },
    ]);
    const [status, body] = await answer(await post('/guess', '{"word":"open","x":1}'));
    expect([status, (body as { error: { code: string } }).error.code]).toEqual([
      400,
      'invalid_message',
    ]);
    expect(await answer(await post('/guess', '{"word":"open"}'))).toEqual([200, { ok: true }]);
  });

  it('limits failed tries through @fastify/rate-limit, with Retry-After', async () => {
    expect((await post('/guess', '{"word":"no"}')).status).toBe(400);
    expect((await post('/guess', '{"word":"no"}')).status).toBe(400);
    const refused = await post('/guess', '{"word":"open"}');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await answer(refused)).toEqual([
      429,
      { error: { code: 'rate_limited', message: 'wait 5 s' } },
    ]);
    clock = 5_000;
    expect((await post('/guess', '{"word":"open"}')).status).toBe(200);
  });

  it('refuses a route that declares a JSON schema: input is parsed with zod', async () => {
    const other = createWebServer();
    other.post('/schema', { schema: { body: { type: 'object' } } }, () => ({ ok: true }));
    await expect(other.ready()).rejects.toThrow(/zod/);
    await other.close();
  });
});
