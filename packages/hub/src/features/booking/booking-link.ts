import { z } from 'zod';
import { BOOKING_PATHS, BookingRequestsResultSchema, type BookingSlotsPush } from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { regionRequest } from '../region-link/region-client.js';
import { LinkRounds } from '../region-link/rounds.js';
import { decideBookingRequest } from './decide.js';
import { openSlots } from './slots.js';

/*
 * Booking's side of the hall's one outgoing link (docs/REGION.md, "The public edge"): like the
 * supervision instructions, everything comes down by the hub's asking. Each round pushes the
 * open slots (when they changed), pulls the visitors' requests, decides each
 * (decide.ts) and posts the answers up. An answer lost on the way is sent again the next round:
 * the region offers a request until it has its answer, and the hub answers it from what it kept.
 */

const OkSchema = z.strictObject({ ok: z.literal(true) });

export interface BookingLinkOptions {
  /** How often a round runs (ms, default 5000). */
  pollMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export class BookingLink {
  private lastPush: string | null = null;
  private readonly rounds: LinkRounds;

  constructor(
    private readonly hub: Hub,
    private readonly options: BookingLinkOptions = {},
  ) {
    this.rounds = new LinkRounds(() => this.exchange(), 'booking link', options.log);
  }

  /** The slots the hall offers now, as the region shows them. */
  slots(): BookingSlotsPush {
    const config = this.hub.config;
    const booking = config.hall.booking;
    const now = this.hub.now();
    const to = now + ((booking?.daysAhead ?? 0) + 2) * 86_400_000;
    const taken = new Map<string, number>();
    for (const row of this.hub.store.appointments.taken(now, to)) {
      taken.set(`${row.service_id}@${row.slot_at}`, row.n);
    }
    return {
      timezone: config.hall.timezone,
      slotMinutes: booking?.slotMinutes ?? 30,
      services: config.services
        .filter((s) => s.enabled && booking?.capacity[s.id] !== undefined)
        .map((s) => ({ id: s.id, name: { zh: s.name.zh, en: s.name.en } })),
      slots: openSlots(config, now, (id, at) => taken.get(`${id}@${at}`) ?? 0),
    };
  }

  /**
   * One round: push the slots if they changed, pull the requests, answer them, push the slots
   * again when a request changed them. Returns how many requests were answered. Rounds never
   * overlap: a round asked for while one runs waits for it.
   */
  round(): Promise<number> {
    return this.rounds.round();
  }

  private async exchange(): Promise<number> {
    const link = this.hub.store.regionLink.link();
    if (link === null) return 0;
    const opts = {
      url: link.url,
      token: link.token,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      signal: this.rounds.aborts.signal,
    };
    await this.push(opts);
    const { requests } = await regionRequest(
      opts,
      'GET',
      BOOKING_PATHS.requests,
      undefined,
      BookingRequestsResultSchema,
    );
    if (requests.length === 0) return 0;
    const answers = requests.map((request) => decideBookingRequest(this.hub, request));
    await regionRequest(opts, 'POST', BOOKING_PATHS.answers, { answers }, OkSchema);
    await this.push(opts);
    return answers.length;
  }

  private async push(opts: Parameters<typeof regionRequest>[0]): Promise<void> {
    const slots = this.slots();
    const body = JSON.stringify(slots);
    if (body === this.lastPush) return;
    await regionRequest(opts, 'POST', BOOKING_PATHS.slots, slots, OkSchema);
    this.lastPush = body;
  }

  /** Runs a round every `pollMs` until `stop`. */
  start(): void {
    this.rounds.start(this.options.pollMs ?? 5_000);
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }
}

/** The booking link of a running hub, started at once. */
export function startBookingLink(hub: Hub, options: BookingLinkOptions = {}): BookingLink {
  const link = new BookingLink(hub, options);
  link.start();
  return link;
}
