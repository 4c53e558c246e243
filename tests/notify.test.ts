import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { DEMO_HALL, NotifySender } from '@onestop/hub';
import { FakeProvider } from './support/fake-notify.js';
import { HubTestHall, waitFor } from './support/hall.js';

/*
 * 叫号提醒 against a real hub (in this process, with its Socket.IO clients) and fake providers
 * on 127.0.0.1: a message when N are ahead and when called, each once; a provider's 500 tried
 * again; a bad phone refused with nothing changed; WeChat's token fetched once and kept; the
 * phone numbers gone from the SQLite file once the day closes.
 */

let sms: FakeProvider;
let wechat: FakeProvider;
let hall: HubTestHall;
let sender: NotifySender;
let kiosk: HubClient<'kiosk'>;
const windows: HubClient<'window'>[] = [];

const PHONE = '13812345678';
const OPEN_ID = 'oAbCdEfGhIjKlMnOpQrStUvWxYz0';

function configWith(smsUrl: string, wechatUrl: string): HallConfig {
  return {
    ...DEMO_HALL,
    notify: {
      kioskAsksPhone: true,
      aheadDefault: 5,
      aheadByService: [{ serviceId: 'biz-open', ahead: 2 }],
      sms: { url: `${smsUrl}/v1/sms/send`, templateNear: 'T_NEAR', templateCalled: 'T_CALLED' },
      wechat: {
        baseUrl: wechatUrl,
        appId: 'wx1234567890',
        templateNear: 'WX_NEAR',
        templateCalled: 'WX_CALLED',
      },
    },
  };
}

async function issue(extra: { phone?: string; wechatOpenId?: string } = {}): Promise<string> {
  const out = await kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: ['biz-open'] }],
    class: 'normal',
    ...extra,
  });
  if (!out.ok) throw new Error(`issue_ticket: ${out.error.code} ${out.error.message}`);
  return out.result.ticket.number;
}

/** Calls the window's next ticket; serves and finishes it first if it holds one. */
async function callNext(w: HubClient<'window'>): Promise<void> {
  const out = await w.command('call_next', {});
  if (!out.ok) throw new Error(`call_next: ${out.error.code} ${out.error.message}`);
}

async function finish(w: HubClient<'window'>): Promise<void> {
  for (const cmd of ['start_serving', 'finish'] as const) {
    const out = await w.command(cmd, {});
    if (!out.ok) throw new Error(`${cmd}: ${out.error.code}`);
  }
}

function outbox(): {
  ticket_id: string;
  kind: string;
  status: string;
  attempts: number;
  provider_id: string | null;
}[] {
  const day = hall.hub.current.day?.businessDay ?? '';
  return hall.hub.store.notify.outbox(day);
}

beforeAll(async () => {
  sms = await FakeProvider.start('sms');
  wechat = await FakeProvider.start('wechat');
  hall = await HubTestHall.start({ config: configWith(sms.url, wechat.url) });
  sender = NotifySender.start(hall.hub, {
    secrets: { smsApiKey: 'sms-key-1', wechatAppSecret: 'wx-secret-1' },
    pollMs: 50,
    backoffMs: () => 50,
  });
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  windows.push(await hall.openWindow('w1', 'C01'));
});

afterEach(() => {
  // Every message a test expected has come: none is left to arrive in the next one.
  expect(sms.script).toEqual([]);
});

afterAll(async () => {
  await sender.stop();
  await hall.close();
  await sms.close();
  await wechat.close();
});

