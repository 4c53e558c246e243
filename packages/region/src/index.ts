export type { Queryable, QueryResult, RegionDb } from './db/types.js';
export { openPostgres } from './db/pg.js';
export { openPglite } from './db/pglite.js';
export { describeLocation, openStore, type StoreLocation } from './db/open.js';
export { RegionStoreError, type RegionStoreErrorCode } from './store/errors.js';
export { MIGRATIONS, latestVersion, migrate, schemaVersion } from './store/migrations/index.js';
export type { HallSummary } from './store/halls.js';
export { rebuildMonthRollups } from './store/rollups.js';
export {
  REGION_GROUPINGS,
  RegionReportQuerySchema,
  type RegionGrouping,
  type RegionReport,
  type RegionReportQuery,
} from './store/figures.js';
export {
  COMPLAINT_VIEWS,
  ComplaintQuerySchema,
  type ComplaintQuery,
  type ComplaintView,
  type HallNow,
  type SupervisedComplaint,
} from './store/supervision.js';
export { Region, type NewHall, type Outcome, type Refusal, type RegionOptions } from './region.js';
export {
  linkRoutes,
  refusalError,
  refusalStatus,
  type RegionRoutesOptions,
} from './http/link-routes.js';
export {
  buildRegionServer,
  healthRoutes,
  listen,
  type RegionServerOptions,
} from './http/server.js';
export { HALL_CHANGED_CHANNEL, HallChanges, type HallChange } from './live.js';
export { REGION_VERSION } from './version.js';
export { pushStatus, type EdgeTicket } from './public-status.js';
export {
  addAccount,
  ACCOUNT_ROLES,
  type AccountRole,
  type ConsoleAccount,
  type NewAccount,
} from './accounts.js';
export { consoleRoutes, CONSOLE_PAGE, type ConsoleRoutesOptions } from './http/console-routes.js';
export type { BoardAlert, BoardHall, BoardLink } from './supervision-board.js';
export type { InstructionView } from './supervision.js';
