import { formatIssues } from './hall-config.js';
import { PROTOCOL_VERSION } from './roles.js';
import { HandshakeAuthSchema } from './schemas.js';
import { safeParseInput } from './safe-parse.js';

/** `socket.handshake.auth`: a device's token, or a staff session's token for `/admin`. */
export interface HandshakeAuth {
  protocolVersion: number;
  token: string;
}

/**
 * Why the hub will not talk to this client any more; the client stops retrying. The first two
 * are `connect_error` messages at the handshake; `replaced` (and `unauthorized` for a socket
 * already open) come in an `ended` notice just before the hub disconnects the socket.
 */
export type RefusalReason = 'protocol_mismatch' | 'unauthorized' | 'replaced';
export const REFUSAL_REASONS = [
  'protocol_mismatch',
  'unauthorized',
  'replaced',
] as const satisfies readonly RefusalReason[];

/** Why the hub ends an open socket, told in an `ended` notice right before it disconnects it. */
export type EndReason = 'unauthorized' | 'replaced';
export const END_REASONS = ['unauthorized', 'replaced'] as const satisfies readonly EndReason[];

/**
 * The `ended` notice: `replaced` when the same paired device opened a newer connection (one live
 * connection per device), `unauthorized` when the device was unpaired or paired again, or the
 * console session expired or was ended. `message` is English detail for logs.
 */
export interface EndNotice {
  code: EndReason;
  message: string;
}

export type HandshakeCheck =
  { ok: true; auth: HandshakeAuth } | { ok: false; code: RefusalReason; message: string };

/**
 * Checks the version first, so a client of another version hears `protocol_mismatch` even if
 * its auth has another shape; anything else malformed is `unauthorized`. The token itself is the
 * hub's to verify.
 */
export function checkHandshake(raw: unknown): HandshakeCheck {
  const version =
    typeof raw === 'object' && raw !== null && 'protocolVersion' in raw
      ? raw.protocolVersion
      : undefined;
  if (version !== PROTOCOL_VERSION) {
    return {
      ok: false,
      code: 'protocol_mismatch',
      message: `this hub speaks protocol ${PROTOCOL_VERSION}, the client ${typeof version === 'number' ? String(version) : 'none'}`,
    };
  }
  const parsed = safeParseInput(HandshakeAuthSchema, raw);
  if (!parsed.success) {
    return { ok: false, code: 'unauthorized', message: formatIssues(parsed.error).join('; ') };
  }
  return { ok: true, auth: parsed.data };
}
