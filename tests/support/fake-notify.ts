import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * Fake message providers on 127.0.0.1 for the turn-near messages' tests: an SMS gateway that
 * keeps idempotency keys (a request with a key seen before is answered with the first message's
 * id and delivers nothing more) and a WeChat official account (token endpoint and template
 * messages). Each records every request; `deliveries` are what reached a visitor.
 */

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * What the fake answers one request with; `hold`: no answer, ever (a provider mid-send; the SMS
 * gateway has delivered the message by then).
 */
export type FakeAnswer = { status: number; body: unknown } | 'hold';

export class FakeProvider {
  readonly requests: FakeRequest[] = [];
  /** Delivered messages (SMS: one per idempotency key; WeChat: one per accepted send). */
  readonly deliveries: { key: string; to: string; text: string; id: string }[] = [];
  /** Answers to give before the normal ones, in order (a 500, a hold). */
  readonly script: FakeAnswer[] = [];
  private readonly held: ServerResponse[] = [];
  private readonly byKey = new Map<string, string>();
  private readonly waiters: (() => void)[] = [];
  /** WeChat: tokens handed out. */
  tokens = 0;

  private constructor(
    private readonly server: Server,
    readonly kind: 'sms' | 'wechat',
  ) {}

  static async start(kind: 'sms' | 'wechat'): Promise<FakeProvider> {
    let fake: FakeProvider | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => fake?.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    fake = new FakeProvider(server, kind);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Resolves once `count` requests (of messages, not tokens) have come. */
  async messages(count: number, timeoutMs = 15_000): Promise<FakeRequest[]> {
    const sends = () => this.requests.filter((r) => !r.path.startsWith('/cgi-bin/token'));
    const deadline = Date.now() + timeoutMs;
    while (sends().length < count) {
      if (Date.now() > deadline) {
        throw new Error(`${count} message request(s) expected, ${sends().length} came`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return sends();
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request = {
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
    };
    this.requests.push(request);
    for (const w of this.waiters.splice(0)) w();
    if (this.kind === 'wechat' && url.pathname === '/cgi-bin/token') {
      this.tokens += 1;
      return send(res, 200, { access_token: `token-${this.tokens}`, expires_in: 7200 });
    }
    const scripted = this.script.shift();
    if (scripted && scripted !== 'hold') return send(res, scripted.status, scripted.body);
    const b = (body ?? {}) as Record<string, unknown>;
    if (this.kind === 'sms') {
      // Delivered, then (`hold`) the answer never goes: the worst moment for the hub to die.
      const key = String(req.headers['idempotency-key'] ?? '');
      const id = this.byKey.get(key) ?? `sms-${this.deliveries.length + 1}`;
      if (!this.byKey.has(key)) {
        this.byKey.set(key, id);
        this.deliveries.push({ key, to: String(b.phone), text: String(b.text), id });
      }
      if (scripted === 'hold') {
        this.held.push(res);
        return;
      }
      return send(res, 200, { messageId: id });
    }
    if (scripted === 'hold') {
      this.held.push(res);
      return;
    }
    const token = url.searchParams.get('access_token');
    if (token !== `token-${this.tokens}`)
      return send(res, 200, { errcode: 40001, errmsg: 'invalid credential' });
    const data = b.data as Record<string, { value: string }> | undefined;
    const id = String(1000 + this.deliveries.length);
    this.deliveries.push({ key: '', to: String(b.touser), text: data?.first?.value ?? '', id });
    return send(res, 200, { errcode: 0, errmsg: 'ok', msgid: Number(id) });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
