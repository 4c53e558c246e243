import type { z } from 'zod';
import {
  LINK_PATHS,
  LinkBatchResultSchema,
  LinkInstructionsResultSchema,
  LinkPairResultSchema,
  LinkPositionSchema,
  LinkRefusalSchema,
  type LinkBatch,
  type LinkBatchResult,
  type LinkInstructionsResult,
  type LinkPairResult,
  type LinkPosition,
  type LinkRefusalBody,
} from '@onestop/shared';

/*
 * The hub's side of the link's HTTP: one request, its answer read (at most ANSWER_MAX_BYTES) and
 * parsed from `unknown` with the contract's schemas. What it means is link.ts's.
 */

/** The largest answer the hub reads from the region: every answer of the contract is tiny. */
const ANSWER_MAX_BYTES = 64 * 1024;

/**
 * Why a request to the region came to nothing: `unreachable` (no answer, a timeout, a dropped
 * connection, a 5xx), `refused` (a 4xx with the contract's refusal), `bad_answer` (an answer
 * that does not follow the contract: it changes nothing).
 */
export class RegionRequestError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'refused' | 'bad_answer',
    message: string,
    readonly refusal: LinkRefusalBody['error'] | null = null,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** The region's origin, e.g. `https://region.example.gov.cn`. */
  url: string;
  token: string | null;
  timeoutMs: number;
  /** Aborts the request (the link is stopping). */
  signal?: AbortSignal;
}

async function request<T>(
  opts: RequestOptions,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  schema: z.ZodType<T>,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token !== null) headers.Authorization = `Bearer ${opts.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let status: number;
  let text: string;
  try {
    const res = await fetch(`${opts.url}${path}`, {
      method,
      headers,
      redirect: 'error',
      signal: opts.signal
        ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)])
        : AbortSignal.timeout(opts.timeoutMs),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    status = res.status;
    text = await readCapped(res);
  } catch (err) {
    throw new RegionRequestError('unreachable', `no answer from ${opts.url}: ${reasonOf(err)}`);
  }
  if (status >= 500) {
    throw new RegionRequestError('unreachable', `${opts.url} answered ${status}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    throw new RegionRequestError('bad_answer', `${opts.url} answered ${status} with no JSON`);
  }
  if (status >= 400) {
    const refusal = LinkRefusalSchema.safeParse(json);
    if (!refusal.success) {
      throw new RegionRequestError('bad_answer', `${opts.url} answered ${status} without a reason`);
    }
    const { error } = refusal.data;
    throw new RegionRequestError('refused', `${error.code}: ${error.message}`, error);
  }
  if (status !== 200) {
    throw new RegionRequestError('bad_answer', `${opts.url} answered ${status}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new RegionRequestError(
      'bad_answer',
      `${opts.url} answered what the link does not know (${where || 'body'}: ${parsed.error.issues[0]?.message ?? ''})`,
    );
  }
  return parsed.data;
}

/** The body, refused past ANSWER_MAX_BYTES. */
async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the rest of the stream.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > ANSWER_MAX_BYTES)
      throw new Error(`the answer is longer than ${ANSWER_MAX_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return err.message;
  }
  return String(err);
}

/** Trades a one-time code for the hall's token (no token: the code is the credential). */
export function requestPair(
  opts: Omit<RequestOptions, 'token'>,
  code: string,
  hubVersion: string,
): Promise<LinkPairResult> {
  return request(
    { ...opts, token: null },
    'POST',
    LINK_PATHS.pair,
    { code, hubVersion },
    LinkPairResultSchema,
  );
}

/** Where the region stands for a history. */
export function requestPosition(opts: RequestOptions, historyId: string): Promise<LinkPosition> {
  return request(
    opts,
    'GET',
    `${LINK_PATHS.position}?history=${encodeURIComponent(historyId)}`,
    undefined,
    LinkPositionSchema,
  );
}

/** Sends one batch; the answer comes after the region's COMMIT. */
export function requestBatch(opts: RequestOptions, batch: LinkBatch): Promise<LinkBatchResult> {
  return request(opts, 'POST', LINK_PATHS.batch, batch, LinkBatchResultSchema);
}

/**
 * The region's supervision instructions for the hall not yet seen received in its stream; the
 * query tells the region the hall's newest sequence (how far behind the link is).
 */
export function requestInstructions(
  opts: RequestOptions,
  historyId: string,
  lastSeq: number,
): Promise<LinkInstructionsResult> {
  return request(
    opts,
    'GET',
    `${LINK_PATHS.instructions}?history=${encodeURIComponent(historyId)}&last=${lastSeq}`,
    undefined,
    LinkInstructionsResultSchema,
  );
}
