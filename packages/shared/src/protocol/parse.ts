import type { ZodType } from 'zod';
import {
  AnswerInstructionSchema,
  AuditSchema,
  ChangeConfigSchema,
  ComplaintActionSchema,
  ListComplaintsSchema,
  OpenComplaintSchema,
  RenameDeviceSchema,
  ReportSchema,
  SetStaffPinSchema,
  UnlockStaffSchema,
  UnpairDeviceSchema,
} from './admin.js';
import { BookAppointmentSchema, CancelAppointmentSchema, CheckInSchema } from './appointments.js';
import {
  BookChangeMessageSchema,
  BookDaySchema,
  ListOutboxSchema,
  ResendOutboxSchema,
} from './console-book.js';
import type { CommandMessage, CommandName } from './events.js';
import { ListPlatformUploadsSchema, ResendPlatformUploadSchema } from './platform-upload.js';
import { ConfirmRemoteSchema } from './remote.js';
import { formatIssues } from './hall-config.js';
import { refusalIssues, type RefusalIssue } from './issues.js';
import { LIMITS } from './limits.js';
import type { Role } from './roles.js';
import {
  AssistMessageSchema,
  CloseAssistMessageSchema,
  BareMessageSchema,
  FinishSchema,
  CreateDeviceSchema,
  DeviceStatusSchema,
  IssueTicketSchema,
  OpenDaySchema,
  ParkSchema,
  PauseWindowSchema,
  RateSchema,
  StaffLoginSchema,
  StaffResumeSchema,
  SyncRequestSchema,
  TicketMessageSchema,
  TransferSchema,
} from './schemas.js';
import { safeParseInput } from './safe-parse.js';
import type { SyncRequest } from './sync.js';

/**
 * What the hub checks before running a command, beyond the connection's own role:
 * `connection` nothing more; `staff_login` a clerk logged in at this window terminal
 * (else `not_logged_in`); `admin_role` a session of staff role admin, not supervisor
 * (else `forbidden`).
 */
export type Requirement = 'connection' | 'staff_login' | 'admin_role';

export interface CommandEntry<M> {
  schema: ZodType<M>;
  requires: Requirement;
}

export type CommandTable = {
  [R in Role]: { [E in CommandName<R>]: CommandEntry<CommandMessage<R, E>> };
};

const deviceStatus = { schema: DeviceStatusSchema, requires: 'connection' } as const;
const atWindow = <M>(schema: ZodType<M>): CommandEntry<M> => ({ schema, requires: 'staff_login' });

/** Every command of every namespace with its schema: the hub loops over this to register handlers. */
export const COMMAND_SCHEMAS: CommandTable = {
  kiosk: {
    issue_ticket: { schema: IssueTicketSchema, requires: 'connection' },
    check_in: { schema: CheckInSchema, requires: 'connection' },
    device_status: deviceStatus,
    request_assist: { schema: BareMessageSchema, requires: 'connection' },
    confirm_remote: { schema: ConfirmRemoteSchema, requires: 'connection' },
  },
  window: {
    staff_login: { schema: StaffLoginSchema, requires: 'connection' },
    staff_resume: { schema: StaffResumeSchema, requires: 'connection' },
    staff_logout: atWindow(BareMessageSchema),
    open_window: atWindow(BareMessageSchema),
    pause_window: atWindow(PauseWindowSchema),
    resume_window: atWindow(BareMessageSchema),
    close_window: atWindow(BareMessageSchema),
    call_next: atWindow(BareMessageSchema),
    call_specific: atWindow(TicketMessageSchema),
    recall: atWindow(BareMessageSchema),
    start_serving: atWindow(BareMessageSchema),
    finish: atWindow(FinishSchema),
    no_show: atWindow(BareMessageSchema),
    put_back: atWindow(BareMessageSchema),
    transfer: atWindow(TransferSchema),
    park: atWindow(ParkSchema),
    unpark: atWindow(TicketMessageSchema),
    cancel: atWindow(TicketMessageSchema),
    device_status: deviceStatus,
    // The window's own figures: no login needed (then without a clerk's), never another window's.
    day_figures: { schema: BareMessageSchema, requires: 'connection' },
    // The masked name of the ticket at this window, when it was issued with an ID card.
    ticket_holder: atWindow(BareMessageSchema),
    answer_assist: { schema: AssistMessageSchema, requires: 'staff_login' },
    close_assist: { schema: CloseAssistMessageSchema, requires: 'staff_login' },
  },
  rate: {
    rate: { schema: RateSchema, requires: 'connection' },
    device_status: deviceStatus,
  },
  display: {
    device_status: deviceStatus,
  },
  admin: {
    open_day: { schema: OpenDaySchema, requires: 'connection' },
    close_day: { schema: BareMessageSchema, requires: 'connection' },
    cancel: { schema: TicketMessageSchema, requires: 'connection' },
    unpark: { schema: TicketMessageSchema, requires: 'connection' },
    create_device: { schema: CreateDeviceSchema, requires: 'admin_role' },
    list_devices: { schema: BareMessageSchema, requires: 'connection' },
    rename_device: { schema: RenameDeviceSchema, requires: 'admin_role' },
    unpair_device: { schema: UnpairDeviceSchema, requires: 'admin_role' },
    report: { schema: ReportSchema, requires: 'connection' },
    list_complaints: { schema: ListComplaintsSchema, requires: 'connection' },
    complaint_action: { schema: ComplaintActionSchema, requires: 'connection' },
    open_complaint: { schema: OpenComplaintSchema, requires: 'connection' },
    change_config: { schema: ChangeConfigSchema, requires: 'admin_role' },
    set_staff_pin: { schema: SetStaffPinSchema, requires: 'admin_role' },
    unlock_staff: { schema: UnlockStaffSchema, requires: 'admin_role' },
    audit: { schema: AuditSchema, requires: 'connection' },
    list_instructions: { schema: BareMessageSchema, requires: 'connection' },
    answer_instruction: { schema: AnswerInstructionSchema, requires: 'connection' },
    list_platform_uploads: { schema: ListPlatformUploadsSchema, requires: 'connection' },
    resend_platform_upload: { schema: ResendPlatformUploadSchema, requires: 'admin_role' },
    book_appointment: { schema: BookAppointmentSchema, requires: 'connection' },
    cancel_appointment: { schema: CancelAppointmentSchema, requires: 'connection' },
    answer_assist: { schema: AssistMessageSchema, requires: 'connection' },
    close_assist: { schema: CloseAssistMessageSchema, requires: 'connection' },
    book_day: { schema: BookDaySchema, requires: 'connection' },
    book_change: { schema: BookChangeMessageSchema, requires: 'admin_role' },
    list_outbox: { schema: ListOutboxSchema, requires: 'connection' },
    resend_outbox: { schema: ResendOutboxSchema, requires: 'admin_role' },
  },
};

