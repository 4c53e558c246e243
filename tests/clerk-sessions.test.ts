import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { CLERK_SESSION_MS, hashSecret } from '@onestop/hub';
import { ok, said } from './support/acks.js';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';

/*
 * A clerk's login at a window terminal outlives a restart of the hub (kept hashed in the hall's
 * database), and a login that is really gone says why when the terminal comes back.
 */

const halls: HubTestHall[] = [];
/** Temp folders of halls restarted on their file: the restarted hall did not make them. */
const dirs: string[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(clock?: FakeClock, dbPath?: string, port?: number): Promise<HubTestHall> {
  const hall = await HubTestHall.start({
    ...(clock ? { now: clock.now } : {}),
    ...(dbPath ? { dbPath } : {}),
    ...(port === undefined ? {} : { port }),
  });
  halls.push(hall);
  return hall;
}

/** Stops the hub (its file kept) and starts a new one on the same file and port. */
async function restart(hall: HubTestHall, clock?: FakeClock): Promise<HubTestHall> {
  halls.splice(halls.indexOf(hall), 1);
  await hall.close({ keepFiles: true });
  if (hall.dir) dirs.push(hall.dir);
  return start(clock, hall.dbPath, hall.server.port);
}

async function loginAt(
  hall: HubTestHall,
  windowId: string,
  staffCode: string,
  pin: string,
): Promise<{ client: HubClient<'window'>; token: string; session: string }> {
  const token = await hall.pair('window_terminal', windowId);
  const client = await hall.client('window', token);
  const login = ok(await client.command('staff_login', { staffCode, pin }));
  expect(login.staff.code).toBe(staffCode);
  return { client, token, session: login.session };
}

describe('clerk logins across a hub restart', () => {
  it('a restarted hub keeps the clerk logged in: the terminal resumes and calls', async () => {
    const hall = await start();
    const { client, token, session } = await loginAt(hall, 'w1', 'C01', '1010');
    ok(await client.command('open_window', {}));
    client.close();

    const again = await restart(hall);
    const kiosk = await again.client('kiosk', await again.pair('kiosk'));
    ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      }),
    );
    const terminal = await again.client('window', token);
    // Without the login nothing is allowed; with it picked up, the clerk calls at once.
    expect(said(await terminal.command('call_next', {}))).toMatch(/^not_logged_in/);
    const resumed = ok(await terminal.command('staff_resume', { session }));
    expect(resumed.staff).toEqual({ code: 'C01', name: '窗口员01', role: 'clerk' });
    const called = ok(await terminal.command('call_next', {}));
    expect(called.ticket?.number).toBe('A001');
    // The call is the clerk's, as before the restart.
    const event = again.hub.store.eventsAfter(0, 1000).find((e) => e.type === 'ticket_called');
    expect(event && 'staffCode' in event ? event.staffCode : null).toBe('C01');
  });

  it('keeps the token only hashed: its text and bytes are nowhere in the database files', async () => {
    const hall = await start();
    const { session } = await loginAt(hall, 'w1', 'C01', '1010');
    hall.hub.flush();
    const dir = dirname(hall.dbPath);
    const files = readdirSync(dir)
      .filter((f) => f.startsWith('hall.sqlite'))
      .map((f) => readFileSync(join(dir, f)));
    const bytes = Buffer.concat(files);
    // Looked in the right place: the hash is there (in the WAL or the main file).
    expect(bytes.includes(Buffer.from(hashSecret(session), 'utf8'))).toBe(true);
    expect(bytes.includes(Buffer.from(session, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from(session, 'base64url'))).toBe(false);
  });

  it('after logout, the token does not resume, also after a restart', async () => {
    const hall = await start();
    const { client, token, session } = await loginAt(hall, 'w1', 'C01', '1010');
    ok(await client.command('staff_logout', {}));
    expect(said(await client.command('staff_resume', { session }))).toMatch(/^session_ended/);
    client.close();
    const again = await restart(hall);
    const terminal = await again.client('window', token);
    expect(said(await terminal.command('staff_resume', { session }))).toMatch(/^session_ended/);
  });

  it('a new login at the terminal ends the one before it', async () => {
    const hall = await start();
    const first = await loginAt(hall, 'w1', 'C01', '1010');
    const second = ok(await first.client.command('staff_login', { staffCode: 'C02', pin: '1020' }));
    expect(said(await first.client.command('staff_resume', { session: first.session }))).toMatch(
      /^session_ended/,
    );
    expect(
      ok(await first.client.command('staff_resume', { session: second.session })).staff.code,
    ).toBe('C02');
  });

  it("a token of another terminal is refused there and leaves that terminal's login alone", async () => {
    const hall = await start();
    const w1 = await loginAt(hall, 'w1', 'C01', '1010');
    const w2 = await hall.client('window', await hall.pair('window_terminal', 'w2'));
    expect(said(await w2.command('staff_resume', { session: w1.session }))).toMatch(
      /^session_ended/,
    );
    expect(said(await w2.command('open_window', {}))).toMatch(/^not_logged_in/);
    ok(await w1.client.command('open_window', {}));
  });

  it('an expired login is told as expired: at its next command, and at resume after a restart', async () => {
    const clock = new FakeClock(Date.parse('2026-03-16T01:00:00Z'));
    const hall = await start(clock);
    const { client, token, session } = await loginAt(hall, 'w1', 'C01', '1010');
    ok(await client.command('open_window', {}));
    clock.advance(CLERK_SESSION_MS + 1);
    expect(said(await client.command('pause_window', { reason: 'break' }))).toMatch(
      /^session_expired/,
    );
    client.close();
    const again = await restart(hall, clock);
    const terminal = await again.client('window', token);
    expect(said(await terminal.command('staff_resume', { session }))).toMatch(/^session_expired/);
  });

  it('a new PIN ends the login at once: the terminal is cut off and told why at reconnect', async () => {
    const hall = await start();
    const admin = await hall.client('admin', await hall.login());
    const { client, session } = await loginAt(hall, 'w1', 'C01', '1010');
    ok(await admin.command('set_staff_pin', { staffCode: 'C01', pin: '5555' }));
    // Disconnected by the hub; the client reconnects by itself.
    await waitFor(() => client.connection !== 'online', 5_000, 'the terminal cut off');
    await waitFor(() => client.connection === 'online', 15_000, 'the terminal back');
    expect(said(await client.command('staff_resume', { session }))).toMatch(/^session_pin_changed/);
    expect(said(await client.command('open_window', {}))).toMatch(/^not_logged_in/);
    // The new PIN logs in.
    ok(await client.command('staff_login', { staffCode: 'C01', pin: '5555' }));
  });

  it('a disabled clerk is told so at resume, and enabled again still needs a new login', async () => {
    const hall = await start();
    const admin = await hall.client('admin', await hall.login());
    const { client, token, session } = await loginAt(hall, 'w1', 'C01', '1010');
    const c01 = hall.hub.config.staff.find((s) => s.code === 'C01');
    if (!c01) throw new Error('no C01');
    ok(
      await admin.command('change_config', {
        change: { kind: 'staff', staff: { ...c01, active: false } },
      }),
    );
    expect(said(await client.command('staff_resume', { session }))).toMatch(
      /^session_staff_disabled/,
    );
    ok(await admin.command('change_config', { change: { kind: 'staff', staff: c01 } }));
    client.close();
    const again = await restart(hall);
    const terminal = await again.client('window', token);
    expect(said(await terminal.command('staff_resume', { session }))).toMatch(
      /^session_staff_disabled/,
    );
  });
});
