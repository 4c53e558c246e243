import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IssueTicketResult, SyncRequest, SyncResult } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { io, type Socket } from 'socket.io-client';
import { handshake } from './displays.js';
import { connectClient } from './hall.js';

/** One issue's answer as the bench reads it. */
export type IssueAck =
  { ok: true; ticket: IssueTicketResult['ticket'] } | { ok: false; code: string };

/**
 * A kiosk of the issue phase: it issues one ticket at a time and counts the messages the hub
 * sent it (`batches`, besides one ack per issue), so two kinds of kiosk can be checked to make
 * the hub do the same work.
 */
export interface Kiosk {
  issue(serviceId: string): Promise<IssueAck>;
  /** The `batch` messages this kiosk has received since it connected. */
  readonly batches: number;
  close(): void;
}

/**
 * `HubClient` kiosks: the real client, as a kiosk page runs it: every command's ack awaited with
 * idempotent retries, every batch folded into its mirror of the hall.
 */
export async function connectHubClientKiosk(url: string, token: string): Promise<Kiosk> {
  let batches = 0;
  // HubClient's `io` is replaceable (for tests): wrapped here to count the batches it gets.
  const counting = ((uri: string, opts: Parameters<typeof io>[1]) => {
    const socket = io(uri, opts);
    socket.on('batch', () => void batches++);
    return socket;
  }) as unknown as typeof io;
  const client: HubClient<'kiosk'> = await connectClient(url, 'kiosk', token, counting);
  return {
    issue: async (serviceId) => {
      const ack = await client.command('issue_ticket', {
        itinerary: [{ serviceIds: [serviceId] }],
        class: 'normal',
      });
      return ack.ok ? { ok: true, ticket: ack.result.ticket } : { ok: false, code: ack.error.code };
    },
    get batches() {
      return batches;
    },
    close: () => client.close(),
  };
}

interface KioskListens {
  batch: (batch: unknown) => void;
}
interface KioskEmits {
  sync: (request: SyncRequest, ack: (result: SyncResult) => void) => void;
  issue_ticket: (
    message: { itinerary: { serviceIds: string[] }[]; class: 'normal'; commandId: string },
    ack: (answer: IssueAnswer) => void,
  ) => void;
}
type IssueAnswer =
  { ok: true; result: IssueTicketResult } | { ok: false; error: { code: string; message: string } };

/** A packet of socket.io's protocol, as socket.io-client's manager hands it to its parser. */
interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}
const EVENT = 2;
const BATCH = '["batch",';

/**
 * socket.io's wire format (socket.io-parser's text packets: all a kiosk and the hub exchange,
 * nothing binary), except that a `batch` event's payload is not parsed: the kiosk only counts
 * it. The hub cannot tell: it sends the same bytes and reads the same packets. In a hall each
 * kiosk parses its batches on its own machine; here 16 kiosks share the hub's cores, and JSON
 * parsing every batch was the largest part of the bench's CPU per issue.
 */
class KioskEncoder {
  encode(packet: Packet): string[] {
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) text += String(packet.id);
    if (packet.data !== undefined && packet.data !== null) text += JSON.stringify(packet.data);
    return [text];
  }
}

class KioskDecoder extends EventEmitter {
  add(frame: unknown): void {
    if (typeof frame !== 'string') throw new Error('a bench kiosk reads text packets only');
    const packet: Packet = { type: Number(frame.charAt(0)), nsp: '/' };
    let at = 1;
    if (frame.charAt(at) === '/') {
      const comma = frame.indexOf(',', at);
      const end = comma === -1 ? frame.length : comma;
      packet.nsp = frame.slice(at, end);
      at = comma === -1 ? end : end + 1;
    }
    let digits = at;
    while (
      digits < frame.length &&
      frame.charCodeAt(digits) >= 48 &&
      frame.charCodeAt(digits) <= 57
    )
      digits++;
    if (digits > at) packet.id = Number(frame.slice(at, digits));
    if (digits < frame.length) {
      packet.data =
        packet.type === EVENT && frame.startsWith(BATCH, digits)
          ? ['batch']
          : (JSON.parse(frame.slice(digits)) as unknown);
    }
    this.emit('decoded', packet);
  }

  destroy(): void {}
}

const kioskParser = { Encoder: KioskEncoder, Decoder: KioskDecoder };

/**
 * The lightest kiosk the hub cannot tell from a `HubClient`: one socket.io-client socket
 * (WebSocket, the options HubClient uses) that authenticates with the paired kiosk's token and
 * sends `sync` once on connecting, like HubClient, then sends `issue_ticket` with a command id
 * and waits for its ack. The batches the hub pushes arrive but are only counted, not parsed
 * (`KioskDecoder`): no mirror, no retries. So the hub receives the same commands and sends the
 * same messages, and the bench's own CPU per issue is far smaller.
 */
export function connectBareKiosk(
  url: string,
  token: string,
  ackTimeoutMs = 15_000,
): Promise<Kiosk> {
  const socket: Socket<KioskListens, KioskEmits> = io(`${url}/kiosk`, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelayMax: 5_000,
    timeout: ackTimeoutMs,
    auth: handshake(token),
    parser: kioskParser,
  });
  let batches = 0;
  socket.on('batch', () => void batches++);
  const kiosk: Kiosk = {
    issue: (serviceId) =>
      new Promise((resolve) => {
        socket
          .timeout(ackTimeoutMs)
          .emit(
            'issue_ticket',
            { itinerary: [{ serviceIds: [serviceId] }], class: 'normal', commandId: randomUUID() },
            (err, answer) => {
              if (err) resolve({ ok: false, code: 'timeout' });
              else if (answer.ok) resolve({ ok: true, ticket: answer.result.ticket });
              else resolve({ ok: false, code: answer.error.code });
            },
          );
      }),
    get batches() {
      return batches;
    },
    close: () => socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a kiosk did not connect in 30 s')), 30_000);
    socket.once('connect', () => {
      socket.timeout(30_000).emit('sync', { lastSeq: 0 }, (err, result) => {
        clearTimeout(timer);
        if (err) reject(err);
        else if (!result.ok) reject(new Error(`a kiosk's sync failed: ${result.error.code}`));
        else resolve(kiosk);
      });
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized' || err.message === 'protocol_mismatch') {
        clearTimeout(timer);
        reject(new Error(`the hub refused a kiosk: ${err.message}`));
      }
    });
  });
}

export type KioskKind = 'bare' | 'hubclient';

export const connectKiosk = (kind: KioskKind, url: string, token: string): Promise<Kiosk> =>
  kind === 'bare' ? connectBareKiosk(url, token) : connectHubClientKiosk(url, token);
