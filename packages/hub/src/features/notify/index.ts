/** 叫号提醒 (issue 17): messages to visitors when their turn is near and when they are called. */
export { channelFor, inviteChannelFor, NotifyPlanner } from './planner.js';
export {
  httpFailure,
  networkFailure,
  RecordingNotifier,
  type MessageKind,
  type Notifier,
  type OutgoingMessage,
  type SendOutcome,
} from './notifier.js';
export {
  defaultBackoffMs,
  NotifySender,
  secretsFromEnv,
  type NotifySecrets,
  type NotifySenderOptions,
} from './sender.js';
export { SmsGatewayNotifier } from './sms.js';
export { WechatNotifier } from './wechat.js';
export { listOutbox, resendOutbox } from './console-outbox.js';
