// The hall's certificate and key: read and checked by the HTTP layer that serves them.
export { loadTls, TlsError, type TlsFiles } from '@onestop/http';
