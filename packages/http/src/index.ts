export { bodyOf, jsonRoutes } from './body.js';
export { errorBody, HttpError, type ErrorBody, type ErrorDetail } from './errors.js';
export { SECURITY_HEADERS, setSecurityHeaders } from './headers.js';
export { failureLimit, type FailureCounter, type FailureLimit } from './limits.js';
export { contentTypeOf, pageFile, MIME } from './pages.js';
export { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
export {
  attachRealtime,
  createWebServer,
  MAX_BODY_BYTES,
  pathOf,
  sendError,
  type WebServer,
  type WebServerOptions,
} from './server.js';
export { loadTls, TlsError, type TlsFiles } from './tls.js';
