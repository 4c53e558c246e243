import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HallConfig, Role, SequencedEvent } from '@onestop/shared';
import { createDevice } from '../features/devices/devices.js';
import { DEMO_HALL } from '../demo.js';
import { Hub } from '../hub.js';
import { tempDir, type TempDir } from '../store/test-helpers.js';
import { AdminCommands } from './admin-commands.js';
import { Appointments } from '../features/appointments/appointments.js';
import { VisitorIds } from '../features/visitor-ids/visitor-ids.js';
import { WindowLogins } from './clerk-sessions.js';
import { handlersFor } from './handlers/index.js';
import {
  fail,
  Pipeline,
  RATE_BURST,
  type Conn,
  type HandlerTable,
  type PipelineDeps,
  type Reply,
} from './pipeline.js';
import { LoginGuard, type Session } from './sessions.js';
import { Syncs, type SyncPlan } from './sync.js';

/** 2025-03-03 (a Monday) 10:00 in Asia/Shanghai: the demo hall is open. */
const NOW = Date.UTC(2025, 2, 3, 2, 0, 0);
const CONFIG: HallConfig = DEMO_HALL;
const SERVICE = CONFIG.services[0]?.id ?? '';
const WINDOW = CONFIG.windows[0]?.id ?? '';

/*
 * The command pipeline's order, on a real hub and its real handlers (each handler's `run` and
 * `replay` counted): a retry is answered from the stored result and commits nothing; a command
 * that may not be done, or does not parse, never reaches its handler and changes nothing.
 */
