import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A provincial 好差评 platform on 127.0.0.1 for the upload's tests, speaking the default mapping
 * (docs/RATINGS.md, "The record on the wire"): it checks the HMAC-SHA256 signature with its copy
 * of the hall's secret (401 when it does not match) and keeps each idempotency key once (a
 * request with a key it has is answered with the first receipt and records nothing). Each
 * request takes the next mode of `script`, then `accept`:
 *
 * - `accept`: records the record, answers 200 `{ ok: true, receipt }`;
 * - `refuse`: a business refusal, 422 `{ ok: false, reason }`, nothing recorded;
 * - `credentials`: 401, whatever the signature;
 * - `timeout`: no answer, nothing recorded (the hub's request times out);
 * - `answer_twice`: records it and drops the connection before answering, so the hub asks again
 *   and gets the same receipt a second time;
 * - `hold`: records it and never answers (a hub killed while it waits).
 */

export type PlatformMode =
  'accept' | { refuse: string } | 'credentials' | 'timeout' | 'answer_twice' | 'hold';

export interface PlatformRequest {
  key: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
  /** What the platform made of it. */
  outcome: 'recorded' | 'duplicate' | 'refused' | 'credentials' | 'timeout';
}

export class FakePlatform {
  /** Every request, in order. */
  readonly requests: PlatformRequest[] = [];
  /** What the platform keeps: one per idempotency key. */
  readonly records = new Map<string, { receipt: string; body: Record<string, unknown> }>();
  readonly script: PlatformMode[] = [];
  private readonly held: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    /** The platform's copy of the hall's secret. */
    public secret: string,
  ) {}

  static async start(secret: string): Promise<FakePlatform> {
    let fake: FakePlatform | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => fake?.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    fake = new FakePlatform(server, secret);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/evaluations`;
  }

  /** Resolves once `count` requests have come. */
  async requested(count: number, timeoutMs = 15_000): Promise<PlatformRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`${count} request(s) expected, ${this.requests.length} came`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.requests;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private signed(req: IncomingMessage, text: string): boolean {
    const header = (name: string) => String(req.headers[name] ?? '');
    const expected = createHmac('sha256', this.secret)
      .update(`${header('x-timestamp')}\n${header('x-nonce')}\n${text}`)
      .digest();
    const given = Buffer.from(header('x-signature'), 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = null;
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    const mode = this.script.shift() ?? 'accept';
    const log = (outcome: PlatformRequest['outcome']) =>
      this.requests.push({ key, headers: req.headers, body, outcome });
    if (mode === 'credentials' || !this.signed(req, text)) {
      log('credentials');
      return send(res, 401, { ok: false, reason: 'signature invalid' });
    }
    if (mode === 'timeout') {
      log('timeout');
      this.held.push(res);
      return;
    }
    if (typeof mode === 'object') {
      log('refused');
      return send(res, 422, { ok: false, reason: mode.refuse });
    }
    const known = this.records.get(key);
    log(known ? 'duplicate' : 'recorded');
    const receipt = known?.receipt ?? `P-${this.records.size + 1}`;
    if (!known && body) this.records.set(key, { receipt, body });
    if (mode === 'hold') {
      this.held.push(res);
      return;
    }
    if (mode === 'answer_twice') {
      res.destroy();
      return;
    }
    return send(res, 200, { ok: true, receipt });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
