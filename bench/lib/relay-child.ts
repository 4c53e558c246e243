import { fileURLToPath } from 'node:url';
import { ServerChild } from './hub-child.js';

const RELAY = fileURLToPath(new URL('../relay-server.ts', import.meta.url));

/** The bare Socket.IO relay (bench/relay-server.ts) in a child process, like the hub. */
export class RelayChild extends ServerChild {
  static async start(): Promise<RelayChild> {
    const s = await ServerChild.spawnServer(['--import', 'tsx', RELAY], '/health');
    return new RelayChild(s.proc, s.url, s.spawnedAt, s.healthyAt, s.exited, s.output);
  }
}
