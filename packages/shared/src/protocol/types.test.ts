import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { EngineErrorCode } from '../domain/errors.js';
import type { DeviceKind } from '../domain/types.js';
import type {
  ENGINE_ERROR_CODES,
  ErrorCode,
  PROTOCOL_ERROR_CODES,
  ProtocolErrorCode,
} from './errors.js';
import type {
  ClientToServerEvents,
  CommandInput,
  CommandResultOf,
  KioskClientEvents,
  WindowClientEvents,
} from './events.js';
import type { HandshakeAuth } from './handshake.js';
import type { LoginRequest, PairRequest } from './http.js';
import type {
  BareMessage,
  CreateDeviceMessage,
  DeviceStatusMessage,
  IssueTicketMessage,
  OpenDayMessage,
  ParkMessage,
  PauseWindowMessage,
  RateMessage,
  StaffLoginMessage,
  StaffResumeMessage,
  TicketMessage,
  TransferMessage,
  WindowResult,
} from './messages.js';
import type { CONNECTION_STATES, ConnectionState, ROLES, Role } from './roles.js';
import type {
  BareMessageSchema,
  CreateDeviceSchema,
  DeviceStatusSchema,
  HandshakeAuthSchema,
  IssueTicketSchema,
  LoginRequestSchema,
  OpenDaySchema,
  PairRequestSchema,
  ParkSchema,
  PauseWindowSchema,
  RateSchema,
  StaffLoginSchema,
  StaffResumeSchema,
  SyncRequestSchema,
  TicketMessageSchema,
  TransferSchema,
} from './schemas.js';
import type { SyncRequest } from './sync.js';

/* Compile-time checks (tsc runs them; vitest only needs one test to call the file a suite). */

/** True when each type is assignable to the other. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Assignable both ways and with the same keys (an extra optional key passes `Mutual` alone). */
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
/** The schema parses to exactly the interface, and takes exactly it (no defaults, no transforms). */
type Matches<S extends z.ZodType, T> =
  Same<z.output<S>, T> extends true ? Same<z.input<S>, T> : false;
function check<T extends true>(): T | undefined {
  return undefined;
}

check<Matches<typeof HandshakeAuthSchema, HandshakeAuth>>();
check<Matches<typeof SyncRequestSchema, SyncRequest>>();
check<Matches<typeof BareMessageSchema, BareMessage>>();
check<Matches<typeof TicketMessageSchema, TicketMessage>>();
check<Matches<typeof IssueTicketSchema, IssueTicketMessage>>();
check<Matches<typeof DeviceStatusSchema, DeviceStatusMessage>>();
check<Matches<typeof StaffLoginSchema, StaffLoginMessage>>();
check<Matches<typeof StaffResumeSchema, StaffResumeMessage>>();
check<Matches<typeof PauseWindowSchema, PauseWindowMessage>>();
check<Matches<typeof TransferSchema, TransferMessage>>();
check<Matches<typeof ParkSchema, ParkMessage>>();
check<Matches<typeof RateSchema, RateMessage>>();
check<Matches<typeof OpenDaySchema, OpenDayMessage>>();
check<Matches<typeof CreateDeviceSchema, CreateDeviceMessage>>();
check<Matches<typeof PairRequestSchema, PairRequest>>();
check<Matches<typeof LoginRequestSchema, LoginRequest>>();

// The lists hold every member of their unions.
check<Mutual<(typeof ENGINE_ERROR_CODES)[number], EngineErrorCode>>();
check<Mutual<(typeof PROTOCOL_ERROR_CODES)[number], ProtocolErrorCode>>();
check<Mutual<(typeof ROLES)[number], Role>>();
check<Mutual<(typeof CONNECTION_STATES)[number], ConnectionState>>();
check<Mutual<ErrorCode, EngineErrorCode | ProtocolErrorCode>>();

// `device_status` has an optional printer; without exactOptional it would also take `undefined`.
check<Mutual<DeviceStatusMessage['printer'], DeviceStatusMessage['printer']>>();
// @ts-expect-error -- an explicit undefined is not a printer status
const noPrinter: DeviceStatusMessage = {
  commandId: 'x',
  state: 'ok',
  detail: '',
  printer: undefined,
};

// The event maps are what Socket.IO's typed emit and on expect.
type IssueHandler = KioskClientEvents['issue_ticket'];
check<Mutual<Parameters<IssueHandler>[0], IssueTicketMessage>>();
check<Mutual<ClientToServerEvents<'window'>, WindowClientEvents>>();
check<Mutual<CommandResultOf<'window', 'call_next'>, WindowResult>>();
check<Mutual<CommandInput<'window', 'pause_window'>, Omit<PauseWindowMessage, 'commandId'>>>();
// A role has only its own commands.
// @ts-expect-error -- a kiosk cannot call
const kioskCall: keyof ClientToServerEvents<'kiosk'> = 'call_next';
check<'device_status' extends keyof ClientToServerEvents<'display'> ? true : false>();
check<'sync' extends keyof ClientToServerEvents<'admin'> ? true : false>();
check<Mutual<DeviceKind, DeviceKind>>();

describe('protocol types', () => {
  it('compile (the checks above are type-level)', () => {
    const unused = [noPrinter, kioskCall];
    expect(unused).toHaveLength(2);
  });
});