/** The commands of a role, in a stable order (for docs, tests and handler registration). */
export function commandNames<R extends Role>(role: R): CommandName<R>[] {
  return Object.keys(COMMAND_SCHEMAS[role]) as CommandName<R>[];
}

/** Every event a client may send in the namespace of role `R`. */
export type MessageName<R extends Role> = CommandName<R> | 'sync';

export type MessageOf<R extends Role, E extends MessageName<R>> = E extends 'sync'
  ? SyncRequest
  : E extends CommandName<R>
    ? CommandMessage<R, E>
    : never;

export type ParseErrorCode = 'invalid_message' | 'message_too_large';

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ParseErrorCode; message: string; issues?: RefusalIssue[] } };

/** UTF-8 length of a string without TextEncoder (not in ES2023's lib). */
function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function messageBytes(raw: unknown): number {
  try {
    const json = JSON.stringify(raw) as string | undefined;
    return json === undefined ? 0 : utf8Length(json);
  } catch {
    return Infinity; // not JSON at all (a cycle, a BigInt): too large to matter
  }
}

function schemaOf(role: Role, event: string): ZodType | null {
  const table: Readonly<Record<string, CommandEntry<unknown>>> = COMMAND_SCHEMAS[role];
  if (event === 'sync') return SyncRequestSchema;
  // Own keys only: "constructor" or "__proto__" are not commands.
  return Object.hasOwn(table, event) ? (table[event]?.schema ?? null) : null;
}

/**
 * Parses a message that arrived in `role`'s namespace from `unknown`. On failure the message
 * names every wrong field by its path (`itinerary.0.serviceIds: Too small ...`).
 */
export function parseMessage<R extends Role, E extends MessageName<R>>(
  role: R,
  event: E,
  raw: unknown,
): ParseResult<MessageOf<R, E>>;
export function parseMessage(role: Role, event: string, raw: unknown): ParseResult<unknown>;
export function parseMessage(role: Role, event: string, raw: unknown): ParseResult<unknown> {
  const schema = schemaOf(role, event);
  if (!schema) {
    return {
      ok: false,
      error: { code: 'invalid_message', message: `${role} has no event "${event.slice(0, 64)}"` },
    };
  }
  const bytes = messageBytes(raw);
  if (bytes > LIMITS.maxMessageBytes) {
    return {
      ok: false,
      error: {
        code: 'message_too_large',
        message: `${event} is ${Number.isFinite(bytes) ? `${bytes} bytes` : 'not JSON'}; the limit is ${LIMITS.maxMessageBytes}`,
      },
    };
  }
  const parsed = safeParseInput(schema, raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = formatIssues(parsed.error);
  const shown = issues.slice(0, LIMITS.maxIssuesReported);
  const more = issues.length - shown.length;
  return {
    ok: false,
    error: {
      code: 'invalid_message',
      message: `invalid ${event}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
      issues: refusalIssues(parsed.error).slice(0, LIMITS.maxIssuesReported),
    },
  };
}
