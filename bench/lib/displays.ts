import { PROTOCOL_VERSION, type SyncRequest, type SyncResult } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { io, type Socket } from 'socket.io-client';
import { connectClient } from './hall.js';
import { pool } from './util.js';

/** What a display does with a call: the call's key (ticket id) and when its batch arrived. */
export type OnCall = (key: string, arrivedAt: number) => void;

/** The part of a batch a bare display reads; the hub's `EventBatch` and the relay's alike. */
export interface BareBatch {
  from: number;
  to: number;
  events: { type: string; ticketId?: unknown }[];
}

interface DisplayListens {
  batch: (batch: BareBatch) => void;
}
interface DisplayEmits {
  sync: (request: SyncRequest, ack: (result: SyncResult) => void) => void;
}

export interface Display {
  close(): void;
}

/** JSON sizes of the batches one display saw, by the type of their first event. */
export class BatchSizes {
  readonly byType = new Map<string, number[]>();
  add(batch: BareBatch): void {
    const type = batch.events[0]?.type ?? '(empty)';
    const list = this.byType.get(type) ?? [];
    if (list.length < 50) list.push(JSON.stringify(batch).length);
    this.byType.set(type, list);
  }
  /** The median size of `type`, or `fallback` when none was seen. */
  size(type: string, fallback: number): number {
    const list = [...(this.byType.get(type) ?? [])].sort((a, b) => a - b);
    return list[Math.floor(list.length / 2)] ?? fallback;
  }
}

function called(batch: BareBatch, onCall: OnCall): void {
  const at = performance.now();
  for (const event of batch.events) {
    if (event.type === 'ticket_called' && typeof event.ticketId === 'string')
      onCall(event.ticketId, at);
  }
}

/**
 * The lightest display: one socket.io-client socket (WebSocket, its own connection), the same
 * library and options HubClient uses, but no mirror. On the hub it authenticates and syncs once
 * like a HubClient (the hub does the same work for it); on the relay it only listens.
 */
export function connectBare(
  url: string,
  auth: { protocolVersion: number; token: string } | null,
  onCall: OnCall,
  /** Gets every batch (BatchSizes, or the simulator's recorder). */
  sizes: { add(batch: BareBatch): void } | null,
): Promise<Display> {
  const socket: Socket<DisplayListens, DisplayEmits> = io(`${url}/display`, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelayMax: 5_000,
    ...(auth ? { auth } : {}),
  });
  socket.on('batch', (batch) => {
    called(batch, onCall);
    sizes?.add(batch);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a display did not connect in 30 s')), 30_000);
    const done = (): void => {
      clearTimeout(timer);
      resolve({ close: () => socket.disconnect() });
    };
    socket.once('connect', () => {
      if (!auth) return done();
      socket.timeout(30_000).emit('sync', { lastSeq: 0 }, (err) => {
        if (err) reject(err);
        else done();
      });
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized' || err.message === 'protocol_mismatch') {
        clearTimeout(timer);
        reject(new Error(`the hub refused a display: ${err.message}`));
      }
    });
  });
}

/** A HubClient display: the real thing, with its mirror of the hall; calls from its onEvents. */
export async function connectHubClient(
  url: string,
  token: string,
  onCall: OnCall,
): Promise<Display> {
  const client: HubClient<'display'> = await connectClient(url, 'display', token);
  client.onEvents((events, info) => {
    if (info.replayed) return;
    const at = performance.now();
    for (const event of events) if (event.type === 'ticket_called') onCall(event.ticketId, at);
  });
  return { close: () => client.close() };
}

/** Connects `count` displays, `concurrency` at a time (a hall's displays do not all boot at once). */
export function connectMany(
  count: number,
  connect: (i: number) => Promise<Display>,
  concurrency = 50,
): Promise<Display[]> {
  return pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    (i) => connect(i),
  );
}

export const handshake = (token: string): { protocolVersion: number; token: string } => ({
  protocolVersion: PROTOCOL_VERSION,
  token,
});
