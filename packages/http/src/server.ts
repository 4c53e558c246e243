import {
  createServer,
  METHODS,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { errorBody, HttpError } from './errors.js';
import { setSecurityHeaders } from './headers.js';
import type { TlsFiles } from './tls.js';

/** The largest request body any route reads, unless the server is given another. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The server's own Fastify instance: on node:http's or node:https's server (`.server`). */
export type WebServer = FastifyInstance<Server>;

export interface WebServerOptions {
  /** Serve HTTPS with this certificate and key (`loadTls`); plain HTTP without. */
  tls?: TlsFiles | null;
  /** The largest request body, in bytes (default MAX_BODY_BYTES). */
  bodyLimit?: number;
  /**
   * An error of the application's own said as an HttpError (a store that is locked: 503), or
   * null when it is not one of them.
   */
  mapError?: (err: unknown) => HttpError | null;
  /** Told of every error that is the server's fault (a 500); the client sees no detail. */
  onUnexpected?: (err: unknown) => void;
  /** The answer to a request no route takes (default: 404 `not_found`). */
  notFound?: (method: string, path: string) => HttpError;
}

/** The request target as the URL standard reads it; null when it reads none. */
const BAD_TARGET = Symbol('onestop.badTarget');
type MarkedRequest = IncomingMessage & { [BAD_TARGET]?: true };

/**
 * The path the router matches, made from the request target as the WHATWG URL parser reads it
 * (dot segments resolved, an absolute-form target reduced to its path), every `%` kept as
 * written: a route is matched against the path literally, never against a decoded `%2e%2e` or
 * `%2f`, and no target is too malformed to route. A target no URL parser takes (`//`,
 * `http://[`) is marked and refused with 400 by the first hook.
 */
function routingUrl(req: MarkedRequest): string {
  try {
    const url = new URL(req.url ?? '/', 'http://server.invalid');
    return url.pathname.replaceAll('%', '%25') + url.search;
  } catch {
    req[BAD_TARGET] = true;
    return '/';
  }
}

/** The path a handler sees: the target's pathname as the URL standard reads it. */
export function pathOf(request: FastifyRequest): string {
  try {
    return new URL(request.originalUrl, 'http://server.invalid').pathname;
  } catch {
    return '/';
  }
}

/** Node's own answer to a request it cannot parse: an empty 400 (431, 408), then close. */
function clientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  socket.destroy();
}

/** Every error, the framework's own included, in the house's words and shape. */
function toHttpError(
  err: unknown,
  options: WebServerOptions,
  request: FastifyRequest,
  serverLimit: number,
): HttpError {
  if (err instanceof HttpError) return err;
  const mapped = options.mapError?.(err);
  if (mapped) return mapped;
  const fastifyError = err as Partial<FastifyError>;
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      // A route may take more (or less) than the server's limit.
      const limit = routeBodyLimit(request) ?? serverLimit;
      return new HttpError(413, 'message_too_large', `the body is larger than ${limit} bytes`);
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'invalid_message', 'send the body as application/json');
    case 'FST_ERR_BAD_URL':
      return new HttpError(400, 'invalid_message', 'the request target is not a valid URL');
    default:
      break;
  }
  if (status === 429) {
    // @fastify/rate-limit's refusal: its Retry-After is on the reply already.
    return new HttpError(429, 'rate_limited', 'too many requests: wait and try again');
  }
  if (status >= 400 && status < 500) {
    // The body ended early, its length was wrong...: the client's error, said without the
    // framework's words.
    return new HttpError(400, 'invalid_message', 'the request could not be read');
  }
  options.onUnexpected?.(err);
  return new HttpError(500, 'internal', 'internal error');
}

/** The body limit of the route a request reached, when it reached one. */
function routeBodyLimit(request: FastifyRequest): number | undefined {
  try {
    return request.routeOptions.bodyLimit;
  } catch {
    return undefined;
  }
}

export function sendError(reply: FastifyReply, error: HttpError): void {
  if (reply.sent || reply.raw.headersSent) return;
  void reply
    .code(error.statusCode)
    .headers(error.headers)
    // An error is never kept by a cache, whatever the route said for its answers.
    .header('Cache-Control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(errorBody(error.code, error.message, error.detail)));
}

/** The schema compilers of a server whose routes declare none (see `createWebServer`). */
function noSchemas(): () => never {
  return () => {
    throw new Error('routes parse their input with zod (bodyOf), not with a JSON schema');
  };
}

/**
 * A Fastify server with the house's rules: the security headers and `Cache-Control: no-store`
 * on every answer (a route may say otherwise), bodies up to `bodyLimit`, request targets routed
 * as the URL standard reads them, every error (the framework's too) answered as
 * `{ error: { code, message } }` with no stack and no framework text, Node's empty 400 for a
 * request it cannot parse, HTTPS when given a certificate. Register the routes, then attach
 * Socket.IO with `attachRealtime`, then `await app.ready()` and listen on `app.server`.
 */
export function createWebServer(options: WebServerOptions = {}): WebServer {
  const bodyLimit = options.bodyLimit ?? MAX_BODY_BYTES;
  const tls = options.tls ?? null;
  const app = Fastify({
    logger: false,
    bodyLimit,
    // Long file paths and tokens under a page are one wildcard, never a too-long parameter.
    routerOptions: { maxParamLength: 2_048 },
    serverFactory: (handler) => {
      const listener = (req: IncomingMessage, res: ServerResponse): void => {
        setSecurityHeaders(res);
        res.setHeader('Cache-Control', 'no-store');
        handler(req, res);
      };
      return tls
        ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener)
        : createServer(listener);
    },
    rewriteUrl: (req) => routingUrl(req),
    // Bodies are parsed from `unknown` with zod (`bodyOf`), never by a route's JSON schema: the
    // compilers Fastify would load for schemas (Ajv, fast-json-stringify, about a third of a
    // second of the hub's start) are never loaded, and a route that declares a schema is refused
    // when it is registered.
    schemaController: {
      compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas },
    },
    clientErrorHandler: clientError,
    frameworkErrors: (err, request, reply) =>
      sendError(reply, toHttpError(err, options, request, bodyLimit)),
  }) as unknown as WebServer;

  app.addHook('onRequest', (request, _reply, done) => {
    if ((request.raw as MarkedRequest)[BAD_TARGET]) {
      done(new HttpError(400, 'invalid_message', 'the request target is not a valid URL'));
      return;
    }
    done();
  });
  // Every method Node parses reaches the routes (PROPFIND, PURGE...), `app.all` takes them all.
  for (const method of METHODS) {
    if (method !== 'CONNECT' && !app.supportedMethods.includes(method)) {
      app.addHttpMethod(method, { hasBody: true });
    }
  }
  // No body is read but by the routes that take JSON (`jsonRoutes`); elsewhere it is left
  // unread, whatever its type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.setErrorHandler((err, request, reply) =>
    sendError(reply, toHttpError(err, options, request, bodyLimit)),
  );
  const notFound =
    options.notFound ??
    ((method, path) => new HttpError(404, 'not_found', `no route ${method} ${path}`));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, notFound(request.method, pathOf(request))),
  );
  return app;
}

/**
 * Attaches a real-time server (Socket.IO) to the web server's HTTP server, as it would to
 * node:http's; its own answers (polling, refusals) get the security headers too.
 */
export function attachRealtime<T>(app: WebServer, attach: (server: Server) => T): T {
  const attached = attach(app.server);
  // First of all listeners: Socket.IO takes the 'request' listeners over when it attaches.
  app.server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) =>
    setSecurityHeaders(res),
  );
  return attached;
}
