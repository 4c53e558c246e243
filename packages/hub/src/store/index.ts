/**
 * The hub's durable store: one SQLite file, one writer (the hub process). The hub's SQL belongs
 * here, behind named methods (see docs/ARCHITECTURE.md, "The store").
 */
export { Store, lossAdvice } from './store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export {
  DEFAULT_DURABILITY,
  DURABILITY_MODES,
  Durability,
  failStop,
  MAX_SYNCS_IN_FLIGHT,
  type DurabilityMode,
  type DurabilityOptions,
  type SyncFile,
} from './durability.js';
export {
  CHECKPOINT_MODES,
  CheckpointWorker,
  DEFAULT_CHECKPOINT,
  WAL_CHECKPOINT_PAGES,
  type CheckpointerState,
  type CheckpointMode,
  type CheckpointWorkerOptions,
} from './checkpoints.js';
/** Which ticket and window an event names (the log's index; what a command's rows are). */
export { eventRefs } from './projections.js';
/** A stored issue's result names its ticket by this mark: the ticket its `ticket_issued` holds. */
export { ISSUED_TICKET } from './event-log.js';
export type {
  Actor,
  CheckpointResult,
  CommitInput,
  Device,
  NewDevice,
  StaffCredential,
  StoreFacts,
  StoreLoss,
  StoreOptions,
  StoredCommandResult,
} from './types.js';
export type { EventIdentity, HistoryStart } from './history.js';
export { backupFileName, parseBackupFileName, pruneBackups } from './backup-files.js';
export {
  BackupScheduler,
  type BackupOutcome,
  type BackupReason,
  type BackupSchedulerOptions,
  type BackupSource,
} from './backup-scheduler.js';
export { MIGRATIONS, latestVersion, migrate, type Migration } from './migrations/index.js';
export { AppointmentBook, type AppointmentRow } from './appointments.js';
export { VisitorIdRecords, type VisitorIdFigureRow, type VisitorIdRow } from './visitor-ids.js';
export { AuditLog, type AuditRecord } from './audit.js';
export {
  ClerkSessionRecords,
  type ClerkSessionRow,
  type SessionEndReason,
} from './clerk-sessions.js';
export {
  ComplaintRecords,
  type ComplaintActionRow,
  type ManualComplaintRow,
} from './complaints.js';
export {
  BUCKET_MS,
  POOR_UP_TO,
  ReportQueries,
  SATISFIED_FROM,
  type Base,
  type BaseKind,
  type CaseRollup,
  type CaseRow,
  type KeptCases,
  type StepKind,
  type StepSums,
  type TagCount,
  type TicketSums,
} from './reports.js';
export {
  RestoreError,
  claimDatabase,
  inspectBackup,
  restoreDatabase,
  type BackupFacts,
  type RestoreOutcome,
} from './restore.js';
export { RegionLinkRecords, type LinkSourceRow, type RegionLinkRow } from './region-link.js';
export {
  NotifyRecords,
  type InviteClaim,
  type NewOutboxMessage,
  type NotifyChannel,
  type NotifyKind,
  type NotifyParams,
  type NotifyWrites,
  type OutboxRow,
  type OutboxStatus,
} from './notify.js';
export { RegionInstructionRecords } from './region-instructions.js';
export {
  CaseAlertRecords,
  type CaseAlertDeadline,
  type CaseAlertRow,
  type CaseAlertState,
  type CaseAlertStatus,
  type NewCaseAlert,
} from './case-alerts.js';
export {
  PlatformUploadRecords,
  type PlatformOutboxFilter,
  type PlatformOutboxRow,
  type PlatformOutboxStatus,
} from './platform-upload.js';
export { StaffPhotoRecords, type StaffPhoto } from './staff-photos.js';
export { RatingFollowUpRecords, type FollowUpEvent } from './rating-follow-ups.js';
export { RemoteNumberRecords, type RemoteNumberRow } from './remote-numbers.js';
export { sql, sqlWith, Sql, type ParamsOf, type SqlValue } from './sql.js';
