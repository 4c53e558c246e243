import type { Command, Role } from '@onestop/shared';
import type { Hub } from '@onestop/hub';

/*
 * The engine command the hub's socket layer (packages/hub/src/server/sockets.ts) makes of a
 * parsed message, for the in-process fuzz and its regressions. Window commands act for w1, as a
 * terminal paired to w1 would.
 */

/** What the socket layer would hand the engine for a parsed message; null when not an engine command. */
export function engineCommand(
  hub: Hub,
  role: Role,
  event: string,
  m: Record<string, unknown>,
): Command | null {
  const windowId = 'w1';
  const ticketId = String(m.ticketId);
  switch (`${role}/${event}`) {
    case 'kiosk/issue_ticket':
      return {
        type: 'issue_ticket',
        itinerary: m.itinerary as Extract<Command, { type: 'issue_ticket' }>['itinerary'],
        class: m.class as Extract<Command, { type: 'issue_ticket' }>['class'],
        appointment: null,
        accessToken: 'fuzz-access-token',
      };
    case 'window/open_window':
      return { type: 'open_window', windowId, staffCode: 'C01' };
    case 'window/pause_window':
      return {
        type: 'pause_window',
        windowId,
        reason: m.reason as Extract<Command, { type: 'pause_window' }>['reason'],
      };
    case 'window/resume_window':
    case 'window/close_window':
    case 'window/call_next':
    case 'window/recall':
    case 'window/start_serving':
    case 'window/finish':
    case 'window/no_show':
    case 'window/put_back':
      return { type: event as 'call_next', windowId };
    case 'window/call_specific':
      return { type: 'call_specific', windowId, ticketId };
    case 'window/transfer':
      return {
        type: 'transfer',
        windowId,
        toServiceId: m.toServiceId as string | null,
        toWindowId: m.toWindowId as string | null,
        note: String(m.note),
      };
    case 'window/park':
      return { type: 'park', windowId, until: m.until as number | null, note: String(m.note) };
    case 'window/unpark':
    case 'admin/unpark':
      return { type: 'unpark', ticketId };
    case 'window/cancel':
    case 'admin/cancel':
      return { type: 'cancel', ticketId, by: 'staff' };
    case 'rate/rate':
      return {
        type: 'rate',
        ticketId,
        score: m.score as Extract<Command, { type: 'rate' }>['score'],
        reasons: m.reasons as string[],
      };
    case 'admin/open_day':
      // The socket layer opens only today (see sockets.ts): so does this.
      return m.businessDay === null || m.businessDay === hub.today()
        ? { type: 'open_day', businessDay: hub.today() }
        : null;
    case 'admin/close_day':
      return { type: 'close_day' };
    default:
      return null;
  }
}
