import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig, ItineraryStep, RatingScore } from '@onestop/shared';
import { DEMO_HALL, NotifySender, RecordingNotifier } from '@onestop/hub';
import { runAsSystem } from './support/rated.js';
import { FakeClock, HubTestHall } from './support/hall.js';

/*
 * 邀请评价 against a real hub (its SQLite file in a temp folder, its HTTP on 127.0.0.1) and the
 * recording provider: a visitor who left unrated is invited once, after the hall's delay, with
 * the link to the ticket's status page; not when the step was rated meanwhile (pad or QR code),
 * not without a contact, not after the day closed, and not twice across a restart of the hub
 * between planning and sending.
 */

const MONDAY_10 = Date.UTC(2026, 2, 2, 2, 0); // 10:00 in the hall (Asia/Shanghai)
const MINUTE = 60_000;
const BASE = 'http://10.0.0.2:8080';
const PHONE = '13812345678';

const CONFIG: HallConfig = {
  ...DEMO_HALL,
  notify: {
    kioskAsksPhone: true,
    aheadDefault: 0,
    aheadByService: [],
    // Never asked: the recording provider stands in for the gateway.
    sms: {
      url: 'http://127.0.0.1:9/sms',
      templateNear: 'T_NEAR',
      templateCalled: 'T_CALLED',
      templateInvite: 'T_INVITE',
    },
    wechat: null,
    invite: { delayMinutes: 30, statusBaseUrl: `${BASE}/` },
  },
};

const clock = new FakeClock(MONDAY_10);
let hall: HubTestHall;
let sender: NotifySender;
let recorder: RecordingNotifier;
let dir: string | null = null;

function startSender(): void {
  recorder = new RecordingNotifier();
  sender = NotifySender.start(hall.hub, {
    secrets: { smsApiKey: null, wechatAppSecret: null },
    notifiers: { sms: recorder },
    pollMs: 60_000,
  });
}

function invitations(): { to: string; text: string; params: Readonly<Record<string, string>> }[] {
  return recorder.sent.filter((m) => m.kind === 'invite');
}

function inviteRow(ticketId: string): { status: string; last_error: string | null } | undefined {
  const day = hall.hub.current.day?.businessDay ?? '';
  return hall.hub.store.notify
    .outbox(day)
    .find((r) => r.ticket_id === ticketId && r.kind === 'invite');
}

let tokens = 0;

/** A visitor served to the end at w1 (and w4 for a second step); returns the ticket's id. */
function serve(phone: string | null, itinerary: ItineraryStep[] = [{ serviceIds: ['biz-open'] }]) {
  tokens += 1;
  runAsSystem(hall.hub, {
    type: 'issue_ticket',
    itinerary,
    class: 'normal',
    appointment: null,
    accessToken: `invite-token-${tokens}-${'x'.repeat(32)}`,
    ...(phone ? { contact: { phone, wechatOpenId: null } } : {}),
  });
  const ticket = [...hall.hub.current.tickets.values()].at(-1);
  if (!ticket) throw new Error('no ticket issued');
  itinerary.forEach((_, i) => {
    const windowId = i === 0 ? 'w1' : 'w4';
    if (hall.hub.current.windows.get(windowId)?.status !== 'open') {
      runAsSystem(hall.hub, { type: 'open_window', windowId, staffCode: i === 0 ? 'C01' : 'C04' });
    }
    runAsSystem(hall.hub, { type: 'call_next', windowId });
    runAsSystem(hall.hub, { type: 'start_serving', windowId });
    runAsSystem(hall.hub, { type: 'finish', windowId });
  });
  return { id: ticket.id, token: ticket.accessToken, number: ticket.number };
}

function rateOnPad(ticketId: string, score: RatingScore | null): void {
  runAsSystem(hall.hub, { type: 'rate', ticketId, score, reasons: [] });
}

/** Moves the hall's clock and lets the sender send what is due then. */
async function after(minutes: number): Promise<void> {
  clock.advance(minutes * MINUTE);
  await sender.pass();
}

beforeAll(async () => {
  hall = await HubTestHall.start({ config: CONFIG, now: clock.now });
  dir = hall.dir;
  hall.hub.rollDay();
  startSender();
});

afterAll(async () => {
  await sender.stop();
  await hall.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the invitation to rate (邀请评价)', () => {
  it('invites a visitor who left unrated once, after the delay, with the status page link', async () => {
    const mine = serve(PHONE);
    rateOnPad(mine.id, null); // the pad timed out: no rating
    await after(29);
    expect(invitations()).toEqual([]);
    expect(inviteRow(mine.id)?.status).toBe('pending');

    await after(1);
    const link = `${BASE}/t/${mine.token}`;
    expect(invitations()).toEqual([
      expect.objectContaining({
        to: PHONE,
        text: `您在${DEMO_HALL.hall.name.zh}办理的业务（${mine.number} 号）已完成，欢迎评价：${link}`,
        params: { number: mine.number, link },
        idempotencyKey: `${hall.hub.store.hallId()}/${mine.id}/invite`,
      }),
    ]);
    expect(inviteRow(mine.id)?.status).toBe('sent');
    await after(60);
    expect(invitations()).toHaveLength(1);
  });

  it('invites no one whose step was rated meanwhile, on the pad or by QR code', async () => {
    const pad = serve('13900000001');
    rateOnPad(pad.id, 4);
    const qr = serve('13900000002');
    const rated = await hall.post<unknown>(`/t/${qr.token}/rate`, {
      commandId: 'qr-rating-1',
      score: 5,
      reasons: [],
      comment: '',
    });
    expect(rated.status).toBe(200);
    await after(31);
    expect(invitations()).toHaveLength(1); // the first test's only
    for (const t of [pad, qr]) {
      expect(inviteRow(t.id)).toEqual(
        expect.objectContaining({
          status: 'skipped',
          last_error: 'rated before the invitation was due',
        }),
      );
    }
  });

  it('invites nobody without a contact, and a visit of two steps once, after its last', async () => {
    const none = serve(null);
    const two = serve('13900000003', [{ serviceIds: ['biz-open'] }, { serviceIds: ['social'] }]);
    await after(31);
    expect(inviteRow(none.id)).toBeUndefined();
    expect(invitations().filter((m) => m.to === '13900000003')).toHaveLength(1);
    expect(invitations().filter((m) => m.to === '13900000003')[0]?.params.link).toBe(
      `${BASE}/t/${two.token}`,
    );
  });

  it('sends once across a restart of the hub between planning and sending', async () => {
    const mine = serve('13900000004');
    await sender.stop();
    await hall.close({ keepFiles: true });
    hall = await HubTestHall.start({ config: CONFIG, now: clock.now, dbPath: hall.dbPath });
    startSender();
    expect(inviteRow(mine.id)?.status).toBe('pending');
    await after(31);
    await after(31);
    expect(invitations().map((m) => m.to)).toEqual(['13900000004']);
    expect(inviteRow(mine.id)?.status).toBe('sent');
  });

  it('drops an invitation not yet sent when the day closes (the status page rates no more)', async () => {
    const mine = serve('13900000005');
    runAsSystem(hall.hub, { type: 'close_day' });
    await after(31);
    expect(invitations().filter((m) => m.to === '13900000005')).toEqual([]);
    const last = hall.hub.store.notify.outbox(mine.id.split('/')[0] ?? '');
    expect(last.find((r) => r.ticket_id === mine.id && r.kind === 'invite')?.status).toBe(
      'dropped',
    );
  });
});
