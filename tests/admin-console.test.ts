import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import type { ComplaintView, ReportRow } from '@onestop/shared';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';
import { ok } from './support/acks.js';

/**
 * The admin console's commands against a real hub on a real SQLite file: a small day played
 * through real sockets whose report figures are computed by hand, complaint follow-up,
 * configuration changes that every client sees live, PIN reset, devices and the audit, with
 * the refusals.
 */

const MINUTE = 60_000;
// Friday 2026-11-27, 08:30 in Asia/Shanghai.
const START = Date.UTC(2026, 10, 27, 0, 30);
const DAY = '2026-11-27';

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
let supervisor: HubClient<'admin'>;
let kiosk: HubClient<'kiosk'>;

function at(minutesAfterStart: number): void {
  clock.t = START + minutesAfterStart * MINUTE;
}

beforeAll(async () => {
  clock = new FakeClock(START);
  hall = await HubTestHall.start({ now: clock.now });
  admin = await hall.client('admin', await hall.login());
  supervisor = await hall.client('admin', await hall.login('S01', '2468'));
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));

  // The hand-computed day (times are minutes after 08:30).
  const issue = async (serviceId: string, then: string[] = []) =>
    ok(
      await kiosk.command('issue_ticket', {
        itinerary: [serviceId, ...then].map((id) => ({ serviceIds: [id] })),
        class: 'normal',
      }),
    ).ticket;
  const a1 = await issue('biz-open'); // A001 at 08:30
  const a2 = await issue('biz-open'); // A002 at 08:30
  const c1 = await issue('social'); // C001 at 08:30
  const w1 = await hall.openWindow('w1', 'C01');
  at(5);
  expect(ok(await w1.command('call_next', {})).ticket?.id).toBe(a1.id); // wait 5
  at(6);
  ok(await w1.command('start_serving', {}));
  at(16);
  ok(await w1.command('finish', {})); // served 10
  at(20);
  expect(ok(await w1.command('call_next', {})).ticket?.id).toBe(a2.id); // wait 20
  ok(await w1.command('no_show', {}));
  at(40);
  const c2 = await issue('social'); // C002 at 09:10
  at(41);
  ok(await admin.command('cancel', { ticketId: c2.id }));
  const w4 = await hall.openWindow('w4', 'C04');
  at(50);
  expect(ok(await w4.command('call_next', {})).ticket?.id).toBe(c1.id); // wait 50
  ok(await w4.command('start_serving', {}));
  at(70);
  ok(await w4.command('finish', {})); // served 20
  const pad1 = await hall.client('rate', await hall.pair('rating_pad', 'w1'));
  const pad4 = await hall.client('rate', await hall.pair('rating_pad', 'w4'));
  ok(await pad1.command('rate', { ticketId: a1.id, score: 5, reasons: [] }));
  ok(await pad4.command('rate', { ticketId: c1.id, score: 1, reasons: ['态度差 Rude'] }));
  // The visitor of C001 also phones in a complaint, entered by hand at 09:45: counted under
  // the service, window and clerk it names, and the hour it was entered.
  at(75);
  ok(
    await supervisor.command('open_complaint', {
      contact: '139 8765 0011',
      summary: '窗口人员态度差',
      serviceId: 'social',
      windowId: 'w4',
      staffCode: 'C04',
      ticketId: c1.id,
    }),
  );

  // Each service counts where it happened. A003 has two steps: business start-up at window 2
  // (C02), then tax at window 10 (C10); its visitor rates step 1 on window 2's pad before step 2.
  // B001 is transferred by window 3 (C03) to invoices, served at window 11 (C11).
  at(80);
  const a3 = await issue('biz-open', ['tax']); // A003 at 09:50
  const b1 = await issue('biz-change'); // B001 at 09:50
  const w2 = await hall.openWindow('w2', 'C02');
  const w3 = await hall.openWindow('w3', 'C03');
  const w10 = await hall.openWindow('w10', 'C10');
  const w11 = await hall.openWindow('w11', 'C11');
  at(85);
  expect(ok(await w2.command('call_next', {})).ticket?.id).toBe(a3.id); // wait 5
  ok(await w2.command('start_serving', {}));
  at(90);
  expect(ok(await w3.command('call_next', {})).ticket?.id).toBe(b1.id); // wait 10
  ok(await w3.command('start_serving', {}));
  at(92);
  ok(await w3.command('transfer', { toServiceId: 'invoice', toWindowId: null, note: '' }));
  at(95);
  ok(await w2.command('finish', {})); // served 10; now waiting for tax since 10:05
  const pad2 = await hall.client('rate', await hall.pair('rating_pad', 'w2'));
  at(96);
  ok(await pad2.command('rate', { ticketId: a3.id, score: 4, reasons: [] }));
  at(105);
  expect(ok(await w10.command('call_next', {})).ticket?.id).toBe(a3.id); // wait 10 (from 95)
  ok(await w10.command('start_serving', {}));
  at(110);
  ok(await w10.command('finish', {})); // served 5; done
  at(112);
  expect(ok(await w11.command('call_next', {})).ticket?.id).toBe(b1.id); // wait 20 (from 92)
  ok(await w11.command('start_serving', {}));
  at(120);
  ok(await w11.command('finish', {})); // served 8; done
  for (const w of [w2, w3, w10, w11]) ok(await w.command('close_window', {}));
});

afterAll(async () => {
  await hall.close();
});

const byKey = (rows: ReportRow[], key: string): ReportRow | undefined =>
  rows.find((r) => r.key === key);

