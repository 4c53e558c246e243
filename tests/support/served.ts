import type { HubTestHall } from './hall.js';
import { ok } from './acks.js';

/** A ticket of `serviceId` issued at a kiosk paired for it, called and being served at `windowId`. */
export async function beingServed(
  hall: HubTestHall,
  serviceId: string,
  windowId: string,
  staffCode: string,
) {
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const { ticket } = ok(
    await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
    }),
  );
  const window = await hall.openWindow(windowId, staffCode);
  ok(await window.command('call_next', {}));
  ok(await window.command('start_serving', {}));
  return { ticket, window };
}

/**
 * One visitor served start to finish: a ticket of `serviceId` issued at a kiosk paired for it,
 * called, served and finished at `windowId` by `staffCode`. Returns the ticket's id, ready to be
 * rated at that window's pad.
 */
export async function serveOne(
  hall: HubTestHall,
  serviceId: string,
  windowId: string,
  staffCode: string,
): Promise<string> {
  const { ticket, window } = await beingServed(hall, serviceId, windowId, staffCode);
  ok(await window.command('finish', {}));
  return ticket.id;
}
