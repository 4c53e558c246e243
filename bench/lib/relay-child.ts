import { fileURLToPath } from 'node:url';
import { ServerChild } from './hub-child.js';

const RELAY = fileURLToPath(new URL('../relay-server.ts', import.meta.url));

/** The bare Socket.IO relay (bench/relay-server.ts) in a child process, like the hub. */
export class RelayChild extends ServerChild {
  /** On `port` (0: any free port; a port to restart the relay where its clients expect it). */
  static async start(port = 0): Promise<RelayChild> {
    const s = await ServerChild.spawnServer(['--import', 'tsx', RELAY, String(port)], '/health');
    return new RelayChild(s);
  }
}
