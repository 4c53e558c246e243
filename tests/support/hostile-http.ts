import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_HALL, Hub, type RunningServer, startServer } from '@onestop/hub';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with the request target sent exactly as given (no URL normalization, unlike
 * fetch), on its own connection.
 */
export function rawRequest(
  baseUrl: string,
  target: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Send the body in pieces (chunked transfer encoding, no Content-Length). */
    chunked?: boolean;
    /** Connect from this local address (another loopback address, 127.0.0.2, for instance). */
    localAddress?: string;
  } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path: target,
        method: options.method ?? 'GET',
        headers: { connection: 'close', ...options.headers },
        agent: false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) {
      req.end();
    } else if (options.chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 4_096) req.write(buf.subarray(i, i + 4_096));
      req.end();
    } else {
      req.setHeader('content-length', Buffer.byteLength(body));
      req.end(body);
    }
  });
}

/**
 * Writes raw bytes to the server (a request cut off in the middle of its body, say), waits
 * `holdMs`, then drops the connection without reading an answer.
 */
export function rawBytesThenHangUp(baseUrl: string, bytes: string, holdMs: number): Promise<void> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(bytes);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, holdMs);
    });
    socket.on('error', reject);
  });
}

/** The JSON error body of a failed request, or null when the body is not one. */
export function errorBody(res: RawResponse): { code: string; message: string } | null {
  try {
    const body = JSON.parse(res.body) as unknown;
    if (typeof body !== 'object' || body === null) return null;
    const error = (body as { error?: unknown }).error;
    if (typeof error !== 'object' || error === null) return null;
    const { code, message } = error as { code?: unknown; message?: unknown };
    return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
  } catch {
    return null;
  }
}

/**
 * A hub serving a real pages folder, with a secret file next to it (outside the pages) that no
 * request may read, and a sibling folder whose name starts like a page's.
 */
export class PagesHub {
  private constructor(
    readonly dir: string,
    readonly secret: string,
    readonly hub: Hub,
    readonly server: RunningServer,
  ) {}

  static async start(): Promise<PagesHub> {
    const dir = mkdtempSync(join(tmpdir(), 'onestop-pages-'));
    const secret = `TOP-SECRET-${randomBytes(8).toString('hex')}`;
    writeFileSync(join(dir, 'secret.txt'), secret);
    const pages = join(dir, 'pages');
    for (const page of ['kiosk', 'window', 'display', 'admin', 'rate']) {
      mkdirSync(join(pages, page, 'assets'), { recursive: true });
      writeFileSync(join(pages, page, 'index.html'), `<!doctype html><title>${page} index</title>`);
      writeFileSync(join(pages, page, 'assets', 'app.js'), `console.log(${JSON.stringify(page)});`);
    }
    mkdirSync(join(pages, 'kiosk-evil'), { recursive: true });
    writeFileSync(join(pages, 'kiosk-evil', 'secret.txt'), secret);
    writeFileSync(join(pages, 'secret.txt'), secret);
    const hub = Hub.open({ dbPath: join(dir, 'hall.sqlite'), config: DEMO_HALL });
    const server = await startServer({ hub, host: '127.0.0.1', port: 0, pagesDir: pages });
    return new PagesHub(dir, secret, hub, server);
  }

  get url(): string {
    return this.server.url;
  }

  async close(): Promise<void> {
    this.server.http.closeAllConnections();
    await this.server.close();
    this.hub.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