describe('turn-near messages', () => {
  it('messages a visitor once when N are ahead and once when called, by SMS', async () => {
    const w1 = windows[0];
    if (!w1) throw new Error('no window');
    await issue();
    await issue();
    await issue();
    const mine = await issue({ phone: PHONE }); // 3 ahead, N = 2 for biz-open: no message yet
    await sender.pass();
    expect(sms.requests).toEqual([]);

    await callNext(w1); // 2 ahead now
    const [near] = await sms.messages(1);
    expect(near?.headers.authorization).toBe('Bearer sms-key-1');
    expect(near?.body).toMatchObject({
      phone: PHONE,
      templateId: 'T_NEAR',
      params: { number: mine, count: '2' },
      text: `${mine} 号前面还有 2 人，请回到大厅等候叫号`,
    });
    for (let i = 0; i < 2; i++) {
      await finish(w1);
      await callNext(w1); // 1, then 0 ahead: no second "near"
    }
    await finish(w1);
    await callNext(w1); // the visitor's own call
    const requests = await sms.messages(2);
    expect(requests[1]?.body).toMatchObject({
      phone: PHONE,
      templateId: 'T_CALLED',
      params: { number: mine, window: '1' },
      text: `请 ${mine} 号到 1 号窗口办理`,
    });
    await waitFor(() => outbox().every((m) => m.status === 'sent'), 10_000, 'both marked sent');
    expect(sms.deliveries.map((d) => d.text)).toEqual([
      `${mine} 号前面还有 2 人，请回到大厅等候叫号`,
      `请 ${mine} 号到 1 号窗口办理`,
    ]);
    expect(outbox().map((m) => [m.kind, m.status, m.provider_id])).toEqual([
      ['near', 'sent', 'sms-1'],
      ['called', 'sent', 'sms-2'],
    ]);
    // A recall is the same call: no new message.
    expect((await w1.command('recall', {})).ok).toBe(true);
    await sender.pass();
    expect(sms.requests).toHaveLength(2);
    await finish(w1);
  });

  it('tries a message again after the gateway answers 500, and sends it once', async () => {
    const w1 = windows[0];
    if (!w1) throw new Error('no window');
    const before = sms.requests.length;
    sms.script.push({ status: 500, body: { error: 'gateway down' } });
    const mine = await issue({ phone: '13900001111' }); // nobody ahead: no "near" message
    await callNext(w1);
    const requests = await sms.messages(before + 2);
    const [first, second] = requests.slice(before);
    expect(first?.headers['idempotency-key']).toBe(second?.headers['idempotency-key']);
    await waitFor(
      () =>
        outbox().some(
          (m) => m.kind === 'called' && m.ticket_id.endsWith(mine) && m.status === 'sent',
        ),
      10_000,
      'the called message sent',
    );
    const rows = outbox().filter((m) => m.ticket_id.endsWith(mine));
    expect(rows.map((m) => [m.kind, m.status, m.attempts])).toEqual([
      ['near', 'skipped', 0],
      ['called', 'sent', 2],
    ]);
    expect(sms.deliveries.filter((d) => d.to === '13900001111')).toHaveLength(1);
    await finish(w1);
  });

  it('refuses a phone number that is not a mainland mobile, with the field, and changes nothing', async () => {
    const seq = hall.hub.store.lastSeq();
    const issued = hall.hub.current.tickets.size;
    for (const phone of [
      '12812345678',
      '1381234567',
      '138123456789',
      '+8613812345678',
      '138 1234 5678',
    ]) {
      const out = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
        phone,
      });
      expect(out.ok).toBe(false);
      if (out.ok) continue;
      expect(out.error.code).toBe('invalid_message');
      expect(out.error).toMatchObject({ issues: [{ path: 'phone', code: 'mobile_format' }] });
    }
    expect(hall.hub.store.lastSeq()).toBe(seq);
    expect(hall.hub.current.tickets.size).toBe(issued);
  });

  it('sends WeChat template messages with one access token, kept', async () => {
    const w1 = windows[0];
    if (!w1) throw new Error('no window');
    const mine = await issue({ wechatOpenId: OPEN_ID });
    await callNext(w1);
    const [sent] = await wechat.messages(1);
    expect(sent?.path).toBe('/cgi-bin/message/template/send?access_token=token-1');
    expect(sent?.body).toEqual({
      touser: OPEN_ID,
      template_id: 'WX_CALLED',
      data: {
        first: { value: `请 ${mine} 号到 1 号窗口办理` },
        keyword1: { value: mine },
        keyword2: { value: '1' },
      },
    });
    await finish(w1);
    const second = await issue({ wechatOpenId: `${OPEN_ID}2` });
    await callNext(w1);
    await wechat.messages(2);
    expect(wechat.tokens).toBe(1);
    expect(wechat.requests[0]?.path).toBe(
      '/cgi-bin/token?grant_type=client_credential&appid=wx1234567890&secret=wx-secret-1',
    );
    await waitFor(
      () => outbox().some((m) => m.ticket_id.endsWith(second) && m.status === 'sent'),
      10_000,
      'the WeChat message sent',
    );
    await finish(w1);
  });

  it('forgets the phone numbers when the day closes: the SQLite file no longer holds them', async () => {
    const day = hall.hub.current.day?.businessDay ?? '';
    const waiting = await issue({ phone: '13700002222' }); // still waiting at the close
    expect(hall.hub.store.notify.contactOf(`${day}/${waiting}`)).toEqual({
      phone: '13700002222',
      wechatOpenId: null,
    });
    const path = hall.hub.store.path;
    const bytes = () => readFileSync(path).toString('latin1');
    hall.hub.store.checkpoint();
    expect(bytes()).toContain('13700002222'); // the test sees a number when it is there

    const closed = hall.hub.system({ type: 'close_day' });
    expect(closed.ok).toBe(true);
    hall.hub.store.checkpoint();
    for (const phone of [PHONE, '13900001111', '13700002222']) expect(bytes()).not.toContain(phone);
    expect(bytes()).not.toContain(OPEN_ID);
    expect(hall.hub.store.notify.contactOf(`${day}/${waiting}`)).toBeNull();
  });
});
