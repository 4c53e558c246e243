import type { HubTestHall } from './hall.js';
import { ok } from './acks.js';

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
  ok(await window.command('finish', {}));
  return ticket.id;
}
