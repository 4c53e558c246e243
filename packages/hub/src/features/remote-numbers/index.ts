export {
  answerRemoteRequest,
  confirmedAnswer,
  remoteSettings,
  remoteTicketOf,
} from './remote-numbers.js';
export { RemoteLink, startRemoteLink, type RemoteLinkOptions } from './remote-link.js';
