import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';
import { ok, said } from './support/acks.js';

/**
 * What the admin console's changes do beyond the configuration itself, against a real hub on a
 * real SQLite file: a timezone change never corrupts the business day, a disabled staff member
 * loses every open session at once, and an admin change and its audit event are one transaction.
 */

const MINUTE = 60_000;
// Friday 2026-11-27, 08:30 in Asia/Shanghai (00:30 UTC; in New York still Thursday, 19:30).
const START = Date.UTC(2026, 10, 27, 0, 30);

let hall: HubTestHall;
afterEach(async () => {
  await hall.close();
});

async function started(clock?: FakeClock) {
  hall = await HubTestHall.start(clock ? { now: clock.now } : {});
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  return admin;
}

const hallChange = (admin: HubClient<'admin'>, timezone: string) => {
  const { name, languages } = hall.hub.config.hall;
  return admin.command('change_config', { change: { kind: 'hall', name, languages, timezone } });
};

describe('a timezone change', () => {
  it('is refused while a ticket waits or a window is open, then the day follows the new clock', async () => {
    const clock = new FakeClock(START);
    const admin = await started(clock);
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const issue = async () =>
      ok(
        await kiosk.command('issue_ticket', {
          itinerary: [{ serviceIds: ['biz-open'] }],
          class: 'normal',
        }),
      ).ticket;
    const a1 = await issue();
    expect(said(await hallChange(admin, 'America/New_York'))).toBe(
      'invalid_message: hall.timezone: cannot change while 1 ticket(s) are waiting, called, ' +
        'being served or parked and 0 window(s) are open (change it when the hall is idle)',
    );
    const w1 = await hall.openWindow('w1', 'C01');
    ok(await w1.command('call_next', {}));
    expect(said(await hallChange(admin, 'America/New_York'))).toMatch(/1 ticket\(s\).* 1 window/);
    ok(await w1.command('start_serving', {}));
    clock.advance(10 * MINUTE);
    ok(await w1.command('finish', {}));
    expect(said(await hallChange(admin, 'America/New_York'))).toMatch(/0 ticket\(s\).* 1 window/);
    ok(await w1.command('close_window', {}));

    // Idle: accepted. In New York it is still Thursday; the open Friday is kept, not reopened.
    ok(await hallChange(admin, 'America/New_York'));
    expect(hall.hub.config.hall.timezone).toBe('America/New_York');
    hall.hub.rollDay();
    expect(hall.hub.current.day).toMatchObject({ businessDay: '2026-11-27', status: 'open' });
    expect(hall.hub.current.tickets.get(a1.id)?.status).toBe('done');

    // New York reaches Saturday: the (idle) Friday closes with nothing to expire, Saturday opens.
    clock.t = Date.UTC(2026, 10, 28, 5, 1); // 00:01 in New York
    hall.hub.rollDay();
    const closed = hall.hub.store
      .eventsAfter(0, 10_000)
      .filter((e) => e.type === 'day_closed' || e.type === 'day_opened')
      .map((e) =>
        e.type === 'day_closed'
          ? ['closed', e.businessDay, e.expiredTicketIds.length]
          : ['opened', e.businessDay],
      );
    expect(closed).toEqual([
      ['opened', '2026-11-27'],
      ['closed', '2026-11-27', 0],
      ['opened', '2026-11-28'],
    ]);
    // Friday's ticket kept its day; the report still finds it there (a new login: a day and
    // a half went by on the test's clock, longer than a session lasts).
    const later = await hall.client('admin', await hall.login());
    const report = ok(
      await later.command('report', { from: '2026-11-27', to: '2026-11-27', by: 'service' }),
    );
    expect(report.total).toMatchObject({ issued: 1, served: 1 });
  });
});

