import { formatIssues } from './hall-config.js';
import { PROTOCOL_VERSION } from './roles.js';
import { HandshakeAuthSchema } from './schemas.js';
import { safeParseInput } from './safe-parse.js';

/** `socket.handshake.auth`: a device's token, or a staff session's token for `/admin`. */
export interface HandshakeAuth {
  protocolVersion: number;
  token: string;
}

/** The `connect_error` messages the hub refuses a connection with; the client stops retrying. */
export type RefusalReason = 'protocol_mismatch' | 'unauthorized';
export const REFUSAL_REASONS = [
  'protocol_mismatch',
  'unauthorized',
] as const satisfies readonly RefusalReason[];

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
