import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HallConfigSchema,
  type ComplaintActionKind,
  type HallConfig,
  type NotifySettings,
} from '@onestop/shared';
import {
  DEMO_HALL,
  NotifySender,
  RecordingNotifier,
  type Notifier,
  type OutgoingMessage,
  type SendOutcome,
} from '@onestop/hub';
import { ok } from './support/acks.js';
import { FakeClock, HubTestHall } from './support/hall.js';
import { serveAndRate } from './support/rated.js';

/*
 * 差评工单提醒 against a real hub (its SQLite file in a temp folder, its HTTP on 127.0.0.1) and
 * the recording provider: a poor rating's case alerts the duty supervisors once per phone when
 * its call-back falls due today and once when it is overdue; none for a case called back in time
 * or closed; none twice across a restart between the claim and the send; none without the
 * setting; and the config parser refuses a bad setting.
 */

const HOUR = 3_600_000;
/** `hh`:00 in the hall (Asia/Shanghai) on `day` (`MM-DD` of 2026; 3 March is a Tuesday). */
const at = (day: string, hh: number, mm = 0) =>
  Date.parse(`2026-${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);
const SUPERVISORS = ['13800000001', '13900000002'];

const SMS_WITHOUT_TEMPLATE: NonNullable<NotifySettings['sms']> = {
  url: 'http://127.0.0.1:9/sms', // never asked: the recording provider stands in for it
  templateNear: 'T_NEAR',
  templateCalled: 'T_CALLED',
};
const SMS = { ...SMS_WITHOUT_TEMPLATE, templateCaseAlert: 'T_CASE' };
const NOTIFY_WITHOUT_ALERTS: NotifySettings = {
  kioskAsksPhone: false,
  aheadDefault: 0,
  aheadByService: [],
  sms: SMS,
  wechat: null,
};
const NOTIFY: NotifySettings = {
  ...NOTIFY_WITHOUT_ALERTS,
  caseAlerts: { phones: SUPERVISORS, dueSoon: true, overdue: true },
};
const CONFIG: HallConfig = {
  ...DEMO_HALL,
  hall: {
    ...DEMO_HALL.hall,
    policy: { ...DEMO_HALL.hall.policy, callbackDeadlineDays: 1, complaintDeadlineDays: 5 },
  },
  notify: NOTIFY,
};

const clock = new FakeClock(at('03-02', 10));
let hall: HubTestHall;
let sender: NotifySender;
let recorder: RecordingNotifier;
let dir: string | null = null;

/** Cases whose alerts the provider refuses for now (a busy gateway: tried again later). */
const busyFor = new Set<string>();
const recording = () =>
  new RecordingNotifier((m) =>
    busyFor.has(m.params.case ?? '') ? { ok: false, retry: true, error: 'busy' } : null,
  );

function startSender(notifier: Notifier = recording()): void {
  if (notifier instanceof RecordingNotifier) recorder = notifier;
  sender = NotifySender.start(hall.hub, {
    secrets: { smsApiKey: null, wechatAppSecret: null },
    notifiers: { sms: notifier },
    pollMs: 60_000,
  });
}

/** The case alerts sent about `caseId`, as `<deadline>/<state> <phone>`. */
function alertsOf(caseId: string, messages: readonly OutgoingMessage[] = recorder.sent): string[] {
  return messages
    .filter((m) => m.kind === 'case_alert' && m.params.case === `C-${caseId}`)
    .map((m) => `${m.params.deadline}/${m.params.state} ${m.to}`);
}

/** Moves the hall's clock to `t` and lets the sender check the cases and send. */
async function moveTo(t: number): Promise<void> {
  clock.t = t;
  await sender.pass();
}

/** A poor rating now, in today's business day: its case's id. */
function poorRating(): string {
  hall.hub.rollDay();
  const ticketId = serveAndRate(hall.hub, { score: 1, reasons: ['wait'] });
  const c = hall.hub.store.complaints.rated(500).find((r) => r.ticketId === ticketId);
  if (!c) throw new Error(`no case for ${ticketId}`);
  return c.id;
}

/** A follow-up step of a case, entered in the admin console (logged in anew: time moves). */
async function act(caseId: string, action: ComplaintActionKind, text: string): Promise<void> {
  const admin = await hall.client('admin', await hall.login());
  const by = action === 'callback' || action === 'rectify' ? { by: '王芳' } : {};
  ok(await admin.command('complaint_action', { complaintId: caseId, action, text, ...by }));
  admin.close();
}

beforeAll(async () => {
  hall = await HubTestHall.start({ config: CONFIG, now: clock.now });
  dir = hall.dir;
  startSender();
});

afterAll(async () => {
  await sender.stop();
  await hall.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('case alerts to the duty supervisors (差评工单提醒)', () => {
  let late: string;

  it('sends "due today" on the call-back due day, then "overdue", once per phone', async () => {
    late = poorRating(); // Monday 10:00: call-back due Tuesday 10:00
    await moveTo(at('03-02', 17));
    expect(alertsOf(late)).toEqual([]);
    await moveTo(at('03-03', 8));
    await moveTo(at('03-03', 9));
    expect(alertsOf(late)).toEqual(SUPERVISORS.map((p) => `callback/due_soon ${p}`));
    const dueToday = recorder.sent.find((m) => m.params.case === `C-${late}`);
    expect(dueToday?.text).toBe(`【OneStop】差评工单 C-${late} 回访今日到期（截止 10:00）`);
    await moveTo(at('03-03', 10, 1));
    await moveTo(at('03-03', 11));
    expect(alertsOf(late)).toEqual([
      ...SUPERVISORS.map((p) => `callback/due_soon ${p}`),
      ...SUPERVISORS.map((p) => `callback/overdue ${p}`),
    ]);
    expect(recorder.sent.at(-1)?.text).toBe(
      `【OneStop】差评工单 C-${late} 回访已逾期（截止 2026-03-03 10:00）`,
    );
    const rows = hall.hub.store.caseAlerts.all().filter((r) => r.complaint_id === late);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('sends no call-back alert for a case called back in time, nothing for a closed case', async () => {
    const calledBack = poorRating(); // Tuesday 11:00: call-back due Wednesday 11:00
    await act(calledBack, 'callback', '群众说等了很久');
    const closed = poorRating();
    await act(closed, 'callback', '群众说点错了');
    await act(closed, 'rectify', '增开窗口');
    await act(closed, 'close', '已告知群众');
    // Claimed on its due day, the gateway busy; closed before the next try: never sent.
    const closedLater = poorRating();
    busyFor.add(`C-${closedLater}`);
    await moveTo(at('03-04', 9));
    expect(alertsOf(closedLater)).toEqual(SUPERVISORS.map((p) => `callback/due_soon ${p}`));
    await act(closedLater, 'callback', '群众说等了很久');
    await act(closedLater, 'rectify', '增开窗口');
    await act(closedLater, 'close', '已告知群众');
    busyFor.clear();
    await moveTo(at('03-04', 12));
    expect(alertsOf(calledBack)).toEqual([]);
    expect(alertsOf(closed)).toEqual([]);
    expect(alertsOf(closedLater)).toHaveLength(2); // the two busy tries, no more
    const skipped = hall.hub.store.caseAlerts.all().filter((r) => r.complaint_id === closedLater);
    expect(skipped.map((r) => `${r.status} ${r.attempts} ${r.last_error}`)).toEqual([
      'skipped 1 the case is closed',
      'skipped 1 the case is closed',
    ]);
    // Rectification (5 working days) falls due on Tuesday 10 March: due today, then overdue.
    await moveTo(at('03-10', 9));
    await moveTo(at('03-10', 12));
    expect(alertsOf(calledBack)).toEqual([
      ...SUPERVISORS.map((p) => `rectify/due_soon ${p}`),
      ...SUPERVISORS.map((p) => `rectify/overdue ${p}`),
    ]);
    expect(alertsOf(closed)).toEqual([]);
    expect(alertsOf(closedLater)).toHaveLength(2);
    expect(hall.hub.store.caseAlerts.all().filter((r) => r.complaint_id === closed)).toEqual([]);
    // The first case's rectification too; its call-back alerts are not sent again.
    expect(alertsOf(late).filter((a) => a.startsWith('callback/'))).toHaveLength(4);
  });

  it('sends an alert once across a restart of the hub between its claim and its send', async () => {
    const mine = poorRating(); // Tuesday 12:00: call-back due Wednesday 12:00
    let asked: OutgoingMessage[] = [];
    let answer: (o: SendOutcome) => void = () => undefined;
    await sender.stop();
    // A provider that holds the first message until the hub has stopped (a crash mid-send).
    startSender({
      idempotent: true,
      send: (m) => {
        asked = [...asked, m];
        return new Promise<SendOutcome>((resolve) => {
          answer = resolve;
        });
      },
    });
    clock.t = at('03-11', 9);
    const pass = sender.pass();
    await expect.poll(() => asked.length).toBe(1);
    const stopping = sender.stop();
    await hall.close({ keepFiles: true });
    answer({ ok: true, providerId: 'lost' });
    await pass;
    await stopping;

    hall = await HubTestHall.start({ config: CONFIG, now: clock.now, dbPath: hall.dbPath });
    startSender();
    const claimed = hall.hub.store.caseAlerts.all().filter((r) => r.complaint_id === mine);
    expect(claimed.map((r) => `${r.state} ${r.status}`)).toEqual([
      'due_soon sending',
      'due_soon pending',
    ]);
    await moveTo(at('03-11', 9, 1));
    await moveTo(at('03-11', 9, 2));
    expect(alertsOf(mine)).toEqual(SUPERVISORS.map((p) => `callback/due_soon ${p}`));
    expect(recorder.sent[0]?.idempotencyKey).toBe(asked[0]?.idempotencyKey);
    const rows = hall.hub.store.caseAlerts.all().filter((r) => r.complaint_id === mine);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});

describe('without the setting, and a bad setting', () => {
  it('sends nothing when the hall has no case alerts set', async () => {
    const plain = await HubTestHall.start({
      config: { ...CONFIG, notify: NOTIFY_WITHOUT_ALERTS },
      now: clock.now,
    });
    const quiet = new RecordingNotifier();
    const off = NotifySender.start(plain.hub, {
      secrets: { smsApiKey: null, wechatAppSecret: null },
      notifiers: { sms: quiet },
      pollMs: 60_000,
    });
    try {
      plain.hub.rollDay();
      serveAndRate(plain.hub, { score: 1, reasons: ['wait'] });
      clock.t += 2 * 24 * HOUR;
      await off.pass();
      expect(plain.hub.store.complaints.rated(10)).toHaveLength(1);
      expect(quiet.sent).toEqual([]);
      expect(plain.hub.store.caseAlerts.all()).toEqual([]);
    } finally {
      await off.stop();
      await plain.close();
    }
  });

  it('refuses a phone that is not a mobile number, six phones, and no SMS template', () => {
    const issues = (caseAlerts: unknown, sms: unknown = SMS) => {
      const parsed = HallConfigSchema.safeParse({
        ...CONFIG,
        notify: { ...NOTIFY, sms, caseAlerts },
      });
      return parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const alerts = (phones: string[]) => ({ phones, dueSoon: true, overdue: false });
    expect(issues(alerts(['13800000001']))).toEqual([]);
    expect(issues(alerts(['010-12345678']))).toEqual([
      'notify.caseAlerts.phones.0: a mainland mobile number: 11 digits, 13 to 19 first',
    ]);
    const six = ['1', '2', '3', '4', '5', '6'].map((d) => `1380000000${d}`);
    expect(issues(alerts(six))).toEqual([
      'notify.caseAlerts.phones: Too big: expected array to have <=5 items',
    ]);
    expect(issues(alerts([]))).toEqual([
      'notify.caseAlerts.phones: Too small: expected array to have >=1 items',
    ]);
    expect(issues(alerts(['13800000001', '13800000001']))).toEqual([
      'notify.caseAlerts.phones.1: duplicate phone "138****0001"',
    ]);
    expect(issues(alerts(['13800000001']), SMS_WITHOUT_TEMPLATE)).toEqual([
      'notify.sms.templateCaseAlert: case alerts are sent by SMS: set sms.templateCaseAlert',
    ]);
  });
});