describe('disabling a staff member', () => {
  it('ends their console sessions and window logins at once, and keeps others', async () => {
    const admin = await started();
    const supervisorToken = await hall.login('S01', '2468');
    const supervisor = await hall.client('admin', supervisorToken);
    const otherAdminTab = await hall.client('admin', await hall.login());
    const w2 = await hall.openWindow('w2', 'C02');
    const w3 = await hall.openWindow('w3', 'C03');
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-change'] }],
        class: 'normal',
      }),
    );

    const staff = (code: string) => {
      const entry = hall.hub.config.staff.find((s) => s.code === code);
      if (!entry) throw new Error(`no staff ${code}`);
      return entry;
    };
    for (const code of ['S01', 'C02']) {
      ok(
        await admin.command('change_config', {
          change: { kind: 'staff', staff: { ...staff(code), active: false } },
        }),
      );
    }

    // The supervisor's console socket is closed and its reconnect refused: the page logs out.
    await waitFor(() => supervisor.connection === 'refused', 5_000, 'the supervisor refused');
    expect(supervisor.refusal).toBe('unauthorized');
    const again = await hall.client('admin', supervisorToken);
    expect(again.connection).toBe('refused');
    await expect(hall.login('S01', '2468')).rejects.toThrow(/login_failed/);

    // C02's terminal: its login is gone (the next command says so) and its mirror shows why.
    expect(said(await w2.command('call_next', {}))).toMatch(/^not_logged_in/);
    await waitFor(
      () => w2.state?.config.staff.find((s) => s.code === 'C02')?.active === false,
      5_000,
      'the terminal mirror',
    );
    expect(said(await w2.command('staff_login', { staffCode: 'C02', pin: '1020' }))).toMatch(
      /^login_failed/,
    );

    // C02's idle window closed (by the hub, in the log); C03's, serving, is left alone.
    await waitFor(() => hall.hub.current.windows.get('w2')?.status === 'closed', 5_000, 'w2');
    const closedBy = hall.hub.store
      .eventsAfter(0, 10_000)
      .filter((e) => e.type === 'window_closed')
      .map((e) => ('windowId' in e ? e.windowId : ''));
    expect(closedBy).toEqual(['w2']);

    // Everyone else carries on.
    expect(ok(await w3.command('call_next', {})).ticket?.number).toBe('B001');
    expect(otherAdminTab.connection).toBe('online');
    expect(admin.connection).toBe('online');
    ok(await otherAdminTab.command('list_devices', {}));
  });

  it('ends an admin session demoted to supervisor, who logs in again with the new role', async () => {
    const admin = await started();
    const second = await hall.client('admin', await hall.login('S01', '2468'));
    ok(
      await admin.command('change_config', {
        change: {
          kind: 'staff',
          staff: { code: 'A2', name: '副管理员', role: 'admin', active: true },
        },
      }),
    );
    ok(await admin.command('set_staff_pin', { staffCode: 'A2', pin: '2222' }));
    const a2 = await hall.client('admin', await hall.login('A2', '2222'));
    ok(
      await admin.command('change_config', {
        change: {
          kind: 'staff',
          staff: { code: 'A2', name: '副管理员', role: 'supervisor', active: true },
        },
      }),
    );
    await waitFor(() => a2.connection === 'refused', 5_000, 'the demoted admin refused');
    const relogged = await hall.client('admin', await hall.login('A2', '2222'));
    expect(
      said(await relogged.command('set_staff_pin', { staffCode: 'C01', pin: '1111' })),
    ).toMatch(/^forbidden/);
    expect(second.connection).toBe('online');
  });
});

describe('an admin change and its audit event', () => {
  /** Makes every insert of an event of `type` fail: a failure between the change and its event. */
  const failEvents = (type: string) =>
    hall.hub.store.connection.exec(
      `CREATE TRIGGER fail_audit BEFORE INSERT ON events WHEN NEW.type = '${type}'
       BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
  const healEvents = () => hall.hub.store.connection.exec('DROP TRIGGER fail_audit');
  const count = (type: string) =>
    hall.hub.store.eventsAfter(0, 10_000).filter((e) => e.type === type).length;

  it('are kept together or not at all: rename, unpair, PIN reset, complaints', async () => {
    const admin = await started();
    const db = hall.hub.store.connection;
    await hall.pair('kiosk');
    const device = hall.hub.store.listDevices()[0];
    if (!device) throw new Error('no device');

    failEvents('device_renamed');
    expect(
      said(await admin.command('rename_device', { deviceId: device.id, name: '北门' })),
    ).toMatch(/^internal/);
    healEvents();
    expect(hall.hub.store.device(device.id)?.name).toBe(device.name);
    expect(count('device_renamed')).toBe(0);
    ok(await admin.command('rename_device', { deviceId: device.id, name: '北门' }));
    expect([hall.hub.store.device(device.id)?.name, count('device_renamed')]).toEqual(['北门', 1]);

    failEvents('device_unpaired');
    expect(said(await admin.command('unpair_device', { deviceId: device.id }))).toMatch(
      /^internal/,
    );
    healEvents();
    expect(hall.hub.store.device(device.id)?.revokedAt).toBeNull();

    failEvents('staff_pin_reset');
    expect(said(await admin.command('set_staff_pin', { staffCode: 'C05', pin: '9999' }))).toMatch(
      /^internal/,
    );
    healEvents();
    await expect(hall.login('C05', '9999')).rejects.toThrow(/login_failed/);

    const complaint = {
      contact: '139 0000 1111',
      summary: '等候太久',
      serviceId: null,
      windowId: null,
      staffCode: null,
      ticketId: null,
    };
    failEvents('complaint_entered');
    expect(said(await admin.command('open_complaint', complaint))).toMatch(/^internal/);
    healEvents();
    const manual = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM manual_complaints');
    expect(manual.get()?.n).toBe(0);
    const { complaint: entered } = ok(await admin.command('open_complaint', complaint));

    failEvents('complaint_followed_up');
    const note = { complaintId: entered.id, action: 'note' as const, text: '已回电' };
    expect(said(await admin.command('complaint_action', note))).toMatch(/^internal/);
    healEvents();
    const actions = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM complaint_actions');
    expect(actions.get()?.n).toBe(0);
    ok(await admin.command('complaint_action', note));
    expect([actions.get()?.n, count('complaint_followed_up')]).toEqual([1, 1]);

    // A configuration change is saved with its event: a failed event leaves the saved one alone.
    const before = hall.hub.store.loadConfig();
    failEvents('config_changed');
    const changed = await admin.command('change_config', {
      change: { kind: 'notice', notice: { zh: '通知', en: 'Notice' } },
    });
    healEvents();
    expect(changed.ok).toBe(false);
    expect(hall.hub.store.loadConfig()).toEqual(before);
    expect(hall.hub.config.hall.notice).toEqual(before?.hall.notice);
  });
});
