import type { AssistRequest, CommandAck, HallState } from '@onestop/shared';

/*
 * 帮办代办: a visitor at a kiosk calls the hall's staff; a supervisor or clerk answers (from the
 * console's monitor or a window terminal) and goes there; the ticket issued with that help
 * carries the mark. The calls are engine events (`assist_requested`, `assist_answered`) in the
 * day's state, so every staff screen sees them live and the audit lists them.
 */

/** The call for help `id` as it stands now, as a command's answer. */
export function assistAnswer(
  state: Readonly<HallState>,
  id: string | undefined,
): CommandAck<{ request: AssistRequest }> {
  const request = id === undefined ? undefined : state.assists.get(id);
  return request
    ? { ok: true, result: { request: { ...request } } }
    : {
        ok: false,
        error: { code: 'assist_unknown', message: `no call for help ${id ?? ''} today` },
      };
}

/** The latest call for help from kiosk `kioskId` today (its own command's answer, or a retry's). */
export function latestAssistOf(state: Readonly<HallState>, kioskId: string): string | undefined {
  let latest: AssistRequest | undefined;
  for (const request of state.assists.values()) {
    if (request.kioskId === kioskId && (!latest || request.requestedAt >= latest.requestedAt)) {
      latest = request;
    }
  }
  return latest?.id;
}

/**
 * Why kiosk `kioskId` may not issue a ticket with call `assistId`, or null: only its own call,
 * and only one not yet served or closed.
 */
export function assistIssueRefusal(
  state: Readonly<HallState>,
  kioskId: string | null,
  assistId: string | null | undefined,
): { ok: false; error: { code: 'assist_unknown'; message: string } } | null {
  if (assistId === undefined || assistId === null) return null;
  const request = state.assists.get(assistId);
  const open = request?.status === 'open' || request?.status === 'answered';
  if (request && request.kioskId === kioskId && open) return null;
  return {
    ok: false,
    error: { code: 'assist_unknown', message: `${assistId} is no open call of this kiosk` },
  };
}
