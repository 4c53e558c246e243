import type * as Admin from './admin.js';
import type * as Appointments from './appointments.js';
import type * as Book from './console-book.js';
import type * as Upload from './platform-upload.js';
import type * as Remote from './remote.js';
import type { CommandAck } from './errors.js';
import type { EndNotice } from './handshake.js';
import type {
  AssistMessage,
  CloseAssistMessage,
  AssistResult,
  BareMessage,
  FinishMessage,
  CreateDeviceMessage,
  CreateDeviceResult,
  DayFiguresResult,
  TicketHolderResult,
  DayResult,
  DeviceStatusMessage,
  EmptyResult,
  IssueTicketMessage,
  IssueTicketResult,
  OpenDayMessage,
  ParkMessage,
  PauseWindowMessage,
  RateMessage,
  StaffLoginMessage,
  StaffLoginResult,
  StaffResumeMessage,
  TicketMessage,
  TicketResult,
  TransferMessage,
  WindowResult,
} from './messages.js';
import type { Role } from './roles.js';
import type { EventBatch, SyncRequest, SyncResult } from './sync.js';

/** One command: the message the client sends and the result its acknowledgement carries. */
export interface CommandSpec<Message, Result> {
  message: Message;
  result: Result;
}

/** `/kiosk`: a kiosk may only issue tickets (and report its printer). */
export interface KioskCommands {
  issue_ticket: CommandSpec<IssueTicketMessage, IssueTicketResult>;
  check_in: CommandSpec<Appointments.CheckInMessage, Appointments.CheckInResult>;
  device_status: CommandSpec<DeviceStatusMessage, EmptyResult>;
  /** 帮办代办: calls the hall's staff to this kiosk. */
  request_assist: CommandSpec<BareMessage, AssistResult>;
  /** 远程取号: confirms a number taken from the phone, by its code. */
  confirm_remote: CommandSpec<Remote.ConfirmRemoteMessage, Remote.ConfirmRemoteResult>;
}

/** `/window`: a window terminal acts only for the window it was paired with. */
export interface WindowCommands {
  staff_login: CommandSpec<StaffLoginMessage, StaffLoginResult>;
  staff_resume: CommandSpec<StaffResumeMessage, StaffLoginResult>;
  staff_logout: CommandSpec<BareMessage, EmptyResult>;
  open_window: CommandSpec<BareMessage, WindowResult>;
  pause_window: CommandSpec<PauseWindowMessage, WindowResult>;
  resume_window: CommandSpec<BareMessage, WindowResult>;
  close_window: CommandSpec<BareMessage, WindowResult>;
  call_next: CommandSpec<BareMessage, WindowResult>;
  call_specific: CommandSpec<TicketMessage, WindowResult>;
  recall: CommandSpec<BareMessage, WindowResult>;
  start_serving: CommandSpec<BareMessage, WindowResult>;
  finish: CommandSpec<FinishMessage, WindowResult>;
  no_show: CommandSpec<BareMessage, WindowResult>;
  put_back: CommandSpec<BareMessage, WindowResult>;
  transfer: CommandSpec<TransferMessage, WindowResult>;
  park: CommandSpec<ParkMessage, WindowResult>;
  unpark: CommandSpec<TicketMessage, WindowResult>;
  cancel: CommandSpec<TicketMessage, WindowResult>;
  device_status: CommandSpec<DeviceStatusMessage, EmptyResult>;
  day_figures: CommandSpec<BareMessage, DayFiguresResult>;
  ticket_holder: CommandSpec<BareMessage, TicketHolderResult>;
  /** 帮办代办: the clerk logged in here goes to the kiosk that called. */
  answer_assist: CommandSpec<AssistMessage, AssistResult>;
  close_assist: CommandSpec<CloseAssistMessage, AssistResult>;
}

/** `/rate`: the rating pad of one window. */
export interface RateCommands {
  rate: CommandSpec<RateMessage, EmptyResult>;
  device_status: CommandSpec<DeviceStatusMessage, EmptyResult>;
}

/** `/display`: watches; it only reports its own health. */
export interface DisplayCommands {
  device_status: CommandSpec<DeviceStatusMessage, EmptyResult>;
}

