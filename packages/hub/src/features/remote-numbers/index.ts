export {
  answerRemoteRequest,
  codeRefusal,
  confirmedAnswer,
  remoteSettings,
  remoteTicketOf,
  remoteTicketOfCard,
} from './remote-numbers.js';