describe('the command pipeline', () => {
  let dir: TempDir;
  let hub: Hub;
  let pipeline: Pipeline<SyncPlan>;
  let deps: PipelineDeps<SyncPlan>;
  let windowLogins: WindowLogins;
  let valid: boolean;
  const runs: string[] = [];
  const replays: string[] = [];

  beforeEach(() => {
    dir = tempDir();
    hub = Hub.open({ dbPath: dir.file('hall.sqlite'), config: CONFIG, now: () => NOW });
    hub.rollDay();
    windowLogins = new WindowLogins(hub.store);
    valid = true;
    runs.length = 0;
    replays.length = 0;
    const guard = new LoginGuard();
    const handlers = counted(
      handlersFor({
        hub,
        windowLogins,
        guard,
        admin: new AdminCommands(hub, guard),
        appointments: new Appointments(hub),
        visitorIds: new VisitorIds(hub),
        disconnectDevice: () => undefined,
      }),
    );
    deps = {
      hub,
      handlers,
      sync: new Syncs(hub, 2000),
      stillValid: () => valid,
      actorOf: () => ({ kind: 'system' }),
      loginRefusal: (conn) => {
        const refused = windowLogins.refusal(conn.deviceId, hub.now());
        return refused ? fail(refused.code, refused.message) : null;
      },
    };
    pipeline = new Pipeline(deps);
  });

  afterEach(() => {
    hub.close();
    dir.remove();
  });

  /** Wraps every handler so that the test sees which were run and which replayed. */
  function counted(table: HandlerTable): HandlerTable {
    const wrapped: Record<string, Record<string, unknown>> = {};
    for (const [role, handlers] of Object.entries(table)) {
      const out: Record<string, unknown> = {};
      for (const [event, h] of Object.entries(
        handlers as Record<
          string,
          {
            may?: unknown;
            run: (...a: unknown[]) => unknown;
            replay?: (...a: unknown[]) => unknown;
          }
        >,
      )) {
        const { replay } = h;
        out[event] = {
          ...h,
          run: (...a: unknown[]) => {
            runs.push(`${role}/${event}`);
            return h.run(...a);
          },
          ...(replay
            ? {
                replay: (...a: unknown[]) => {
                  replays.push(`${role}/${event}`);
                  return replay(...a);
                },
              }
            : {}),
        };
      }
      wrapped[role] = out;
    }
    return wrapped as unknown as HandlerTable;
  }

  function conn(role: Role, extra: Partial<Conn> = {}): Conn {
    return {
      role,
      deviceId: null,
      deviceKind: null,
      windowId: null,
      session: null,
      actorKey: `test:${role}`,
      tokenHash: 'hash',
      messages: Pipeline.bucket(),
      principal: `test:${role}`,
      address: '127.0.0.1',
      ...extra,
    };
  }

  function admin(role: Session['role']): Conn {
    const session: Session = { staffCode: 'ADMIN', role, name: 'admin', expiresAt: NOW + 1e9 };
    return conn('admin', { session, actorKey: 'staff:ADMIN' });
  }

  function windowTerminal(): Conn {
    const made = createDevice(
      hub.store,
      hub.config,
      { kind: 'window_terminal', name: 'T', windowId: WINDOW },
      NOW,
    );
    return conn('window', {
      deviceId: made.deviceId,
      deviceKind: 'window_terminal',
      windowId: WINDOW,
      actorKey: `device:${made.deviceId}`,
    });
  }

  async function send(c: Conn, event: string, payload: unknown): Promise<Reply> {
    return await pipeline.handle(c, event, payload);
  }

  const issue = (commandId: string) => ({
    commandId,
    itinerary: [{ serviceIds: [SERVICE] }],
    class: 'normal',
  });

  it('answers a retry from the stored result: the handler does not run again, nothing is committed', async () => {
    const kiosk = conn('kiosk');
    const first = await send(kiosk, 'issue_ticket', issue('cmd-k-0001'));
    expect(first.ack.ok).toBe(true);
    hub.flush();
    const seq = hub.store.lastSeq();
    const again = await send(kiosk, 'issue_ticket', issue('cmd-k-0001'));
    expect(again.ack).toEqual(first.ack);
    expect(hub.store.lastSeq()).toBe(seq);
    expect(runs).toEqual(['kiosk/issue_ticket']);
    expect(replays).toEqual(['kiosk/issue_ticket']);
    // The same id for another command is a new command: it reaches its handler.
    await send(kiosk, 'device_status', { commandId: 'cmd-k-0001', state: 'ok', detail: '' });
    expect(runs).toEqual(['kiosk/issue_ticket', 'kiosk/device_status']);
  });

  it('answers a retry of a change outside the engine once, from the stored result', async () => {
    const console = admin('admin');
    const first = await send(console, 'unlock_staff', {
      commandId: 'cmd-a-0001',
      staffCode: 'C01',
    });
    expect(first.ack).toEqual({ ok: true, result: { staffCode: 'C01', lockedAddresses: 0 } });
    const seq = hub.store.lastSeq();
    const again = await send(console, 'unlock_staff', {
      commandId: 'cmd-a-0001',
      staffCode: 'C01',
    });
    expect(again.ack).toEqual(first.ack);
    expect(hub.store.lastSeq()).toBe(seq);
    expect(runs).toEqual(['admin/unlock_staff']);
  });

  it('never hands a command to its handler when the caller may not do it', async () => {
    const seq = hub.store.lastSeq();
    // The role's requirement: an admin's command from a supervisor.
    const supervisor = admin('supervisor');
    const refused = await send(supervisor, 'unlock_staff', {
      commandId: 'cmd-s-0001',
      staffCode: 'C01',
    });
    expect(refused.ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A window command with no clerk logged in.
    const terminal = windowTerminal();
    const notIn = await send(terminal, 'call_next', { commandId: 'cmd-w-0001' });
    expect(notIn.ack).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    // A token no longer good: refused, and the socket is to be ended.
    valid = false;
    const gone = await send(conn('kiosk'), 'issue_ticket', issue('cmd-k-0002'));
    expect(gone).toMatchObject({
      ack: { ok: false, error: { code: 'unauthorized' } },
      endSocket: 'unauthorized',
    });
    expect(runs).toEqual([]);
    expect(hub.store.lastSeq()).toBe(seq);
  });

  it('refuses what does not parse before anything else is looked at, and changes nothing', async () => {
    const seq = hub.store.lastSeq();
    const bad = await send(conn('kiosk'), 'issue_ticket', {
      commandId: 'cmd-k-0003',
      itinerary: 'all',
    });
    expect(bad.ack).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    // Parsed before who may: a supervisor's malformed admin command is invalid, not forbidden.
    const malformed = await send(admin('supervisor'), 'unlock_staff', { commandId: 7 });
    expect(malformed.ack).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    const unknown = await send(conn('display'), 'issue_ticket', issue('cmd-d-0001'));
    expect(unknown.ack).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(runs).toEqual([]);
    expect(hub.store.lastSeq()).toBe(seq);
  });

  it("refuses a connection past its message budget, the hall's or a raised one", async () => {
    const flood = async (c: Conn, n: number): Promise<number> => {
      let limited = 0;
      for (let i = 0; i < n; i++) {
        const r = await send(c, 'sync', { afterSeq: hub.store.lastSeq() });
        if (!r.ack.ok && r.ack.error.code === 'rate_limited') limited++;
      }
      return limited;
    };
    // The hall's: RATE_BURST at once (the few refilled meanwhile aside), then refused.
    expect(await flood(conn('kiosk'), RATE_BURST + 50)).toBeGreaterThan(0);
    const raised = new Pipeline({ ...deps, messageRate: { burst: 4 * RATE_BURST, perS: 1 } });
    const bucket = Pipeline.bucket({ burst: 4 * RATE_BURST, perS: 1 });
    let limited = 0;
    for (let i = 0; i < 2 * RATE_BURST; i++) {
      const r = await raised.handle(conn('kiosk', { messages: bucket }), 'sync', {
        afterSeq: hub.store.lastSeq(),
      });
      if (!r.ack.ok && r.ack.error.code === 'rate_limited') limited++;
    }
    expect(limited).toBe(0);
  });

  it('limits the rate first, then checks the credentials, then parses', async () => {
    const kiosk = conn('kiosk');
    kiosk.messages.tokens = 0;
    valid = false;
    const limited = await send(kiosk, 'issue_ticket', { commandId: 'cmd-k-0004' });
    expect(limited.ack).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const other = conn('kiosk');
    const unauthorized = await send(other, 'issue_ticket', { commandId: 'cmd-k-0005' });
    expect(unauthorized.ack).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(runs).toEqual([]);
  });

  it('answers a done window command again after the login is gone; a new one needs a login', async () => {
    const terminal = windowTerminal();
    const clerk = CONFIG.staff.find((s) => s.role === 'clerk');
    if (!clerk || !terminal.deviceId) throw new Error('no clerk in the demo hall');
    windowLogins.login(terminal.deviceId, clerk, NOW);
    const opened = await send(terminal, 'open_window', { commandId: 'cmd-w-0002' });
    expect(opened.ack.ok).toBe(true);
    windowLogins.logout(terminal.deviceId, NOW);
    const again = await send(terminal, 'open_window', { commandId: 'cmd-w-0002' });
    expect(again.ack).toEqual(opened.ack);
    const fresh = await send(terminal, 'pause_window', {
      commandId: 'cmd-w-0003',
      reason: 'break',
    });
    expect(fresh.ack).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(runs).toEqual(['window/open_window']);
  });

  it('acknowledges a command before the hub publishes its events', async () => {
    const order: string[] = [];
    hub.onEvents((events: SequencedEvent[]) => {
      order.push(`published ${events.map((e) => e.type).join(',')}`);
    });
    const answer = pipeline.handle(conn('kiosk'), 'issue_ticket', issue('cmd-k-0006'));
    const reply = await answer;
    order.push(`acked ${String(reply.ack.ok)}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['acked true', 'published ticket_issued']);
  });
});
