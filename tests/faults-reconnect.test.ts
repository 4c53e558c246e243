import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PairResponse } from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import { createDevice, DEMO_HALL, DEMO_STAFF, hashPin, Hub, LISTEN_BACKLOG } from '@onestop/hub';
import { ensureBuilt } from './support/build.js';
import { ChildHub, killAllChildHubs } from './support/child-hub.js';
import { quickCheck, waitForMirrors, type Mirrored } from './support/crash-check.js';
import { Ledger, trackingIo } from './support/crash-load.js';
import { waitFor } from './support/hall.js';
import { scaled } from './support/mode.js';

/*
 * Many clients reconnecting at once after a hub restart (a SIGKILL and a new process on the same
 * port): every one resyncs by itself to the hub's state, and no call is announced twice — a
 * display announces only live events, and the events a resync catches up on come `replayed`.
 * RECONNECT_CLIENTS=n sets how many (1,000 by default).
 */

const CLIENTS = Number(process.env.RECONNECT_CLIENTS ?? scaled(1000, 1000));
/** Displays paired: one per client, since a paired device keeps one live connection. */
const DEVICES = CLIENTS;

let dir = '';
const clients: HubClient<'display' | 'window'>[] = [];
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'onestop-reconnect-'));
}, 120_000); // building the hub may take a while on a busy machine
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await killAllChildHubs();
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pair(url: string, code: string): Promise<string> {
  const res = await fetch(`${url}/api/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (res.status !== 200) throw new Error(`pair: ${res.status} ${await res.text()}`);
  return ((await res.json()) as PairResponse).token;
}

describe('reconnecting at once', () => {
  it(
    `${CLIENTS} clients after a hub restart: all resynced, each call announced once`,
    async () => {
      const started = Date.now();
      const dbPath = join(dir, 'hall.sqlite');
      const codes: { display: string[]; kiosk: string; window: string } = {
        display: [],
        kiosk: '',
        window: '',
      };
      const setup = Hub.open({ dbPath, config: DEMO_HALL });
      try {
        const c10 = DEMO_STAFF.find((s) => s.code === 'C10');
        if (!c10) throw new Error('no C10');
        setup.store.setPinHash(c10.code, await hashPin(c10.pin));
        const add = (kind: 'display' | 'kiosk' | 'window_terminal', windowId: string | null) =>
          createDevice(
            setup.store,
            setup.config,
            { kind, name: `${kind} ${codes.display.length}`, windowId },
            Date.now(),
          ).pairingCode;
        for (let i = 0; i < DEVICES; i++) codes.display.push(add('display', null));
        codes.kiosk = add('kiosk', null);
        codes.window = add('window_terminal', 'w10');
      } finally {
        setup.close();
      }

      let hub = await ChildHub.start({ dbPath, port: 0 });
      const { port, url } = hub;
      const displayTokens = await Promise.all(codes.display.map((c) => pair(url, c)));
      const fast = trackingIo(() => undefined);
      const kiosk = new HubClient({
        url,
        role: 'kiosk',
        token: await pair(url, codes.kiosk),
        io: fast,
      });
      const window = new HubClient({
        url,
        role: 'window',
        token: await pair(url, codes.window),
        io: fast,
      });
      clients.push(window);

      /** Per display client: the live ticket_called events it was given, by ticket and seq. */
      const announced: string[][] = [];
      const mirrors: Mirrored[] = [];
      for (let i = 0; i < CLIENTS; i++) {
        const client = new HubClient({
          url,
          role: 'display',
          token: displayTokens[i % DEVICES] ?? '',
          io: fast,
          ackTimeoutMs: 20_000,
        });
        const live: string[] = [];
        client.onEvents((events, { replayed }) => {
          if (replayed) return;
          for (const e of events)
            if (e.type === 'ticket_called') live.push(`${e.ticketId}@${e.seq}`);
        });
        announced.push(live);
        clients.push(client);
        mirrors.push({ name: `display ${i}`, client });
      }
      try {
        await waitFor(
          () => mirrors.every((m) => m.client.connection === 'online'),
          60_000,
          'every client to connect',
        );
        const connectedAt = Date.now();

        const loginAndOpen = async () => {
          const login = await window.command('staff_login', { staffCode: 'C10', pin: '1100' });
          if (!login.ok) throw new Error(`login: ${login.error.code}`);
          const open = await window.command('open_window', {});
          if (!open.ok && open.error.code !== 'window_not_closed')
            throw new Error(`open: ${open.error.code}`);
        };
        const calls: string[] = [];
        const callOne = async () => {
          const issued = await kiosk.command('issue_ticket', {
            itinerary: [{ serviceIds: ['tax'] }],
            class: 'normal',
          });
          if (!issued.ok) throw new Error(`issue: ${issued.error.code}`);
          const called = await window.command('call_next', {});
          if (!called.ok || !called.result.ticket)
            throw new Error(`call: ${called.ok ? 'no ticket' : called.error.code}`);
          calls.push(called.result.ticket.id);
          const serving = await window.command('start_serving', {});
          if (!serving.ok) throw new Error(`start_serving: ${serving.error.code}`);
          const done = await window.command('finish', {});
          if (!done.ok) throw new Error(`finish: ${done.error.code}`);
        };
        await loginAndOpen();
        for (let i = 0; i < 3; i++) await callOne();
        const everyoneHeard = (n: number) => () => announced.every((a) => a.length >= n);
        await waitFor(everyoneHeard(3), 30_000, 'every display to hear the first calls');

        // The hub dies and comes back on the same port: every client reconnects at once.
        await hub.kill();
        await waitFor(
          () => mirrors.every((m) => m.client.connection !== 'online'),
          30_000,
          'every client to notice',
        );
        const killedAt = Date.now();
        // What the hub committed but no client heard before it died: a ticket issued and called.
        // After the restart the clients catch up on it as replayed, never as a call to announce.
        const offline = Hub.open({ dbPath });
        let unheard = '';
        try {
          const actor = { kind: 'system' } as const;
          const issued = offline.execute(actor, 'system', null, {
            type: 'issue_ticket',
            itinerary: [{ serviceIds: ['tax'] }],
            class: 'normal',
            appointment: null,
            accessToken: randomBytes(16).toString('hex'),
          });
          const called = offline.execute(actor, 'system', null, {
            type: 'call_next',
            windowId: 'w10',
          });
          if (!issued.ok || !called.ok || !called.result.ticket)
            throw new Error('offline call failed');
          unheard = called.result.ticket.id;
        } finally {
          offline.close();
        }
        hub = await ChildHub.restart({ dbPath, port });
        const { problems } = quickCheck(
          dbPath,
          new Ledger(),
          { tickets: 0, windowActions: 0, ratings: 0 },
          DEMO_HALL,
        );
        expect(problems).toEqual([]);
        problems.push(...(await waitForMirrors(mirrors, dbPath, 60_000)));
        expect(problems.slice(0, 20)).toEqual([]);
        const resyncedAt = Date.now();

        // Calls after the restart reach every display once more each.
        await waitFor(
          () => window.connection === 'online' && kiosk.connection === 'online',
          20_000,
          'the devices',
        );
        await loginAndOpen();
        for (const action of ['start_serving', 'finish'] as const) {
          const r = await window.command(action, {});
          if (!r.ok || r.result.ticket?.id !== unheard) throw new Error(`${action} of ${unheard}`);
        }
        for (let i = 0; i < 3; i++) await callOne();
        await waitFor(everyoneHeard(6), 30_000, 'every display to hear the later calls');
        // A moment for any duplicate to arrive, then: each call exactly once, at every display.
        await new Promise((r) => setTimeout(r, 300));
        const expected = calls.slice().sort();
        const wrong = announced.flatMap((a, i) => {
          const heard = a.map((x) => x.split('@')[0]).sort();
          return JSON.stringify(heard) === JSON.stringify(expected)
            ? []
            : [`display ${i}: ${heard.join(' ')}`];
        });
        expect(wrong.slice(0, 10), `expected ${expected.join(' ')}`).toEqual([]);
        console.log(
          `reconnect: ${CLIENTS} clients connected in ${((connectedAt - started) / 1000).toFixed(1)} s, ` +
            `resynced ${((resyncedAt - killedAt) / 1000).toFixed(1)} s after the kill; ` +
            `${((Date.now() - started) / 1000).toFixed(1)} s in all`,
        );
      } finally {
        kiosk.close();
      }
    },
    scaled(120_000, 300_000),
  );
});

/** The kernel's cap on any listen backlog (Linux: `net.core.somaxconn`). */
function somaxconn(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim()) || 4_096;
  } catch {
    return 4_096;
  }
}

describe('the accept queue', () => {
  it('a storm of connections to a hub too busy to take them waits in the queue, none dropped', async () => {
    // 1,000, as many as the displays above, and twice Node's default backlog (511): with that,
    // the kernel held 512 and dropped the rest's SYNs, each sent again only a second later.
    const holds = Math.min(LISTEN_BACKLOG, somaxconn());
    const count = Math.min(1_000, holds);
    const hub = await ChildHub.start({ dbPath: join(dir, 'backlog.sqlite'), port: 0 });
    const sockets: Socket[] = [];
    // Stopped, the hub takes no connection at all: each one the kernel completes waits in the queue.
    hub.child.kill('SIGSTOP');
    try {
      let connected = 0;
      let failed = '';
      for (let i = 0; i < count; i++) {
        const socket = connect({ host: '127.0.0.1', port: hub.port });
        socket.once('connect', () => connected++);
        socket.once('error', (err) => (failed ||= err.message));
        socket.setEncoding('utf8');
        sockets.push(socket);
      }
      // A dropped SYN is sent again after 1 s, 3 s, 7 s: into a queue still full while the hub is
      // stopped, so a queue too short stays short of `count` until the wait ends.
      await waitFor(
        () => connected === count || failed !== '',
        10_000,
        'the kernel to hold them',
      ).catch(() => undefined);
      expect(failed).toBe('');
      expect(connected, `connections held while the hub was stopped (of ${count})`).toBe(count);

      // Going on, the hub takes and answers every one of them.
      hub.child.kill('SIGCONT');
      const answers = sockets.map(
        (socket) =>
          new Promise<string>((resolve) => {
            let text = '';
            socket.on('data', (d: string) => (text += d));
            socket.once('close', () => resolve(text.split('\r\n')[0] ?? ''));
            socket.end('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
          }),
      );
      const statusLines = await Promise.all(answers);
      expect(statusLines.filter((line) => line !== 'HTTP/1.1 200 OK')).toEqual([]);
    } finally {
      hub.child.kill('SIGCONT');
      for (const socket of sockets) socket.destroy();
    }
  }, 60_000);
});
