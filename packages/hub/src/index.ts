/*
 * @onestop/hub's front door: what the tests, the benchmark and the tools use. Code outside
 * packages/hub imports from here ('@onestop/hub'), never from the hub's src/ or dist/ folders.
 * The `onestop-hub` command is cli.ts (bin/onestop-hub.js); importing this module starts nothing.
 */

// The hub, its clock and its version.
export {
  Hub,
  HUB_BUSY_TIMEOUT_MS,
  NoHallError,
  type CommandResult,
  type HubOptions,
  type Outcome,
} from './hub.js';
export { scaledClock } from './clock.js';
export { HUB_VERSION } from './version.js';

// The store.
export { Store, StoreError, latestVersion, type Actor } from './store/index.js';
export {
  DURABILITY_MODES,
  Durability,
  MAX_SYNCS_IN_FLIGHT,
  type DurabilityMode,
  type SyncFile,
} from './store/index.js';
export { CHECKPOINT_MODES, DEFAULT_CHECKPOINT, type CheckpointMode } from './store/index.js';
export { restoreDatabase } from './store/restore.js';

// The server: HTTP, Socket.IO, TLS, sessions and the limits it keeps.
export { LISTEN_BACKLOG, ListenError, startServer, type RunningServer } from './server/index.js';
export { PAGES } from './server/http.js';
export { loadTls, TlsError } from './server/tls.js';
export { LOGIN_POLICY, LoginGuard, checkStaffLogin } from './server/sessions.js';
export { CLERK_SESSION_MS } from './server/clerk-sessions.js';
export {
  MAX_CATCHUP_EVENTS,
  RATE_BURST,
  RATE_PER_S,
  SESSION_CHECK_MS,
  SYNC_COST_BURST,
  SYNC_COST_PER_S,
} from './server/sockets.js';
export { PAIR_GUESS_LIMIT } from './server/guess-limit.js';
export { AdminCommands } from './server/admin-commands.js';
export { searchAudit } from './features/audit/audit.js';
export { CHECKIN_GUESS_POLICY } from './features/appointments/appointments.js';
export type { TicketStatusView } from './features/ticket-status/ticket-status.js';

// The hall link to a region.
export {
  RegionLink,
  RegionLinkError,
  linkEventOf,
  setUpLink,
  startRegionLink,
  type RegionLinkOptions,
} from './features/region-link/index.js';

// Booking from the phone, through the region's public edge.
export {
  BookingLink,
  decideBookingRequest,
  openSlots,
  startBookingLink,
  type BookingLinkOptions,
} from './features/booking/index.js';
// The ticket's status and rating on the public edge, through the same link.
export {
  PublicStatusLink,
  ticketKey,
  type PublicStatusLinkOptions,
} from './features/public-status/index.js';

// 远程取号: numbers taken from the phone, answered for the region's link.
export {
  answerRemoteRequest,
  RemoteLink,
  remoteTicketOf,
  startRemoteLink,
  type RemoteLinkOptions,
} from './features/remote-numbers/index.js';
// The resident ID card's records (a remote request's ID number is recorded the same way).
export { VisitorIds } from './features/visitor-ids/visitor-ids.js';

// 叫号提醒: the turn-near messages' sender and providers.
export {
  NotifySender,
  RecordingNotifier,
  SmsGatewayNotifier,
  WechatNotifier,
  secretsFromEnv,
  type Notifier,
  type NotifySecrets,
  type OutgoingMessage,
  type SendOutcome,
} from './features/notify/index.js';
export { CASE_ALERT_CHECK_MS, caseAlertsDue } from './features/case-alerts/index.js';

// 好差评 upload to the provincial platform: the uploader and the default mapping.
export {
  defaultBody,
  defaultSignature,
  PlatformUploader,
  platformSecretFromEnv,
  uploadBackoffMs,
  type PlatformUploaderOptions,
} from './features/platform-upload/index.js';

// Devices, staff credentials and the demo hall.
export { createDevice, PAIRING_CODE_MS } from './features/devices/devices.js';
export { dummyPinHash, hashPin, hashSecret, verifyPin } from './auth.js';
export { DEMO_HALL, DEMO_STAFF } from './demo.js';

// The operator's files and command line.
export { parseCli } from './cli-args.js';
export { ConfigFileError, readHallFile } from './config-file.js';
export { ConfigDiffersError, ConfigRefusedError, describeConfigDiff } from './config-replace.js';
export {
  AppointmentsFileError,
  importAppointments,
  zonedToMillis,
} from './features/appointments-import/appointments-import.js';
export { RotatingLog, teeConsole } from './log-file.js';

// Reports.
export { computeReport, fillCaseRollups, fillRollups } from './reports/report.js';
