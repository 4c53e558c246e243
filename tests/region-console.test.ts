import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpLink, startRegionLink, type RegionLinkOptions } from '@onestop/hub';
import { addAccount, openPostgres, type BoardHall, type RegionDb } from '@onestop/region';
import {
  startPgCluster,
  startTestRegion,
  type PgCluster,
  type TestRegion,
} from '@onestop/region/testing';
import { HubTestHall, waitFor } from './support/hall.js';

/*
 * The regional console with a real hub and a real region on a throwaway PostgreSQL: accounts and
 * their sessions, the live board (a call in the hall shows on it), and a supervision instruction
 * (督办) down the link to the hall's admin console and its answer back up, each kept once across
 * restarts of the hub's link.
 */

const FAST: RegionLinkOptions = {
  minRetryMs: 10,
  maxRetryMs: 40,
  timeoutMs: 2_000,
  instructionPollMs: 50,
  log: () => {},
};

let cluster: PgCluster;
let db: RegionDb;
let region: TestRegion;

beforeAll(async () => {
  cluster = await startPgCluster();
  db = openPostgres(await cluster.createDatabase(), { max: 6 });
  region = await startTestRegion(db);
}, 120_000);
afterAll(async () => {
  await region?.close();
  await db?.close();
  await cluster?.stop();
}, 60_000);

