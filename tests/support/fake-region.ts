import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  LINK_LIMITS,
  LINK_PATHS,
  LinkBatchSchema,
  LinkPairRequestSchema,
  type LinkBatch,
  type LinkBatchResult,
  type LinkEvent,
  type LinkInstruction,
  type LinkRefusal,
} from '@onestop/shared';

/**
 * How the fake region answers the next requests: `ok` keeps the contract; `fail` answers 503;
 * `stall` never answers; `gap_once` refuses the next batch as a gap (then `ok`); `drop_after_commit`
 * commits a batch and drops the connection without an answer; `answer_twice` answers a batch
 * with the answer it gave the one before (a stale answer, as a proxy replaying it would); the
 * `bad_*` ones answer a batch or position against the contract: no JSON, another history, an
 * acknowledgement beyond what was sent.
 */
export type FakeRegionMode =
  | 'ok'
  | 'fail'
  | 'stall'
  | 'gap_once'
  | 'drop_after_commit'
  | 'answer_twice'
  | 'bad_json'
  | 'bad_history'
  | 'bad_beyond';

/** A batch as it arrived: its body as sent (for what crossed) and whether it was kept. */
export interface ReceivedBatch {
  raw: string;
  historyId: string;
  afterSeq: number;
  count: number;
}

/**
 * A region on 127.0.0.1 (a real `node:http` server on a free port) that keeps the hall link's
 * contract strictly with the shared zod schemas: one-time codes traded for a token, positions per
 * history, batches committed only if they follow what it holds (a gap is refused with its
 * position), duplicates changing nothing. It can be told to misbehave (`mode`).
 */
export class FakeRegion {
  mode: FakeRegionMode = 'ok';
  /** The events held per history, in order: what the region committed. */
  readonly held = new Map<string, LinkEvent[]>();
  readonly batches: ReceivedBatch[] = [];
  /** Requests per path, whatever their answer. */
  readonly requests: string[] = [];
  readonly codes = new Set<string>();
  /** The supervision instructions it gives every poll (a test adds them). */
  readonly instructions: LinkInstruction[] = [];
  readonly token = 'fake-region-token-0123456789abcdef';
  private lastAnswer: LinkBatchResult | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeRegion> {
    let region: FakeRegion | null = null;
    const server = createServer((req, res) => {
      if (region) void region.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    region = new FakeRegion(server, `http://127.0.0.1:${port}`);
    const r = region;
    server.on('connection', (s) => {
      r.sockets.add(s);
      s.on('close', () => r.sockets.delete(s));
    });
    return region;
  }

  /** A new one-time code for `add-hall`. */
  addHall(): string {
    const code = `CODE-${this.codes.size + 1}-ABCDEFGH`;
    this.codes.add(code);
    return code;
  }

  /** The sequence numbers held for a history (to check nothing is missing or repeated). */
  seqs(historyId: string): number[] {
    return (this.held.get(historyId) ?? []).map((e) => e.seq);
  }

  ackedSeq(historyId: string): number {
    return this.held.get(historyId)?.at(-1)?.seq ?? 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(url.pathname);
    const raw = await readBody(req, LINK_LIMITS.maxBatchBytes + 1);
    if (this.mode === 'stall') return; // never answered; the socket stays open
    if (this.mode === 'fail') {
      return send(res, 503, { error: { code: 'store_busy', message: 'down' } });
    }
    if (url.pathname === LINK_PATHS.pair && req.method === 'POST') {
      const body = LinkPairRequestSchema.safeParse(parseJson(raw));
      if (!body.success) return refuse(res, 400, 'invalid_message', 'not a pairing request');
      if (!this.codes.delete(body.data.code))
        return refuse(res, 400, 'bad_code', 'unknown or used code');
      return send(res, 200, {
        hallId: 'hall-1',
        hallName: '测试大厅 Test hall',
        token: this.token,
      });
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return refuse(res, 401, 'bad_token', 'unknown token');
    }
    if (url.pathname === LINK_PATHS.position && req.method === 'GET') {
      const historyId = url.searchParams.get('history') ?? '';
      if (this.mode === 'bad_json') return sendRaw(res, 200, '{"historyId":');
      if (this.mode === 'bad_history') return send(res, 200, { historyId: 'other', ackedSeq: 0 });
      if (this.mode === 'bad_beyond') return send(res, 200, { historyId, ackedSeq: 1_000_000 });
      return send(res, 200, { historyId, ackedSeq: this.ackedSeq(historyId) });
    }
    if (url.pathname === LINK_PATHS.batch && req.method === 'POST') {
      if (raw.length > LINK_LIMITS.maxBatchBytes)
        return refuse(res, 413, 'message_too_large', 'too large');
      const parsed = LinkBatchSchema.safeParse(parseJson(raw));
      if (!parsed.success) return refuse(res, 400, 'invalid_message', parsed.error.message);
      const batch = parsed.data;
      this.batches.push({
        raw,
        historyId: batch.historyId,
        afterSeq: batch.afterSeq,
        count: batch.events.length,
      });
      const held = this.ackedSeq(batch.historyId);
      if (this.mode === 'gap_once' || batch.afterSeq > held) {
        if (this.mode === 'gap_once') this.mode = 'ok';
        return send(res, 409, { error: { code: 'gap', message: `holds ${held}`, ackedSeq: held } });
      }
      const answer = this.commit(batch);
      switch (this.mode) {
        case 'drop_after_commit':
          req.socket.destroy();
          return;
        case 'answer_twice': {
          const stale = this.lastAnswer ?? answer;
          this.lastAnswer = answer;
          return send(res, 200, stale);
        }
        case 'bad_json':
          return sendRaw(res, 200, 'ok, thanks');
        case 'bad_history':
          return send(res, 200, { ...answer, historyId: 'another-history' });
        case 'bad_beyond':
          return send(res, 200, { ...answer, ackedSeq: answer.ackedSeq + 50 });
        case 'ok':
          this.lastAnswer = answer;
          return send(res, 200, answer);
      }
    }
    if (url.pathname === LINK_PATHS.instructions && req.method === 'GET') {
      return send(res, 200, { instructions: this.instructions });
    }
    return refuse(res, 400, 'invalid_message', `no route ${req.method ?? ''} ${url.pathname}`);
  }

  /** Keeps the events it does not hold yet (a repeat changes nothing); the new position. */
  private commit(batch: LinkBatch): LinkBatchResult {
    const events = this.held.get(batch.historyId) ?? [];
    const held = events.at(-1)?.seq ?? 0;
    for (const e of batch.events) if (e.seq > held) events.push(e);
    this.held.set(batch.historyId, events);
    return { historyId: batch.historyId, ackedSeq: events.at(-1)?.seq ?? 0 };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendRaw(res, status, JSON.stringify(body));
}

function sendRaw(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, error: LinkRefusal, message: string): void {
  send(res, status, { error: { code: error, message } });
}
