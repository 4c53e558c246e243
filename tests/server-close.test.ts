import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HubTestHall } from './support/hall.js';

let hall: HubTestHall | null = null;
afterEach(async () => {
  await hall?.close();
  hall = null;
});

/** A connection to the hub that sent part of a request's headers and nothing more. */
async function halfRequest(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined); // cut by the hub: expected
  socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  // Let the hub read it: its request has begun, so the connection is not idle.
  await new Promise((r) => setTimeout(r, 200));
  return { socket, closed };
}

describe('stopping the hub server', () => {
  it('ends even when a client never finishes its request: that connection is cut', async () => {
    hall = await HubTestHall.start();
    const open = await halfRequest(hall.server.port);
    // Node would hold such a connection until its headers timeout (a minute or more), and
    // the hub's stop with it; the test's own timeout is far shorter.
    await hall.server.close();
    await open.closed;
    expect(open.socket.destroyed).toBe(true);
    // The hall's own close closes the server again: harmless.
  }, 15_000);
});
