import {
  PUBLIC_STATUS_LIMITS,
  PUBLIC_STATUS_PATHS,
  PublicRatingRequestsSchema,
  type PublicStatusPush,
  type Ticket,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { RegionLinkRow } from '../../store/index.js';
import {
  answerOpenRequests,
  EdgeLink,
  OkSchema,
  type EdgeLinkOptions,
  type LinkCall,
} from '../region-link/edge-link.js';
import { regionRequest } from '../region-link/region-client.js';
import { applyPublicRating } from './apply-rating.js';
import { publicHall, publicTicket, ticketKey } from './public-view.js';

/*
 * The ticket's status and rating on the public edge, through the hall's one outgoing link
 * (docs/REGION.md, "The public edge"). Only when the hall has `hall.publicStatus` for the region
 * it is linked to. Each round pushes the tickets whose page changed (at most 500; the rest next
 * round) and those gone since (the day closed), pulls the ratings the page took, applies each
 * through the hub's own QR rules and posts the answers.
 */

export type PublicStatusLinkOptions = EdgeLinkOptions;

export class PublicStatusLink extends EdgeLink {
  /** What the region holds of each ticket, as last pushed (by key); null: nothing known yet. */
  private pushed: Map<string, string> | null = null;
  private pushedHall = '';
  private readonly keys = new Map<string, string>();

  constructor(hub: Hub, options: PublicStatusLinkOptions = {}) {
    super(hub, 'public status', options);
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

  /** One round: the changed tickets up, the ratings down and answered. */
  protected async exchange(call: LinkCall, link: RegionLinkRow): Promise<number> {
    const edge = this.hub.config.hall.publicStatus;
    if (edge === undefined) return 0;
    if (edge.hallId !== link.hallId) {
      throw new Error(
        `hall.publicStatus names hall ${edge.hallId} but the hub is linked as ${link.hallId}`,
      );
    }
    await this.push(call);
    const answered = await answerOpenRequests(
      call,
      { requests: PUBLIC_STATUS_PATHS.ratings, answers: PUBLIC_STATUS_PATHS.answers },
      PublicRatingRequestsSchema.transform((r) => r.ratings),
      async (ratings) => {
        const byKey = this.byKey();
        const answers = [];
        for (const request of ratings) {
          answers.push(await applyPublicRating(this.hub, request, byKey));
        }
        return answers;
      },
    );
    // The page shows the step rated at once.
    if (answered > 0) await this.push(call);
    return answered;
  }

  private async push(call: LinkCall): Promise<void> {
    const next = this.nextPush();
    if (next === null) return;
    await regionRequest(call, 'POST', PUBLIC_STATUS_PATHS.push, next.push, OkSchema);
    const pushed = new Map(this.pushed ?? []);
    for (const key of next.push.gone) pushed.delete(key);
    for (const view of next.push.tickets) pushed.set(view.key, next.views.get(view.key) ?? '');
    this.pushed = pushed;
    this.pushedHall = JSON.stringify({ hall: next.push.hall, tags: next.push.tags });
    for (const [id, key] of this.keys) if (!next.views.has(key)) this.keys.delete(id);
  }
}
