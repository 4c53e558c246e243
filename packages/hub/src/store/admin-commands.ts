import type { Store } from './store.js';

/**
 * The admin console's writes outside the engine that no other room of the store owns. Each runs
 * inside the caller's transaction (`Hub.record`), with its audit event.
 */
export function renameDevice(store: Store, deviceId: string, name: string): void {
  store.connection.prepare('UPDATE devices SET name = ? WHERE id = ?').run(name, deviceId);
}