/** `/admin`: a supervisor's or admin's session. */
export interface AdminCommands {
  open_day: CommandSpec<OpenDayMessage, DayResult>;
  close_day: CommandSpec<BareMessage, DayResult>;
  cancel: CommandSpec<TicketMessage, TicketResult>;
  unpark: CommandSpec<TicketMessage, TicketResult>;
  create_device: CommandSpec<CreateDeviceMessage, CreateDeviceResult>;
  list_devices: CommandSpec<BareMessage, Admin.ListDevicesResult>;
  rename_device: CommandSpec<Admin.RenameDeviceMessage, Admin.DeviceResult>;
  unpair_device: CommandSpec<Admin.UnpairDeviceMessage, Admin.DeviceResult>;
  report: CommandSpec<Admin.ReportMessage, Admin.ReportResult>;
  list_complaints: CommandSpec<Admin.ListComplaintsMessage, Admin.ListComplaintsResult>;
  complaint_action: CommandSpec<Admin.ComplaintActionMessage, Admin.ComplaintResult>;
  open_complaint: CommandSpec<Admin.OpenComplaintMessage, Admin.ComplaintResult>;
  change_config: CommandSpec<Admin.ChangeConfigMessage, Admin.ChangeConfigResult>;
  set_staff_pin: CommandSpec<Admin.SetStaffPinMessage, Admin.StaffPinResult>;
  unlock_staff: CommandSpec<Admin.UnlockStaffMessage, Admin.UnlockStaffResult>;
  audit: CommandSpec<Admin.AuditMessage, Admin.AuditResult>;
  list_instructions: CommandSpec<BareMessage, Admin.ListInstructionsResult>;
  answer_instruction: CommandSpec<Admin.AnswerInstructionMessage, Admin.InstructionResult>;
  list_platform_uploads: CommandSpec<
    Upload.ListPlatformUploadsMessage,
    Upload.ListPlatformUploadsResult
  >;
  resend_platform_upload: CommandSpec<
    Upload.ResendPlatformUploadMessage,
    Upload.ResendPlatformUploadResult
  >;
  book_appointment: CommandSpec<
    Appointments.BookAppointmentMessage,
    Appointments.AppointmentResult
  >;
  cancel_appointment: CommandSpec<
    Appointments.CancelAppointmentMessage,
    Appointments.AppointmentResult
  >;
  /** 帮办代办: the supervisor of the console session goes to the kiosk that called. */
  answer_assist: CommandSpec<AssistMessage, AssistResult>;
  close_assist: CommandSpec<CloseAssistMessage, AssistResult>;
  /** The book (预约) and the notification outbox (通知) of the console. */
  book_day: CommandSpec<Book.BookDayMessage, Book.BookDayResult>;
  book_change: CommandSpec<Book.BookChangeMessage, Book.BookChangeResult>;
  list_outbox: CommandSpec<Book.ListOutboxMessage, Book.ListOutboxResult>;
  resend_outbox: CommandSpec<Book.ResendOutboxMessage, Book.ResendOutboxResult>;
}

export interface CommandsByRole {
  kiosk: KioskCommands;
  window: WindowCommands;
  rate: RateCommands;
  display: DisplayCommands;
  admin: AdminCommands;
}

/** Distributes over a union of roles: `CommandName<Role>` is every command of any role. */
export type CommandName<R extends Role> = R extends Role ? keyof CommandsByRole[R] & string : never;

type SpecOf<R extends Role, E extends CommandName<R>> = CommandsByRole[R][E];

/** What the client sends for command `E` of role `R`, with its `commandId`. */
export type CommandMessage<R extends Role, E extends CommandName<R>> =
  SpecOf<R, E> extends CommandSpec<infer M, unknown> ? M : never;

/** What a caller of `HubClient.command` passes: the message without `commandId`. */
export type CommandInput<R extends Role, E extends CommandName<R>> = WithoutCommandId<
  CommandMessage<R, E>
>;
/** Each member of a union message (`confirm_remote`: a code or a card) without its command id. */
type WithoutCommandId<M> = M extends unknown ? Omit<M, 'commandId'> : never;

export type CommandResultOf<R extends Role, E extends CommandName<R>> =
  SpecOf<R, E> extends CommandSpec<unknown, infer Res> ? Res : never;

/** Every namespace answers `sync`. */
export interface SyncEvents {
  sync: (request: SyncRequest, ack: (result: SyncResult) => void) => void;
}

/** Socket.IO's listen map of a role: each command is an emit with an acknowledgement. */
export type ClientEventsOf<C> = {
  [E in keyof C]: C[E] extends CommandSpec<infer M, infer Res>
    ? (message: M, ack: (ack: CommandAck<Res>) => void) => void
    : never;
} & SyncEvents;

export type KioskClientEvents = ClientEventsOf<KioskCommands>;
export type WindowClientEvents = ClientEventsOf<WindowCommands>;
export type RateClientEvents = ClientEventsOf<RateCommands>;
export type DisplayClientEvents = ClientEventsOf<DisplayCommands>;
export type AdminClientEvents = ClientEventsOf<AdminCommands>;

/** `Server<ClientToServerEvents<'kiosk'>, ServerToClientEvents>` on the hub, the reverse on a client. */
export type ClientToServerEvents<R extends Role> = ClientEventsOf<CommandsByRole[R]>;

/**
 * What the hub pushes: the events of each committed command, redacted for the role; and, just
 * before it disconnects a socket for good, why (the client then stops reconnecting).
 */
export interface ServerToClientEvents {
  batch: (batch: EventBatch) => void;
  ended: (notice: EndNotice) => void;
}
