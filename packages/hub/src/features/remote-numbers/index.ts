export {
  answerRemoteRequest,
  confirmedAnswer,
  remoteSettings,
  remoteTicketOf,
} from './remote-numbers.js';
