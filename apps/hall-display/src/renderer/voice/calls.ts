import type { HallState, SequencedEvent } from '@onestop/shared';
import type { EventsInfo } from '@onestop/shared/client';
import type { CallToAnnounce } from './queue.js';

/**
 * The calls to announce among a batch of events: live `ticket_called` and `ticket_recalled`
 * at the windows this display shows. Events a sync replayed (what happened while the display
 * was away) are never announced: those visitors were called long ago.
 */
export function callsToAnnounce(
  events: readonly SequencedEvent[],
  info: EventsInfo,
  state: HallState | null,
  windowIds: ReadonlySet<string>,
): CallToAnnounce[] {
  if (info.replayed || state === null) return [];
  const out: CallToAnnounce[] = [];
  for (const event of events) {
    if (event.type !== 'ticket_called' && event.type !== 'ticket_recalled') continue;
    if (!windowIds.has(event.windowId)) continue;
    const window = state.config.windows.find((w) => w.id === event.windowId);
    if (!window) continue;
    // The id is `${businessDay}/${number}`; the mirror has the ticket once the event applied.
    const number =
      state.tickets.get(event.ticketId)?.number ?? event.ticketId.split('/').pop() ?? '';
    if (number === '') continue;
    out.push({
      ticketId: event.ticketId,
      number,
      windowId: window.id,
      windowNumber: window.number,
      kind: event.type === 'ticket_called' ? 'call' : 'recall',
    });
  }
  return out;
}