describe('report', () => {
  it('matches the hand-computed day, by service and in total', async () => {
    const report = ok(await supervisor.command('report', { from: DAY, to: DAY, by: 'service' }));
    expect(report.rows.map((r) => r.key)).toEqual([
      'biz-change',
      'biz-open',
      'invoice',
      'social',
      'tax',
    ]);
    // A001 (waits 5, served 10, rated 5), A002 (waits 20, no-show), A003's first step (waits 5,
    // served 10, rated 4 before its second step).
    expect(byKey(report.rows, 'biz-open')).toEqual({
      key: 'biz-open',
      issued: 3,
      served: 2,
      noShow: 1,
      cancelled: 0,
      expired: 0,
      avgWaitMs: 10 * MINUTE,
      p90WaitMs: 20 * MINUTE,
      avgServiceMs: 10 * MINUTE,
      transfers: 0,
      rated: 2,
      avgScore: 4.5,
      satisfied: 2,
      satisfactionRate: 1,
      complaints: 0,
      // Both finished steps rated, neither poor: no case.
      ratings: {
        ratingRate: 1,
        poor: 0,
        cases: 0,
        callbacks: 0,
        callbackRate: null,
        callbacksOnTime: 0,
        callbackOnTimeRate: null,
        rectified: 0,
        rectificationRate: null,
        rectifiedOnTime: 0,
        rectificationOnTimeRate: null,
      },
    });
    // B001 until window 3 transferred it (waits 10): not served as a business change.
    expect(byKey(report.rows, 'biz-change')).toMatchObject({
      issued: 1,
      served: 0,
      avgWaitMs: 10 * MINUTE,
      avgServiceMs: null,
      transfers: 1,
      rated: 0,
    });
    // B001 after its transfer: waits 20 from the transfer, served 8, at window 11.
    expect(byKey(report.rows, 'invoice')).toMatchObject({
      issued: 0,
      served: 1,
      avgWaitMs: 20 * MINUTE,
      avgServiceMs: 8 * MINUTE,
      transfers: 0,
    });
    // A003's second step: waits 10 from the end of its first, served 5, at window 10.
    expect(byKey(report.rows, 'tax')).toMatchObject({
      issued: 0,
      served: 1,
      avgWaitMs: 10 * MINUTE,
      p90WaitMs: 10 * MINUTE,
      avgServiceMs: 5 * MINUTE,
      rated: 0,
    });
    expect(byKey(report.rows, 'social')).toMatchObject({
      issued: 2,
      served: 1,
      noShow: 0,
      cancelled: 1,
      avgWaitMs: 50 * MINUTE,
      p90WaitMs: 50 * MINUTE,
      avgServiceMs: 20 * MINUTE,
      rated: 1,
      avgScore: 1,
      satisfied: 0,
      satisfactionRate: 0,
      complaints: 2, // the poor rating's and the one entered by hand
    });
    // Six tickets; five services finished (A003 twice); seven calls waiting 5, 20, 50, 5, 10,
    // 10 and 20 minutes (120 in all), the 90th percentile the 7th of 7; services of 10, 20, 10,
    // 5 and 8 minutes; ratings 5, 1 and 4.
    expect(report.total).toMatchObject({
      key: 'total',
      issued: 6,
      served: 5,
      noShow: 1,
      cancelled: 1,
      avgWaitMs: Math.round((120 / 7) * MINUTE),
      p90WaitMs: 50 * MINUTE,
      avgServiceMs: (53 / 5) * MINUTE,
      transfers: 1,
      rated: 3,
      avgScore: 3.33,
      satisfied: 2,
      satisfactionRate: 2 / 3,
      complaints: 2,
    });
  });

  it('groups by hour, department, window and clerk', async () => {
    const rows = async (by: 'hour' | 'department' | 'window' | 'staff') =>
      ok(await admin.command('report', { from: DAY, to: DAY, by })).rows.map((r) => [
        r.key,
        r.issued,
        r.complaints,
      ]);
    // Tickets by the hour issued (A001, A002, C001 at 08:30; C002 09:10; A003, B001 09:50).
    // The rating's complaint counts in the hour its rated call joined the queue (08:30), the one
    // entered by hand in the hour it was entered (09:45). A003's second step (10:05) and B001
    // after its transfer (10:02) are served in 10.
    expect(await rows('hour')).toEqual([
      ['08', 3, 1],
      ['09', 3, 1],
      ['10', 0, 0],
    ]);
    expect(await rows('department')).toEqual([
      ['hrss', 2, 2],
      ['market', 4, 0],
      ['tax', 0, 0],
    ]);
    // A ticket is issued at no window: the tickets are the `(none)` row's.
    expect(await rows('window')).toEqual([
      ['(none)', 6, 0],
      ['w1', 0, 0],
      ['w10', 0, 0],
      ['w11', 0, 0],
      ['w2', 0, 0],
      ['w3', 0, 0],
      ['w4', 0, 2],
    ]);
    expect(await rows('staff')).toEqual([
      ['(none)', 6, 0],
      ['C01', 0, 0],
      ['C02', 0, 0],
      ['C03', 0, 0],
      ['C04', 0, 2],
      ['C10', 0, 0],
      ['C11', 0, 0],
    ]);
  });

  it('counts each service at the window and clerk where it was done', async () => {
    const report = ok(await supervisor.command('report', { from: DAY, to: DAY, by: 'window' }));
    /** served, no-show, avg wait (min), avg service (min), transfers, rated, avg score */
    const at = (key: string) => {
      const r = byKey(report.rows, key);
      return [
        r?.served,
        r?.noShow,
        r?.avgWaitMs === null || r === undefined ? null : r.avgWaitMs / MINUTE,
        r?.avgServiceMs === null || r === undefined ? null : r.avgServiceMs / MINUTE,
        r?.transfers,
        r?.rated,
        r?.avgScore,
      ];
    };
    expect(at('w1')).toEqual([1, 1, 12.5, 10, 0, 1, 5]); // A001, A002's no-show
    expect(at('w2')).toEqual([1, 0, 5, 10, 0, 1, 4]); // A003's first step, and its rating
    expect(at('w10')).toEqual([1, 0, 10, 5, 0, 0, null]); // A003's second step, not rated
    expect(at('w3')).toEqual([0, 0, 10, null, 1, 0, null]); // B001, transferred
    expect(at('w11')).toEqual([1, 0, 20, 8, 0, 0, null]); // B001 after the transfer
    expect(at('w4')).toEqual([1, 0, 50, 20, 0, 1, 1]); // C001
    const staff = ok(await supervisor.command('report', { from: DAY, to: DAY, by: 'staff' }));
    expect(staff.rows.map((r) => [r.key, r.served, r.transfers, r.rated])).toEqual([
      ['(none)', 0, 0, 0],
      ['C01', 1, 0, 1],
      ['C02', 1, 0, 1],
      ['C03', 0, 1, 0],
      ['C04', 1, 0, 1],
      ['C10', 1, 0, 0],
      ['C11', 1, 0, 0],
    ]);
    expect(staff.total).toEqual(report.total);
  });

  it('is empty for a range without tickets, and refuses a reversed range naming the field', async () => {
    const empty = ok(
      await admin.command('report', { from: '2026-01-01', to: '2026-01-31', by: 'service' }),
    );
    expect(empty.rows).toEqual([]);
    expect(empty.total).toMatchObject({ issued: 0, avgWaitMs: null, satisfactionRate: null });
    const reversed = await admin.command('report', { from: DAY, to: '2026-11-01', by: 'service' });
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(reversed.error.message).toMatch(/to: from must not be after to/);
  });
});

