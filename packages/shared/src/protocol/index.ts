/**
 * The hub's protocol: roles and namespaces, the handshake, every message's type and zod schema,
 * error codes, limits, sync and snapshots, and what each role may see.
 * (hall-config.ts is exported by the package index itself.)
 */
export * from './roles.js';
export * from './errors.js';
export * from './limits.js';
export * from './messages.js';
export * from './schemas.js';
export * from './plain-text.js';
export * from './sync.js';
export * from './events.js';
export * from './parse.js';
export * from './safe-parse.js';
export * from './handshake.js';
export * from './http.js';
export * from './redact.js';
export * from './examples.js';
export * from './admin.js';
export * from './appointments.js';
export * from './console-book.js';
export * from './issues.js';
export * from './notify.js';
export * from './sunshine.js';
export * from './platform-upload.js';
export * from './remote.js';
