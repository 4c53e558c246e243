import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import type { ComplaintActionKind, ComplaintView, HallConfig } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { FakeClock, HubTestHall } from './support/hall.js';
import { ok } from './support/acks.js';
import { serveOne } from './support/served.js';

/**
 * 好差评's closed loop for poor ratings against a real hub on a real SQLite file: a poor rating
 * and a complaint entered by hand each open a case with two deadlines in the hall's working
 * days (weekends, holidays and 调休 make-up days of the hall's calendar), and a case closes only
 * with its records.
 */

const HOUR = 3_600_000;
/** 10:00 in Asia/Shanghai on `day` (`MM-DD` of 2026). */
const tenOn = (day: string, hour = 10) =>
  Date.parse(`2026-${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

// The hall's calendar: 1–7 October off (National Day), Sunday 27 September and Saturday
// 10 October worked (调休); rectification in 5 working days, as some provinces ask.
const CONFIG: HallConfig = {
  ...DEMO_HALL,
  hall: {
    ...DEMO_HALL.hall,
    policy: { ...DEMO_HALL.hall.policy, complaintDeadlineDays: 5, callbackDeadlineDays: 1 },
    holidays: [
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ],
    extraWorkdays: ['2026-09-27', '2026-10-10'],
  },
};

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
/** Entered by hand on Friday 18 September, 10:00. */
let weekend: ComplaintView;
/** Opened by a poor rating on Friday 25 September, 10:00. */
let rated: ComplaintView;
/** Entered by hand on Wednesday 30 September, 16:00, the eve of the holidays. */
let holiday: ComplaintView;

beforeAll(async () => {
  clock = new FakeClock(tenOn('09-18'));
  hall = await HubTestHall.start({ now: clock.now, config: CONFIG });
  admin = await hall.client('admin', await hall.login());
  const enter = async () =>
    ok(
      await admin.command('open_complaint', {
        contact: '13812345678',
        summary: '多次跑腿',
        serviceId: null,
        windowId: null,
        staffCode: null,
        ticketId: null,
      }),
    ).complaint;
  weekend = await enter();

  await at(tenOn('09-25', 9));
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  const ticketId = await serveOne(hall, 'biz-open', 'w1', 'C01');
  const pad = await hall.client('rate', await hall.pair('rating_pad', 'w1'));
  clock.t = tenOn('09-25');
  ok(await pad.command('rate', { ticketId, score: 2, reasons: ['wait'] }));
  const open = ok(await admin.command('list_complaints', { filter: 'open' })).complaints;
  rated = open.find((c) => c.source === 'rating') as ComplaintView;

  await at(tenOn('09-30', 16));
  holiday = await enter();
});

afterAll(async () => {
  await hall.close();
});

/** Moves the hall's clock, and logs the admin in again (a session ends after hours). */
async function at(t: number): Promise<void> {
  clock.t = t;
  admin = await hall.client('admin', await hall.login());
}

async function act(
  complaint: ComplaintView,
  action: ComplaintActionKind,
  text: string,
  extra: { by?: string; at?: number } = {},
) {
  return admin.command('complaint_action', { complaintId: complaint.id, action, text, ...extra });
}

async function refusal(ack: ReturnType<typeof act>): Promise<string> {
  const a = await ack;
  if (a.ok) return 'OK';
  if (!('issues' in a.error)) return a.error.code;
  return `${a.error.code} ${(a.error.issues ?? []).map((i) => `${i.path}:${i.code}`).join(',')}`;
}

describe('the two deadlines in working days', () => {
  it('skips the weekend: Friday → Monday for the call-back, the next Friday for rectification', () => {
    expect(weekend.openedAt).toBe(tenOn('09-18'));
    expect(weekend.callbackDueAt).toBe(tenOn('09-21'));
    expect(weekend.deadlineAt).toBe(tenOn('09-25'));
  });

  it('counts a 调休 Sunday and skips the holidays', () => {
    expect(rated).toMatchObject({ score: 2, windowId: 'w1', staffCode: 'C01' });
    // Friday 25 → Sunday 27 (worked); 27, 28, 29, 30 September, then 8 October.
    expect(rated.callbackDueAt).toBe(tenOn('09-27'));
    expect(rated.deadlineAt).toBe(tenOn('10-08'));
    // Wednesday 30, 16:00 → Thursday 8 October; 8, 9, Saturday 10 (worked), 12, 13.
    expect(holiday.callbackDueAt).toBe(tenOn('10-08', 16));
    expect(holiday.deadlineAt).toBe(tenOn('10-13', 16));
  });

  it('tells where each case stands: overdue, due today, not yet due', async () => {
    await at(tenOn('09-27', 8));
    const all = ok(await admin.command('list_complaints', { filter: 'all' })).complaints;
    const byId = new Map(all.map((c) => [c.id, c]));
    expect(byId.get(weekend.id)).toMatchObject({
      callbackState: 'overdue',
      rectifyState: 'overdue',
      overdue: true,
    });
    expect(byId.get(rated.id)).toMatchObject({
      callbackState: 'due_soon',
      rectifyState: 'pending',
      overdue: false,
    });
    expect(byId.get(holiday.id)).toMatchObject({ callbackState: 'pending', overdue: false });
    const overdue = ok(await admin.command('list_complaints', { filter: 'overdue' })).complaints;
    expect(overdue.map((c) => c.id)).toEqual([weekend.id]);
  });
});

describe('a case closes only with its records', () => {
  it('refuses to close without a call-back, then without a rectification, changing nothing', async () => {
    clock.t = tenOn('09-27', 9);
    expect(await refusal(act(rated, 'close', '已告知'))).toBe(
      'invalid_message action:case_callback_missing',
    );
    expect(await refusal(act(rated, 'mistaken', '误触'))).toBe(
      'invalid_message action:case_callback_missing',
    );
    // A call-back names who called, and the visitor cannot be reached in the future.
    expect(await refusal(act(rated, 'callback', '群众说等了很久'))).toBe(
      'invalid_message by:case_by_missing',
    );
    expect(
      await refusal(
        act(rated, 'callback', '群众说等了很久', { by: '王芳', at: tenOn('09-27', 11) }),
      ),
    ).toBe('invalid_message at:case_time_invalid');
    expect(await refusal(act(rated, 'rectify', '增开窗口'))).toBe(
      'invalid_message by:case_by_missing',
    );
    const unchanged = ok(await admin.command('list_complaints', { filter: 'open' })).complaints;
    expect(unchanged.find((c) => c.id === rated.id)?.followUps).toEqual([]);

    // Reached at 08:30, entered at 09:00: the deadline counts when the visitor was reached.
    const called = ok(
      await act(rated, 'callback', '群众说等了很久', {
        by: '王芳',
        at: tenOn('09-27', 8) + HOUR / 2,
      }),
    ).complaint;
    expect(called).toMatchObject({
      callback: { by: '王芳', at: tenOn('09-27', 8) + HOUR / 2, visitorSaid: '群众说等了很久' },
      callbackState: 'met',
      status: 'open',
    });
    expect(await refusal(act(rated, 'close', '已告知'))).toBe(
      'invalid_message action:case_rectification_missing',
    );
  });

  it('closes with the rectification and the result told the visitor, then takes nothing more', async () => {
    await at(tenOn('09-29'));
    ok(await act(rated, 'rectify', '高峰时段增开一个窗口', { by: '李主任' }));
    await at(tenOn('09-30'));
    const closed = ok(await act(rated, 'close', '已电话告知群众整改情况')).complaint;
    expect(closed).toMatchObject({
      status: 'closed',
      closedAs: 'resolved',
      closedAt: tenOn('09-30'),
      outcome: '已电话告知群众整改情况',
      rectification: { by: '李主任', at: tenOn('09-29'), what: '高峰时段增开一个窗口' },
      callbackState: 'met',
      rectifyState: 'met',
      overdue: false,
    });
    expect(await refusal(act(rated, 'note', '再补一句'))).toBe(
      'invalid_message action:case_closed',
    );
  });

  it('closes a mistaken rating with its reason after the call-back: no rectification needed', async () => {
    await at(tenOn('10-09'));
    ok(await act(holiday, 'callback', '群众说点错了', { by: '王芳' }));
    const closed = ok(await act(holiday, 'mistaken', '群众误点，非服务问题')).complaint;
    expect(closed).toMatchObject({
      status: 'closed',
      closedAs: 'mistaken',
      outcome: '群众误点，非服务问题',
      callbackState: 'met_late', // due 8 October 16:00
      rectifyState: 'waived',
    });
  });

  it('keeps every record across a restart of the hub', async () => {
    const { dbPath } = hall;
    await hall.close({ keepFiles: true });
    hall = await HubTestHall.start({ now: clock.now, config: null, dbPath });
    admin = await hall.client('admin', await hall.login());
    const all = ok(await admin.command('list_complaints', { filter: 'closed' })).complaints;
    expect(all.map((c) => [c.id, c.closedAs, c.callbackState, c.rectifyState])).toEqual([
      [holiday.id, 'mistaken', 'met_late', 'waived'],
      [rated.id, 'resolved', 'met', 'met'],
    ]);
  });
});