describe('complaints', () => {
  let complaint: ComplaintView;

  it('lists the complaint the poor rating opened, open and not overdue', async () => {
    const list = ok(
      await supervisor.command('list_complaints', { filter: 'open' }),
    ).complaints.filter((c) => c.source === 'rating');
    expect(list).toHaveLength(1);
    complaint = list[0] as ComplaintView;
    expect(complaint).toMatchObject({
      ticketNumber: 'C001',
      windowId: 'w4',
      staffCode: 'C04',
      score: 1,
      reasons: ['态度差 Rude'],
      status: 'open',
      assignee: null,
      overdue: false,
      followUps: [],
    });
  });

  it('records assignee, notes, call-back and closing, with who did each', async () => {
    const id = complaint.id;
    ok(
      await supervisor.command('complaint_action', {
        complaintId: id,
        action: 'assign',
        text: 'S01',
      }),
    );
    ok(
      await supervisor.command('complaint_action', {
        complaintId: id,
        action: 'note',
        text: '已与窗口核实 Checked with the window',
      }),
    );
    at(80);
    ok(
      await admin.command('complaint_action', {
        complaintId: id,
        action: 'callback',
        text: '群众接受 Accepted',
        by: 'S01',
      }),
    );
    at(85);
    ok(
      await admin.command('complaint_action', {
        complaintId: id,
        action: 'rectify',
        text: '窗口服务培训 Training',
        by: 'C04',
      }),
    );
    at(90);
    const closed = ok(
      await admin.command('complaint_action', {
        complaintId: id,
        action: 'close',
        text: '已道歉 Apologized',
      }),
    ).complaint;
    expect(closed).toMatchObject({
      status: 'closed',
      assignee: 'S01',
      callbackAt: START + 80 * MINUTE,
      closedAt: START + 90 * MINUTE,
      outcome: '已道歉 Apologized',
    });
    expect(closed.followUps.map((f) => [f.action, f.staffCode])).toEqual([
      ['assign', 'S01'],
      ['note', 'S01'],
      ['callback', 'ADMIN'],
      ['rectify', 'ADMIN'],
      ['close', 'ADMIN'],
    ]);
    const open = ok(await admin.command('list_complaints', { filter: 'open' })).complaints;
    expect(open.map((c) => c.source)).toEqual(['manual']);
    expect(
      ok(await admin.command('list_complaints', { filter: 'closed' })).complaints,
    ).toHaveLength(1);
  });

  it('refuses a closed or unknown complaint, an unknown assignee and an empty note', async () => {
    const refused = async (m: { complaintId: string; action: 'assign' | 'note'; text: string }) => {
      const ack = await admin.command('complaint_action', m);
      return ack.ok ? 'OK' : `${ack.error.code}: ${ack.error.message}`;
    };
    expect(await refused({ complaintId: complaint.id, action: 'note', text: 'late' })).toMatch(
      /invalid_message: complaint .* is closed/,
    );
    expect(await refused({ complaintId: `${DAY}/C999`, action: 'note', text: 'x' })).toMatch(
      /invalid_message: no complaint/,
    );
    expect(await refused({ complaintId: complaint.id, action: 'assign', text: 'NOBODY' })).toMatch(
      /staff_unknown/,
    );
    expect(await refused({ complaintId: complaint.id, action: 'note', text: '  ' })).toMatch(
      /invalid_message: .*text: say what was done/,
    );
  });

  it('marks an open complaint past its deadline as overdue', async () => {
    hall.hub.store.connection
      .prepare(
        `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score,
           opened_at, deadline_at, status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        '2026-11-01/C001',
        '2026-11-01/A001',
        'w1',
        'C01',
        'biz-open',
        2,
        START - 30 * 24 * 60 * MINUTE,
        START - 5 * 24 * 60 * MINUTE,
        'open',
        JSON.stringify({
          id: '2026-11-01/C001',
          ticketId: '2026-11-01/A001',
          windowId: 'w1',
          staffCode: 'C01',
          serviceId: 'biz-open',
          score: 2,
          reasons: [],
          openedAt: START - 30 * 24 * 60 * MINUTE,
          deadlineAt: START - 5 * 24 * 60 * MINUTE,
          status: 'open',
        }),
      );
    const overdue = ok(await admin.command('list_complaints', { filter: 'overdue' })).complaints;
    expect(overdue.map((c) => [c.id, c.overdue])).toEqual([['2026-11-01/C001', true]]);
  });

  it('enters a complaint by hand, contact masked, due in 15 working days', async () => {
    at(70);
    const message = {
      contact: '138 1234 5678',
      summary: '为盖一个章往返三个窗口',
      serviceId: 'estate-reg',
      windowId: 'w7',
      staffCode: null,
      ticketId: null,
    };
    const { complaint } = ok(await supervisor.command('open_complaint', message));
    expect(complaint).toMatchObject({
      id: `${DAY}/M-002`,
      source: 'manual',
      contact: '138****5678',
      summary: '为盖一个章往返三个窗口',
      serviceId: 'estate-reg',
      windowId: 'w7',
      score: null,
      ticketNumber: 'M-002',
      status: 'open',
      overdue: false,
      openedAt: clock.t,
    });
    // Friday 27 November 09:40 + 15 working days (weekends skipped) = Friday 18 December 09:40.
    expect(complaint.deadlineAt).toBe(Date.UTC(2026, 11, 18, 1, 40));
    // It is followed up like any other.
    ok(
      await admin.command('complaint_action', {
        complaintId: complaint.id,
        action: 'callback',
        text: '群众说明情况 Told us what happened',
        by: 'S01',
      }),
    );
    const listed = ok(await admin.command('list_complaints', { filter: 'open' })).complaints;
    expect(listed.find((c) => c.id === complaint.id)?.callbackAt).toBe(clock.t);
    // The whole number is kept nowhere in the file.
    const db = hall.hub.store.connection;
    for (const table of ['manual_complaints', 'complaint_actions', 'events']) {
      const rows = JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all());
      expect(rows, table).not.toMatch(/1234 ?5678|12345678/);
    }
    const second = ok(
      await admin.command('open_complaint', { ...message, contact: '0755-812345' }),
    );
    expect([second.complaint.id, second.complaint.contact]).toEqual([`${DAY}/M-003`, '07****2345']);
  });

  it('refuses a complaint by hand with a bad contact, or an unknown service, window or ticket', async () => {
    const base = {
      contact: '13812345678',
      summary: 'x',
      serviceId: null,
      windowId: null,
      staffCode: null,
      ticketId: null,
    };
    const refused = async (m: typeof base | Record<string, unknown>) => {
      const ack = await admin.command('open_complaint', m as typeof base);
      return ack.ok ? 'OK' : `${ack.error.code} ${ack.error.message}`;
    };
    expect(await refused({ ...base, contact: '12345' })).toMatch(/^invalid_message .*contact/);
    expect(await refused({ ...base, contact: 'call me' })).toMatch(/^invalid_message .*contact/);
    expect(await refused({ ...base, summary: '  ' })).toMatch(/^invalid_message .*summary/);
    expect(await refused({ ...base, serviceId: 'nope' })).toBe(
      'service_unknown serviceId: no service "nope"',
    );
    expect(await refused({ ...base, windowId: 'w99' })).toBe(
      'window_unknown windowId: no window "w99"',
    );
    expect(await refused({ ...base, staffCode: 'ZZ9' })).toBe(
      'staff_unknown staffCode: no staff "ZZ9"',
    );
    expect(await refused({ ...base, ticketId: `${DAY}/Z999` })).toBe(
      `ticket_unknown ticketId: no ticket "${DAY}/Z999"`,
    );
    const { complaints } = ok(await admin.command('list_complaints', { filter: 'all' }));
    expect(complaints.filter((c) => c.source === 'manual')).toHaveLength(3);
  });
});

describe('configuration', () => {
  it('renames a service live: every mirror (a kiosk too) gets the new name', async () => {
    const service = hall.hub.config.services.find((s) => s.id === 'biz-open');
    if (!service) throw new Error('no biz-open');
    const renamed = { ...service, name: { zh: '企业开办（一窗通办）', en: 'Start a business' } };
    const result = ok(
      await admin.command('change_config', { change: { kind: 'service', service: renamed } }),
    );
    expect(result.config.services.find((s) => s.id === 'biz-open')?.name.en).toBe(
      'Start a business',
    );
    await waitFor(
      () =>
        kiosk.state?.config.services.find((s) => s.id === 'biz-open')?.name.en ===
        'Start a business',
      5_000,
      'the kiosk mirror to see the new name',
    );
    expect(hall.hub.store.loadConfig()?.services.find((s) => s.id === 'biz-open')?.name.en).toBe(
      'Start a business',
    );
    const logged = hall.hub.store.eventsAfter(0, 10_000).filter((e) => e.type === 'config_changed');
    expect(logged).toHaveLength(1);
    const audit = ok(
      await admin.command('audit', {
        from: 0,
        to: Number.MAX_SAFE_INTEGER,
        ticketId: null,
        windowId: null,
        staffCode: 'ADMIN',
        type: 'config_changed',
        afterSeq: 0,
        limit: 10,
      }),
    );
    expect(audit.entries.map((e) => e.actor)).toEqual([
      { kind: 'staff', staffCode: 'ADMIN', deviceId: null },
    ]);
    // The first change in the log is compared with the configuration the hub was set up with.
    expect(audit.entries[0]?.configDiff).toEqual({
      changes: [
        {
          section: 'services',
          item: 'biz-open',
          change: 'changed',
          field: 'name.zh',
          from: service.name.zh,
          to: '企业开办（一窗通办）',
        },
        {
          section: 'services',
          item: 'biz-open',
          change: 'changed',
          field: 'name.en',
          from: service.name.en,
          to: 'Start a business',
        },
      ],
      more: 0,
    });
  });

  it('disables a service, changes its quota, and the kiosk is refused', async () => {
    const service = hall.hub.config.services.find((s) => s.id === 'invoice');
    if (!service) throw new Error('no invoice');
    ok(
      await admin.command('change_config', {
        change: { kind: 'service', service: { ...service, enabled: false, dailyQuota: 50 } },
      }),
    );
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['invoice'] }],
      class: 'normal',
    });
    expect(issued.ok ? 'OK' : issued.error.code).toBe('service_disabled');
    // The audit log names the fields changed, against the change before it.
    const audit = ok(
      await admin.command('audit', {
        from: 0,
        to: Number.MAX_SAFE_INTEGER,
        ticketId: null,
        windowId: null,
        staffCode: null,
        type: 'config_changed',
        afterSeq: 0,
        limit: 10,
      }),
    );
    expect(audit.entries.at(-1)?.configDiff).toEqual({
      changes: [
        {
          section: 'services',
          item: 'invoice',
          change: 'changed',
          field: 'dailyQuota',
          from: service.dailyQuota === null ? null : String(service.dailyQuota),
          to: '50',
        },
        {
          section: 'services',
          item: 'invoice',
          change: 'changed',
          field: 'enabled',
          from: 'true',
          to: 'false',
        },
      ],
      more: 0,
    });
  });

  it('refuses a supervisor, a duplicate prefix naming the field, and removing a window in use', async () => {
    const service = hall.hub.config.services.find((s) => s.id === 'tax');
    if (!service) throw new Error('no tax');
    const bySupervisor = await supervisor.command('change_config', {
      change: { kind: 'service', service: { ...service, name: { zh: '税', en: 'Tax' } } },
    });
    expect(bySupervisor.ok ? 'OK' : bySupervisor.error.code).toBe('forbidden');
    const duplicate = await admin.command('change_config', {
      change: { kind: 'service', service: { ...service, prefix: 'A' } },
    });
    expect(duplicate.ok ? 'OK' : duplicate.error.message).toMatch(
      /services\.\d+\.prefix: duplicate prefix "A"/,
    );
    const badWindow = await admin.command('change_config', {
      change: {
        kind: 'window',
        window: {
          id: 'w99',
          number: 1,
          name: { zh: '新', en: 'New' },
          services: [{ serviceId: 'nope', weight: 1 }],
        },
      },
    });
    expect(badWindow.ok ? 'OK' : badWindow.error.message).toMatch(
      /windows\.12\.number: duplicate number/,
    );
    expect(badWindow.ok ? 'OK' : badWindow.error.message).toMatch(/no service "nope"/);
    expect(hall.hub.config.services.find((s) => s.id === 'tax')?.prefix).toBe('H');
  });

  it('adds a window and changes the policy, live', async () => {
    ok(
      await admin.command('change_config', {
        change: {
          kind: 'window',
          window: {
            id: 'w13',
            number: 13,
            name: { zh: '综合', en: 'General' },
            services: [{ serviceId: 'tax', weight: 1 }],
          },
        },
      }),
    );
    expect(hall.hub.current.windows.get('w13')?.status).toBe('closed');
    const policy = { ...hall.hub.config.hall.policy, maxWaitMinutes: 30 };
    ok(await admin.command('change_config', { change: { kind: 'policy', policy } }));
    await waitFor(() => kiosk.state?.config.hall.policy.maxWaitMinutes === 30, 5_000, 'policy');
  });

  it('closes the hall on a holiday and counts the calendar in deadlines, live', async () => {
    const calendar = (holidays: string[], extraWorkdays: string[]) =>
      admin.command('change_config', { change: { kind: 'calendar', holidays, extraWorkdays } });
    const issue = () =>
      kiosk.command('issue_ticket', { itinerary: [{ serviceIds: ['tax'] }], class: 'normal' });
    // A Monday is no extra workday; a date is a real one; supervisors change nothing.
    const wrong = await calendar(['2026-02-30'], ['2026-11-30']);
    expect(wrong.ok ? 'OK' : wrong.error.message).toMatch(/hall\.holidays\.0: a real date/);
    expect(wrong.ok ? 'OK' : wrong.error.message).toMatch(
      /hall\.extraWorkdays\.0: 2026-11-30 is not a Saturday or a Sunday/,
    );
    const bySupervisor = await supervisor.command('change_config', {
      change: { kind: 'calendar', holidays: [DAY], extraWorkdays: [] },
    });
    expect(bySupervisor.ok ? 'OK' : bySupervisor.error.code).toBe('forbidden');

    ok(await calendar([DAY], []));
    await waitFor(() => kiosk.state?.config.hall.holidays.includes(DAY) === true, 5_000, 'holiday');
    const closed = await issue();
    expect(closed.ok ? 'OK' : closed.error.code).toBe('service_closed_now');

    // Saturday 28 November worked, Tuesday 1 and Wednesday 2 December closed: 15 working days
    // from Friday 27 November end on Monday 21 December instead of Friday 18 December.
    ok(await calendar(['2026-12-01', '2026-12-02'], ['2026-11-28']));
    const { complaint } = ok(
      await admin.command('open_complaint', {
        contact: '0755-812345',
        summary: '节假日测试',
        serviceId: null,
        windowId: null,
        staffCode: null,
        ticketId: null,
      }),
    );
    const opened = new Date(complaint.openedAt);
    expect(complaint.deadlineAt).toBe(
      Date.UTC(2026, 11, 21, opened.getUTCHours(), opened.getUTCMinutes()),
    );
    expect(hall.hub.store.loadConfig()?.hall.extraWorkdays).toEqual(['2026-11-28']);

    // (No ticket is issued after: the reports below count this day's tickets.)
    ok(await calendar([], []));
    await waitFor(() => kiosk.state?.config.hall.holidays.length === 0, 5_000, 'no holiday');
  });

  it('creates staff, resets a PIN, and refuses an admin disabling themselves', async () => {
    ok(
      await admin.command('change_config', {
        change: {
          kind: 'staff',
          staff: { code: 'C99', name: '新员工', role: 'clerk', active: true },
        },
      }),
    );
    const bySupervisor = await supervisor.command('set_staff_pin', {
      staffCode: 'C99',
      pin: '4321',
    });
    expect(bySupervisor.ok ? 'OK' : bySupervisor.error.code).toBe('forbidden');
    const unknown = await admin.command('set_staff_pin', { staffCode: 'ZZ9', pin: '4321' });
    expect(unknown.ok ? 'OK' : unknown.error.code).toBe('staff_unknown');
    ok(await admin.command('set_staff_pin', { staffCode: 'C99', pin: '4321' }));
    const w5 = await hall.client('window', await hall.pair('window_terminal', 'w5'));
    expect(ok(await w5.command('staff_login', { staffCode: 'C99', pin: '4321' })).staff.name).toBe(
      '新员工',
    );
    const self = await admin.command('change_config', {
      change: {
        kind: 'staff',
        staff: { code: 'ADMIN', name: '管理员', role: 'admin', active: false },
      },
    });
    expect(self.ok ? 'OK' : self.error.code).toBe('forbidden');
  });

  it('adds and renames a department, and adds a service in it, live; a wrong one is named', async () => {
    const department = { id: 'civil', name: { zh: '民政局', en: 'Civil Affairs' } };
    ok(await admin.command('change_config', { change: { kind: 'department', department } }));
    ok(
      await admin.command('change_config', {
        change: {
          kind: 'department',
          department: { ...department, name: { zh: '民政局', en: 'Civil Affairs Bureau' } },
        },
      }),
    );
    const service = {
      id: 'marriage',
      departmentId: 'civil',
      prefix: 'L',
      name: { zh: '婚姻登记', en: 'Marriage registration' },
      dailyQuota: null,
      hours: [{ days: [1, 2, 3, 4, 5] as (1 | 2 | 3 | 4 | 5)[], open: '08:00', close: '17:00' }],
      defaultMinutes: 15,
      enabled: true,
    };
    ok(await admin.command('change_config', { change: { kind: 'service', service } }));
    await waitFor(
      () =>
        kiosk.state?.config.departments.find((d) => d.id === 'civil')?.name.en ===
          'Civil Affairs Bureau' && kiosk.state.config.services.some((x) => x.id === 'marriage'),
      5_000,
      'the kiosk mirror',
    );
    const wrong = await admin.command('change_config', {
      change: { kind: 'service', service: { ...service, id: 'divorce', departmentId: 'nope' } },
    });
    expect(wrong.ok ? 'OK' : wrong.error.message).toMatch(
      /services\.\d+\.departmentId: no department "nope"/,
    );
    const badId = await admin.command('change_config', {
      change: { kind: 'department', department: { id: 'a b', name: { zh: '', en: 'X' } } },
    });
    expect(badId.ok ? 'OK' : badId.error.message).toMatch(/department\.id: .*department\.name\.zh/);
  });

  it("changes the hall's names and languages live, and names every wrong field of the hall", async () => {
    const hallNow = hall.hub.config.hall;
    const wrong = await admin.command('change_config', {
      change: {
        kind: 'hall',
        name: { zh: ' ', en: 'Hall' },
        languages: ['fr', 'zh'],
        timezone: 'Mars/Olympus_Mons',
      },
    });
    expect(wrong.ok ? 'OK' : wrong.error.code).toBe('invalid_message');
    const message = wrong.ok ? '' : wrong.error.message;
    expect(message).toMatch(/hall\.name\.zh: /);
    expect(message).toMatch(/hall\.languages\.0: /);
    expect(message).toMatch(/hall\.timezone: an IANA timezone/);
    const none = await admin.command('change_config', {
      change: { kind: 'hall', name: hallNow.name, languages: [], timezone: hallNow.timezone },
    });
    expect(none.ok ? 'OK' : none.error.message).toMatch(/hall\.languages: /);
    const twice = await admin.command('change_config', {
      change: {
        kind: 'hall',
        name: hallNow.name,
        languages: ['en', 'en'],
        timezone: hallNow.timezone,
      },
    });
    expect(twice.ok ? 'OK' : twice.error.message).toMatch(/hall\.languages: each language once/);
    // Windows w1 and w4 are open: the timezone (which decides the business day) may not move.
    const busy = await admin.command('change_config', {
      change: {
        kind: 'hall',
        name: { zh: hallNow.name.zh, en: '' },
        languages: hallNow.languages,
        timezone: 'Asia/Tokyo',
      },
    });
    expect(busy.ok ? [] : busy.error.message.split('; ')).toEqual([
      expect.stringMatching(/^hall\.name\.en: /),
      expect.stringMatching(
        /^hall\.timezone: cannot change while \d+ ticket\(s\) .* and 2 window\(s\) are open/,
      ),
    ]);
    const bySupervisor = await supervisor.command('change_config', {
      change: { kind: 'hall', name: hallNow.name, languages: ['en'], timezone: hallNow.timezone },
    });
    expect(bySupervisor.ok ? 'OK' : bySupervisor.error.code).toBe('forbidden');

    // English first: the hall's default language; the kiosk's mirror has it without reload.
    const name = { zh: '新区政务服务中心', en: 'New District Service Center' };
    const changed = ok(
      await admin.command('change_config', {
        change: { kind: 'hall', name, languages: ['en', 'zh'], timezone: hallNow.timezone },
      }),
    );
    expect(changed.config.hall).toMatchObject({ name, languages: ['en', 'zh'] });
    await waitFor(
      () =>
        kiosk.state?.config.hall.languages[0] === 'en' &&
        kiosk.state.config.hall.name.en === name.en,
      5_000,
      'the kiosk mirror',
    );
    // Saved with its event: a restarted hub loads it.
    expect(hall.hub.store.loadConfig()?.hall).toMatchObject({ name, languages: ['en', 'zh'] });
    ok(
      await admin.command('change_config', {
        change: {
          kind: 'hall',
          name: hallNow.name,
          languages: hallNow.languages,
          timezone: hallNow.timezone,
        },
      }),
    );
  });
});

describe('devices and audit', () => {
  it('lists devices with their reported status and never a token', async () => {
    ok(
      await kiosk.command('device_status', {
        state: 'error',
        detail: 'paper out',
        printer: { paper: 'out', coverOpen: false, online: true },
      }),
    );
    const { devices } = ok(await supervisor.command('list_devices', {}));
    const kioskInfo = devices.find((d) => d.kind === 'kiosk');
    expect(kioskInfo?.status).toMatchObject({ printer: { paper: 'out' } });
    expect(JSON.stringify(devices)).not.toMatch(/token/i);
  });

  it('renames and unpairs a device (admins only); an unpaired device is refused', async () => {
    const before = new Set(ok(await admin.command('list_devices', {})).devices.map((d) => d.id));
    const pad = await hall.client('kiosk', await hall.pair('kiosk'));
    const id =
      ok(await admin.command('list_devices', {})).devices.find((d) => !before.has(d.id))?.id ?? '';
    expect(id).not.toBe('');

    const bySupervisor = await supervisor.command('rename_device', { deviceId: id, name: 'x' });
    expect(bySupervisor.ok ? 'OK' : bySupervisor.error.code).toBe('forbidden');
    const unknown = await admin.command('rename_device', { deviceId: 'nope', name: 'x' });
    expect(unknown.ok ? 'OK' : unknown.error.message).toMatch(/^deviceId: no device "nope"/);
    const blank = await admin.command('rename_device', { deviceId: id, name: '' });
    expect(blank.ok ? 'OK' : blank.error.code).toBe('invalid_message');
    const renamed = ok(await admin.command('rename_device', { deviceId: id, name: '北门取号机' }));
    expect(renamed.device).toMatchObject({ id, name: '北门取号机', revokedAt: null });

    const refusedUnpair = await supervisor.command('unpair_device', { deviceId: id });
    expect(refusedUnpair.ok ? 'OK' : refusedUnpair.error.code).toBe('forbidden');
    ok(await pad.command('device_status', { state: 'ok', detail: '' }));
    const unpaired = ok(await admin.command('unpair_device', { deviceId: id }));
    expect(unpaired.device.revokedAt).not.toBeNull();
    // Its open connection is closed at once, and the reconnect refused.
    await waitFor(() => pad.connection === 'refused', 5_000, 'the unpaired device refused');
    const after = await pad.command('device_status', { state: 'ok', detail: '' });
    expect(after.ok).toBe(false);
    const listed = ok(await admin.command('list_devices', {})).devices.find((d) => d.id === id);
    expect(listed?.name).toBe('北门取号机');
    expect(listed?.revokedAt).toBe(unpaired.device.revokedAt);
    pad.close();
  });

  it('searches the log by window and kind, and pages', async () => {
    const query = {
      from: START,
      to: START + 24 * 60 * MINUTE,
      ticketId: null,
      windowId: 'w1',
      staffCode: null,
      type: 'ticket_called',
      afterSeq: 0,
      limit: 1,
    };
    const first = ok(await supervisor.command('audit', query));
    expect(first.entries.map((e) => e.event.type)).toEqual(['ticket_called']);
    expect(first.more).toBe(true);
    const seq = first.entries[0]?.event.seq ?? 0;
    const second = ok(await supervisor.command('audit', { ...query, afterSeq: seq }));
    expect(second.entries).toHaveLength(1);
    expect(second.more).toBe(false);
    const byTicket = ok(
      await supervisor.command('audit', {
        ...query,
        windowId: null,
        type: null,
        ticketId: `${DAY}/C002`,
        limit: 50,
      }),
    );
    expect(byTicket.entries.map((e) => e.event.type)).toEqual([
      'ticket_issued',
      'ticket_cancelled',
    ]);
  });

  it('keeps every admin change in the log with the person, never a contact or a PIN', async () => {
    const search = async (type: string) =>
      ok(
        await supervisor.command('audit', {
          from: START,
          to: Date.now() + 24 * 60 * MINUTE,
          ticketId: null,
          windowId: null,
          staffCode: null,
          type,
          afterSeq: 0,
          limit: 50,
        }),
      ).entries.map((e) => ({
        by: e.actor.kind === 'staff' ? e.actor.staffCode : e.actor.kind,
        event: (({ at: _at, seq: _seq, ...rest }) => rest)(e.event),
      }));
    const renamed = await search('device_renamed');
    expect(renamed).toHaveLength(1);
    expect(renamed[0]).toMatchObject({
      by: 'ADMIN',
      event: { type: 'device_renamed', kind: 'kiosk', windowId: null, name: '北门取号机' },
    });
    const unpaired = await search('device_unpaired');
    expect(unpaired).toHaveLength(1);
    expect(unpaired[0]).toMatchObject({
      by: 'ADMIN',
      event: { type: 'device_unpaired', kind: 'kiosk', windowId: null },
    });
    expect(await search('staff_pin_reset')).toEqual([
      { by: 'ADMIN', event: { type: 'staff_pin_reset', staffCode: 'C99' } },
    ]);
    const entered = await search('complaint_entered');
    expect(entered[1]).toEqual({
      by: 'S01',
      event: {
        type: 'complaint_entered',
        complaint: {
          id: `${DAY}/M-002`,
          serviceId: 'estate-reg',
          windowId: 'w7',
          staffCode: null,
          ticketId: null,
          deadlineAt: expect.any(Number) as unknown,
        },
      },
    });
    expect(entered.map((e) => e.by)).toEqual(['S01', 'S01', 'ADMIN', 'ADMIN']);
    const followed = await search('complaint_followed_up');
    expect(followed.slice(0, 5)).toEqual(
      [
        ['S01', 'assign'],
        ['S01', 'note'],
        ['ADMIN', 'callback'],
        ['ADMIN', 'rectify'],
        ['ADMIN', 'close'],
      ].map(([by, action]) => ({
        by,
        event: { type: 'complaint_followed_up', complaintId: `${DAY}/C001`, action },
      })),
    );
    // Neither the note, the contact nor a PIN is in these events.
    const all = JSON.stringify([entered, followed, await search('staff_pin_reset')]);
    expect(all).not.toMatch(/5678|2345|4321|Checked with the window/);

    // Live: admins get the event, a kiosk does not (the notice changed after reaches both).
    const seenByAdmin: string[] = [];
    const seenByKiosk: string[] = [];
    const stopAdmin = admin.onEvents((events) => events.forEach((e) => seenByAdmin.push(e.type)));
    const stopKiosk = kiosk.onEvents((events) => events.forEach((e) => seenByKiosk.push(e.type)));
    ok(await admin.command('set_staff_pin', { staffCode: 'C99', pin: '5432' }));
    ok(
      await admin.command('change_config', {
        change: { kind: 'notice', notice: { zh: '审计测试', en: 'Audit test' } },
      }),
    );
    await waitFor(() => seenByKiosk.includes('config_changed'), 5_000, 'kiosk notice');
    await waitFor(() => seenByAdmin.includes('config_changed'), 5_000, 'admin notice');
    stopAdmin();
    stopKiosk();
    expect(seenByAdmin).toEqual(['staff_pin_reset', 'config_changed']);
    expect(seenByKiosk).toEqual(['config_changed']);
  });
});

describe('reports over closed days', () => {
  it('are summed at day close, and give the same figures from the rollups as live', async () => {
    const groupings = ['service', 'window', 'staff', 'department', 'hour', 'tag'] as const;
    const live = await Promise.all(
      groupings.map(async (by) =>
        ok(await supervisor.command('report', { from: DAY, to: DAY, by })),
      ),
    );
    const rollups = hall.hub.store.connection.prepare<[], { n: number }>(
      'SELECT count(*) AS n FROM report_rollups',
    );
    expect(rollups.get()).toEqual({ n: 0 });
    // The reports above kept the day's cases as counted: gone, the day's close counts them.
    hall.hub.store.connection.exec('DELETE FROM case_rollups');
    ok(await admin.command('close_day', {}));
    // One per base grouping (department is summed by service; tags have their own), filled
    // when the day closed.
    await waitFor(() => rollups.get()?.n === 5, 5_000, 'the rollups of the closed day');
    // Its cases counted too (read live by a report until every one of them stands still).
    const caseDays = hall.hub.store.connection.prepare<[], { business_day: string }>(
      'SELECT business_day FROM case_rollups',
    );
    expect(caseDays.all()).toEqual([{ business_day: DAY }]);
    for (const [i, by] of groupings.entries()) {
      const first = ok(await supervisor.command('report', { from: DAY, to: DAY, by }));
      // From the day after the overdue case put in on 1 November (its case counts on its day).
      const again = ok(await supervisor.command('report', { from: '2026-11-02', to: DAY, by }));
      expect(first).toEqual(live[i]);
      expect(again.rows).toEqual(live[i]?.rows);
      expect(again.total).toEqual(live[i]?.total);
    }
    expect(rollups.get()).toEqual({ n: 5 });
  });
});
