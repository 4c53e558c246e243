import { randomUUID } from 'node:crypto';
import type { Command, RatingScore } from '@onestop/shared';
import type { Actor, Hub } from '@onestop/hub';

const SYSTEM: Actor = { kind: 'system' };

/** Runs a command as the hub's own (no client): fails the test on a refusal. */
export function runAsSystem(hub: Hub, command: Command): void {
  const out = hub.execute(SYSTEM, 'system', null, command);
  if (!out.ok) throw new Error(`${command.type}: ${out.error.code} ${out.error.message}`);
}

/**
 * One visitor of biz-open served at window w1 (opened by C01 if it is not) and rated on the
 * pad, straight on the hub; returns the ticket's id.
 */
export function serveAndRate(
  hub: Hub,
  rating: { score: RatingScore; reasons?: string[]; comment?: string; caseNumber?: string },
): string {
  runAsSystem(hub, {
    type: 'issue_ticket',
    itinerary: [{ serviceIds: ['biz-open'] }],
    class: 'normal',
    appointment: null,
    accessToken: `token-${randomUUID()}`,
  });
  if (hub.current.windows.get('w1')?.status !== 'open') {
    runAsSystem(hub, { type: 'open_window', windowId: 'w1', staffCode: 'C01' });
  }
  runAsSystem(hub, { type: 'call_next', windowId: 'w1' });
  const ticketId = hub.current.windows.get('w1')?.currentTicketId ?? '';
  runAsSystem(hub, { type: 'start_serving', windowId: 'w1' });
  runAsSystem(hub, {
    type: 'finish',
    windowId: 'w1',
    ...(rating.caseNumber ? { caseNumber: rating.caseNumber } : {}),
  });
  runAsSystem(hub, {
    type: 'rate',
    ticketId,
    score: rating.score,
    reasons: rating.reasons ?? [],
    ...(rating.comment ? { comment: rating.comment } : {}),
  });
  return ticketId;
}
