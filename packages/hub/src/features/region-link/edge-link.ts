import { z } from 'zod';
import type { Hub } from '../../hub.js';
import type { RegionLinkRow } from '../../store/index.js';
import { regionRequest } from './region-client.js';
import { LinkRounds } from './rounds.js';

/*
 * What every feature of the public edge (booking, the ticket's status, remote numbers) does on
 * the hall's one outgoing link (docs/REGION.md, "The public edge"): rounds every few seconds
 * while the hub is linked, a push that goes up only when it changed, and a pull of the visitors'
 * requests answered and posted back. An answer lost on the way is sent again the next round: the
 * region offers a request until it has its answer, and the hub answers it from what it kept.
 */

export const OkSchema = z.strictObject({ ok: z.literal(true) });

/** How one round speaks to the region: its address, the hall's token, the time allowed. */
export type LinkCall = Parameters<typeof regionRequest>[0];

export interface EdgeLinkOptions {
  /** How often a round runs (ms, default 5000). */
  pollMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** A feature's exchange with the region, run in rounds that never overlap. */
export abstract class EdgeLink {
  private readonly rounds: LinkRounds;

  constructor(
    protected readonly hub: Hub,
    name: string,
    private readonly options: EdgeLinkOptions,
  ) {
    this.rounds = new LinkRounds(() => this.linked(), name, options.log);
  }

  /** One exchange while the hub is linked; gives how many requests it answered. */
  protected abstract exchange(call: LinkCall, link: RegionLinkRow): Promise<number>;

  private linked(): Promise<number> {
    const link = this.hub.store.regionLink.link();
    if (link === null) return Promise.resolve(0);
    const call: LinkCall = {
      url: link.url,
      token: link.token,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      signal: this.rounds.aborts.signal,
    };
    return this.exchange(call, link);
  }

  /** One round; a round asked for while one runs waits for it. */
  round(): Promise<number> {
    return this.rounds.round();
  }

  /** Runs a round every `pollMs` until `stop`. */
  start(): void {
    this.rounds.start(this.options.pollMs ?? 5_000);
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }
}

/** A push to one path that goes up only when it differs from the last that went up. */
export class ChangedPush {
  private last: string | null = null;

  constructor(private readonly path: string) {}

  async push(call: LinkCall, body: unknown): Promise<void> {
    const json = JSON.stringify(body);
    if (json === this.last) return;
    await regionRequest(call, 'POST', this.path, body, OkSchema);
    this.last = json;
  }
}

/**
 * Pulls the visitors' open requests (`pulled` reads them out of the answer), answers them all
 * and posts the answers. Gives how many were answered.
 */
export async function answerOpenRequests<Q, A>(
  call: LinkCall,
  paths: { requests: string; answers: string },
  pulled: z.ZodType<Q[]>,
  answer: (requests: Q[]) => Promise<A[]>,
): Promise<number> {
  const requests = await regionRequest(call, 'GET', paths.requests, undefined, pulled);
  if (requests.length === 0) return 0;
  const answers = await answer(requests);
  await regionRequest(call, 'POST', paths.answers, { answers }, OkSchema);
  return answers.length;
}
