import { z } from 'zod';
import {
  PUBLIC_STATUS_LIMITS,
  PUBLIC_STATUS_PATHS,
  PublicRatingRequestsSchema,
  type PublicStatusPush,
  type Ticket,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { regionRequest } from '../region-link/region-client.js';
import { LinkRounds } from '../region-link/rounds.js';
import { applyPublicRating } from './apply-rating.js';
import { publicHall, publicTicket, ticketKey } from './public-view.js';

/*
 * The ticket's status and rating on the public edge, through the hall's one outgoing link
 * (docs/REGION.md, "The public edge"). Only when the hall has `hall.publicStatus` for the region
 * it is linked to. Each round pushes the tickets whose page changed (at most 500; the rest next
 * round) and those gone since (the day closed), pulls the ratings the page took, applies each
 * through the hub's own QR rules and posts the answers.
 */

const OkSchema = z.strictObject({ ok: z.literal(true) });

export interface PublicStatusLinkOptions {
  /** How often a round runs (ms, default 5000). */
  pollMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export class PublicStatusLink {
  /** What the region holds of each ticket, as last pushed (by key); null: nothing known yet. */
  private pushed: Map<string, string> | null = null;
  private pushedHall = '';
  private readonly keys = new Map<string, string>();
  private readonly rounds: LinkRounds;

  constructor(
    private readonly hub: Hub,
    private readonly options: PublicStatusLinkOptions = {},
  ) {
    this.rounds = new LinkRounds(() => this.exchange(), 'public status', options.log);
  }

  /** The key of each ticket of the day, the hash made once per ticket. */
  private byKey(): Map<string, Ticket> {
    const tickets = new Map<string, Ticket>();
    // A closed day's tickets leave the public edge (their page is the hub's, on its network).
    if (this.hub.current.day?.status !== 'open') return tickets;
    for (const ticket of this.hub.current.tickets.values()) {
      let key = this.keys.get(ticket.id);
      if (key === undefined) {
        key = ticketKey(ticket.accessToken);
        this.keys.set(ticket.id, key);
      }
      tickets.set(key, ticket);
    }
    return tickets;
  }

  /** The next push: the tickets changed since the last, those gone, the hall's words. */
  nextPush(): { push: PublicStatusPush; views: Map<string, string> } | null {
    const state = this.hub.current;
    const hall = publicHall(state);
    const views = new Map<string, string>();
    const changed: PublicStatusPush['tickets'] = [];
    for (const [key, ticket] of this.byKey()) {
      const view = publicTicket(this.hub, state, ticket, key);
      const json = JSON.stringify(view);
      views.set(key, json);
      if (this.pushed?.get(key) !== json && changed.length < PUBLIC_STATUS_LIMITS.maxTickets) {
        changed.push(view);
      }
    }
    const gone = [...(this.pushed?.keys() ?? [])]
      .filter((key) => !views.has(key))
      .slice(0, PUBLIC_STATUS_LIMITS.maxGone);
    const hallJson = JSON.stringify(hall);
    if (
      this.pushed !== null &&
      changed.length === 0 &&
      gone.length === 0 &&
      hallJson === this.pushedHall
    ) {
      return null;
    }
    return { push: { full: this.pushed === null, ...hall, tickets: changed, gone }, views };
  }

  /** One round; rounds never overlap. Gives how many ratings were answered. */
  round(): Promise<number> {
    return this.rounds.round();
  }

  private async exchange(): Promise<number> {
    const link = this.hub.store.regionLink.link();
    const edge = this.hub.config.hall.publicStatus;
    if (link === null || edge === undefined) return 0;
    if (edge.hallId !== link.hallId) {
      throw new Error(
        `hall.publicStatus names hall ${edge.hallId} but the hub is linked as ${link.hallId}`,
      );
    }
    const opts = {
      url: link.url,
      token: link.token,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      signal: this.rounds.aborts.signal,
    };
    await this.push(opts);
    const { ratings } = await regionRequest(
      opts,
      'GET',
      PUBLIC_STATUS_PATHS.ratings,
      undefined,
      PublicRatingRequestsSchema,
    );
    if (ratings.length === 0) return 0;
    const byKey = this.byKey();
    const answers = [];
    for (const request of ratings) answers.push(await applyPublicRating(this.hub, request, byKey));
    await regionRequest(opts, 'POST', PUBLIC_STATUS_PATHS.answers, { answers }, OkSchema);
    // The page shows the step rated at once.
    await this.push(opts);
    return answers.length;
  }

  private async push(opts: Parameters<typeof regionRequest>[0]): Promise<void> {
    const next = this.nextPush();
    if (next === null) return;
    await regionRequest(opts, 'POST', PUBLIC_STATUS_PATHS.push, next.push, OkSchema);
    const pushed = new Map(this.pushed ?? []);
    for (const key of next.push.gone) pushed.delete(key);
    for (const view of next.push.tickets) pushed.set(view.key, next.views.get(view.key) ?? '');
    this.pushed = pushed;
    this.pushedHall = JSON.stringify({ hall: next.push.hall, tags: next.push.tags });
    for (const [id, key] of this.keys) if (!next.views.has(key)) this.keys.delete(id);
  }

  /** Runs a round every `pollMs` until `stop`. */
  start(): void {
    this.rounds.start(this.options.pollMs ?? 5_000);
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }
}