/** A console session: its cookie, and requests with it. */
async function signIn(name: string, password: string) {
  const res = await fetch(`${region.url}/api/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const cookie = res.headers.get('set-cookie') ?? '';
  const session = /onestop_region_session=([^;]*)/.exec(cookie)?.[1] ?? '';
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${region.url}${path}`, {
      method,
      headers: {
        cookie: `onestop_region_session=${session}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  return { status: res.status, cookie, call };
}

describe('the regional console', () => {
  it('signs in with hashed passwords; a supervisor sees only their halls', async () => {
    const a = await region.region.addHall('东城区政务服务中心');
    const b = await region.region.addHall('西城区政务服务中心');
    const admin = await addAccount(db, { name: '区管理员', role: 'region_admin', halls: [] }, 1);
    const sup = await addAccount(
      db,
      { name: '督查员甲', role: 'supervisor', halls: [a.hallId] },
      1,
    );
    const stored = await db.query<{ password_hash: string }>('SELECT password_hash FROM accounts');
    expect(stored.rows.every((r) => r.password_hash.startsWith('scrypt$'))).toBe(true);
    expect(JSON.stringify(stored.rows)).not.toContain(admin.password);
    await expect(
      addAccount(db, { name: '督查员乙', role: 'supervisor', halls: ['H-NOSUCH'] }, 1),
    ).rejects.toThrow(/no such hall/);

    const wrong = await signIn('区管理员', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.cookie).toBe('');

    const asAdmin = await signIn('区管理员', admin.password);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.cookie).toMatch(/HttpOnly/);
    expect(asAdmin.cookie).toMatch(/SameSite=Strict/);
    const all = (await asAdmin.call('GET', '/api/console/board')).body.halls as BoardHall[];
    expect(all.map((h) => h.hallId).sort()).toEqual([a.hallId, b.hallId].sort());

    const asSup = await signIn('督查员甲', sup.password);
    const mine = (await asSup.call('GET', '/api/console/board')).body.halls as BoardHall[];
    expect(mine.map((h) => h.hallId)).toEqual([a.hallId]);
    const elsewhere = await asSup.call('POST', '/api/console/instructions', {
      hallId: b.hallId,
      complaintId: null,
      text: '请核查',
      deadline: region.clock.now + 86_400_000,
    });
    expect(elsewhere.status).toBe(403);

    // No session, or a logged-out one: nothing.
    expect((await fetch(`${region.url}/api/console/board`)).status).toBe(401);
    await asSup.call('POST', '/api/console/logout', {});
    expect((await asSup.call('GET', '/api/console/board')).status).toBe(401);
  });

  it('shows a call in the hall, and carries an instruction down and its answer up, once', async () => {
    const hall = await HubTestHall.start();
    const stops: (() => Promise<void>)[] = [];
    try {
      const { hallId, code } = await region.region.addHall('市民中心');
      await setUpLink(
        hall.hub.store.regionLink,
        { url: region.url, code },
        { hubVersion: 'test', now: hall.hub.now() },
      );
      const account = await addAccount(
        db,
        { name: '督查员丙', role: 'supervisor', halls: [hallId] },
        1,
      );
      const console = await signIn('督查员丙', account.password);
      const boardRow = async (): Promise<BoardHall | undefined> =>
        ((await console.call('GET', '/api/console/board')).body.halls as BoardHall[])[0];

      let running = startRegionLink(hall.hub, FAST);
      stops.push(running.stop);
      const admin = await hall.client('admin', await hall.login());
      await admin.command('open_day', { businessDay: null });
      const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['tax'] }],
        class: 'normal',
      });
      expect(issued.ok).toBe(true);
      await waitFor(() => running.link.health().state === 'caught_up', 10_000, 'caught up');
      await expect.poll(async () => (await boardRow())?.waiting, { timeout: 5_000 }).toBe(1);

      // A call at a window: the board shows no one waiting and one window open.
      const window = await hall.openWindow('w10', 'C10');
      expect((await window.command('call_next', {})).ok).toBe(true);
      await expect
        .poll(
          async () => {
            const row = await boardRow();
            return [row?.waiting, row?.openWindows, row?.link.state];
          },
          { timeout: 5_000 },
        )
        .toEqual([0, 1, 'caught_up']);

      // An instruction: down the link into the hall's console, with its audit entry.
      const given = await console.call('POST', '/api/console/instructions', {
        hallId,
        complaintId: null,
        text: '请于三日内说明窗口排队情况并整改。',
        deadline: region.clock.now + 3 * 86_400_000,
      });
      expect(given.status).toBe(200);
      const instructionId = (given.body.instruction as { id: string }).id;
      await waitFor(
        () => hall.hub.store.regionInstructions.get(instructionId) !== null,
        5_000,
        'the instruction in the hall',
      );
      // The hub's link restarts: the instruction is not kept twice.
      await running.stop();
      running = startRegionLink(hall.hub, FAST);
      stops.push(running.stop);
      const listed = await admin.command('list_instructions', {});
      if (!listed.ok) throw new Error(listed.error.message);
      expect(listed.result.instructions.map((i) => i.id)).toEqual([instructionId]);
      const audit = await admin.command('audit', {
        from: 0,
        to: Number.MAX_SAFE_INTEGER,
        ticketId: null,
        windowId: null,
        staffCode: null,
        type: 'instruction_received',
        afterSeq: 0,
        limit: 10,
      });
      if (!audit.ok) throw new Error(audit.error.message);
      expect(audit.result.entries).toHaveLength(1);

      // The admin answers, once; the answer comes back up to the region.
      const answer = '已约谈窗口负责人，增开一个窗口。';
      const answered = await admin.command('answer_instruction', { instructionId, answer });
      expect(answered.ok).toBe(true);
      const again = await admin.command('answer_instruction', { instructionId, answer: '再答' });
      expect(again.ok).toBe(false);
      expect(JSON.stringify(again)).toContain('already_answered');
      await expect
        .poll(
          async () => {
            const list = (await console.call('GET', '/api/console/instructions')).body
              .instructions as { id: string; answer: string | null; receivedAt: number | null }[];
            return list.map((i) => [i.id, i.answer, i.receivedAt !== null]);
          },
          { timeout: 5_000 },
        )
        .toEqual([[instructionId, answer, true]]);
      // Received in the hall's stream: no longer offered to the hub.
      const polled = await region.get(
        `/api/link/instructions?history=${hall.hub.store.historyId()}&last=0`,
        hall.hub.store.regionLink.link()?.token,
      );
      expect(polled).toEqual({ status: 200, body: { instructions: [] } });
      const kept = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE hall_id = $1 AND type LIKE 'instruction_%'`,
        [hallId],
      );
      expect(kept.rows[0]?.n).toBe(2);
    } finally {
      for (const stop of stops) await stop();
      await hall.close();
    }
  });
});
