/** `@onestop/shared/client`: the hub client. A separate entry, so the hub never loads socket.io-client. */
export {
  HubClient,
  newCommandId,
  type CommandOutcome,
  type ConnectionListener,
  type EventsInfo,
  type EventsListener,
  type HubClientOptions,
  type StateListener,
} from './hub-client.js';
export { anchorOf, hallSpeed, hallTime, type HallClockAnchor } from './hall-clock.js';
export { MAX_HELD_BATCHES, Mirror, type AppliedEvents, type MirrorUpdate } from './mirror.js';
export type { ConnectionState } from '../protocol/roles.js';
export type { RefusalReason } from '../protocol/handshake.js';
