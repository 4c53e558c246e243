export {
  answerRemoteRequest,
  codeRefusal,
  confirmedAnswer,
  remoteSettings,
  remoteTicketOf,
  remoteTicketOfCard,
} from './remote-numbers.js';
export { RemoteLink, startRemoteLink, type RemoteLinkOptions } from './remote-link.js';
