import { BOOKING_PATHS, BookingRequestsResultSchema, type BookingSlotsPush } from '@onestop/shared';
import type { Hub } from '../../hub.js';
import {
  answerOpenRequests,
  ChangedPush,
  EdgeLink,
  type EdgeLinkOptions,
  type LinkCall,
} from '../region-link/edge-link.js';
import { decideBookingRequest } from './decide.js';
import { openSlots } from './slots.js';

/*
 * Booking's side of the hall's one outgoing link (docs/REGION.md, "The public edge"): like the
 * supervision instructions, everything comes down by the hub's asking. Each round pushes the
 * open slots (when they changed), pulls the visitors' requests, decides each (decide.ts) and
 * posts the answers up (region-link/edge-link.ts).
 */

export type BookingLinkOptions = EdgeLinkOptions;

export class BookingLink extends EdgeLink {
  private readonly slotsPush = new ChangedPush(BOOKING_PATHS.slots);

  constructor(hub: Hub, options: BookingLinkOptions = {}) {
    super(hub, 'booking link', options);
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
   * again when a request changed them. Gives how many requests were answered.
   */
  protected async exchange(call: LinkCall): Promise<number> {
    await this.slotsPush.push(call, this.slots());
    const answered = await answerOpenRequests(
      call,
      BOOKING_PATHS,
      BookingRequestsResultSchema.transform((r) => r.requests),
      (requests) => Promise.resolve(requests.map((r) => decideBookingRequest(this.hub, r))),
    );
    if (answered > 0) await this.slotsPush.push(call, this.slots());
    return answered;
  }
}

/** The booking link of a running hub, started at once. */
export function startBookingLink(hub: Hub, options: BookingLinkOptions = {}): BookingLink {
  const link = new BookingLink(hub, options);
  link.start();
  return link;
}
