import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Command, NotifyInvite, NotifySettings } from '@onestop/shared';
import {
  DEMO_HALL,
  DEMO_STAFF,
  Hub,
  NotifySender,
  readHallFile,
  RecordingNotifier,
  type Actor,
} from '@onestop/hub';
import { ensureBuilt } from './support/build.js';
import { ChildHub, killAllChildHubs } from './support/child-hub.js';
import { FakeProvider } from './support/fake-notify.js';
import { waitFor } from './support/hall.js';

/*
 * 叫号提醒 through a crash: the hub (`onestop-hub`, a child process) is killed with SIGKILL while
 * its message is at the SMS gateway, which has delivered it but not yet answered. After the
 * restart the outbox still holds the message (`sending`), the hub sends it again with the same
 * idempotency key, the gateway answers with the first message's id, and the visitor has one
 * message; the outbox marks it `sent` with that id.
 */

let dir = '';
let sms: FakeProvider;

const SYSTEM: Actor = { kind: 'system' };
const PHONE = '13512345678';

interface Row {
  kind: string;
  status: string;
  attempts: number;
  provider_id: string | null;
}

function outboxOf(dbPath: string): Row[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT kind, status, attempts, provider_id FROM notify_outbox ORDER BY id')
      .all() as Row[];
  } finally {
    db.close();
  }
}

/** The demo hall with SMS messages through the fake gateway, as a hall file; returns its path. */
function writeHall(
  name: string,
  o: { aheadDefault: number; templateInvite?: string; invite?: NotifyInvite },
): string {
  const path = join(dir, name);
  const templates = { templateNear: 'T_NEAR', templateCalled: 'T_CALLED' };
  const notify: NotifySettings = {
    kioskAsksPhone: true,
    aheadDefault: o.aheadDefault,
    aheadByService: [],
    sms: {
      url: `${sms.url}/send`,
      ...templates,
      ...(o.templateInvite ? { templateInvite: o.templateInvite } : {}),
    },
    wechat: null,
    ...(o.invite ? { invite: o.invite } : {}),
  };
  writeFileSync(path, JSON.stringify({ ...DEMO_HALL, staff: DEMO_STAFF, notify }));
  return path;
}

function run(hub: Hub, command: Command): void {
  const out = hub.execute(SYSTEM, 'system', null, command);
  if (!out.ok) throw new Error(`${command.type}: ${out.error.code} ${out.error.message}`);
}

function issue(hub: Hub, phone: string | null): void {
  run(hub, {
    type: 'issue_ticket',
    itinerary: [{ serviceIds: ['biz-open'] }],
    class: 'normal',
    appointment: null,
    accessToken: `token-${Math.random().toString(36).slice(2)}`,
    ...(phone ? { contact: { phone, wechatOpenId: null } } : {}),
  });
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'onestop-notify-'));
  sms = await FakeProvider.start('sms');
});

afterEach(async () => {
  await killAllChildHubs();
});

afterAll(async () => {
  await sms.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('turn-near messages through a SIGKILL', () => {
  it('sends the message once though the hub is killed between the send and its mark', async () => {
    const hallFile = writeHall('hall.json', { aheadDefault: 1 });
    const dbPath = join(dir, 'hall.db');
    // The day's queue, made by the hub in this process: two ahead of the visitor, then a call.
    const hub = Hub.open({ dbPath, config: readHallFile(hallFile).config });
    hub.rollDay();
    issue(hub, null);
    issue(hub, null);
    issue(hub, PHONE);
    expect(outboxOf(dbPath)).toEqual([]); // two ahead, N = 1: nothing yet
    run(hub, { type: 'open_window', windowId: 'w1', staffCode: 'C01' });
    run(hub, { type: 'call_next', windowId: 'w1' }); // one ahead: its message, written with the call
    hub.close();
    expect(outboxOf(dbPath)).toEqual([
      { kind: 'near', status: 'pending', attempts: 0, provider_id: null },
    ]);

    const start = () =>
      ChildHub.start({ dbPath, port: 0, hallFile, env: { ONESTOP_SMS_API_KEY: 'key-1' } });
    sms.script.push('hold');
    const first = await start();
    await sms.messages(1);
    expect(sms.deliveries).toHaveLength(1);
    expect(outboxOf(dbPath)).toEqual([
      { kind: 'near', status: 'sending', attempts: 1, provider_id: null },
    ]);
    await first.kill();

    const second = await start();
    const [before, after] = await sms.messages(2);
    expect(after?.headers['idempotency-key']).toBe(before?.headers['idempotency-key']);
    expect(after?.body).toEqual(before?.body);
    await waitFor(
      () => outboxOf(dbPath)[0]?.status === 'sent',
      15_000,
      'the message marked sent after the restart',
    );
    expect(outboxOf(dbPath)).toEqual([
      { kind: 'near', status: 'sent', attempts: 2, provider_id: 'sms-1' },
    ]);
    expect(sms.deliveries).toEqual([
      {
        key: before?.headers['idempotency-key'],
        to: PHONE,
        text: expect.stringContaining('前面还有 1 人') as unknown,
        id: 'sms-1',
      },
    ]);
    await second.kill();
  });

  it('sends the invitation to rate once though the hub is killed between the send and its mark', async () => {
    const hallFile = writeHall('hall-invite.json', {
      aheadDefault: 0,
      templateInvite: 'T_INVITE',
      invite: { delayMinutes: 0, statusBaseUrl: 'http://10.0.0.2:8080' },
    });
    const dbPath = join(dir, 'hall-invite.db');
    // Served and finished unrated in this process; the call's message went to a recorder.
    const hub = Hub.open({ dbPath, config: readHallFile(hallFile).config });
    hub.rollDay();
    issue(hub, PHONE);
    run(hub, { type: 'open_window', windowId: 'w1', staffCode: 'C01' });
    run(hub, { type: 'call_next', windowId: 'w1' });
    const recorder = new RecordingNotifier();
    const before = NotifySender.start(hub, {
      secrets: { smsApiKey: null, wechatAppSecret: null },
      notifiers: { sms: recorder },
    });
    await before.pass();
    await before.stop();
    run(hub, { type: 'start_serving', windowId: 'w1' });
    run(hub, { type: 'finish', windowId: 'w1' });
    hub.close();
    expect(outboxOf(dbPath)).toEqual([
      { kind: 'near', status: 'skipped', attempts: 0, provider_id: null },
      { kind: 'called', status: 'sent', attempts: 1, provider_id: 'test-1' },
      { kind: 'invite', status: 'pending', attempts: 0, provider_id: null },
    ]);

    const start = () =>
      ChildHub.start({ dbPath, port: 0, hallFile, env: { ONESTOP_SMS_API_KEY: 'key-1' } });
    const delivered = sms.deliveries.length;
    const asked = sms.requests.length;
    sms.script.push('hold');
    const first = await start();
    await sms.messages(asked + 1);
    expect(outboxOf(dbPath)[2]).toEqual({
      kind: 'invite',
      status: 'sending',
      attempts: 1,
      provider_id: null,
    });
    await first.kill();

    const second = await start();
    const requests = await sms.messages(asked + 2);
    const [held, again] = requests.slice(asked);
    expect(again?.headers['idempotency-key']).toBe(held?.headers['idempotency-key']);
    expect(again?.body).toMatchObject({ templateId: 'T_INVITE', phone: PHONE });
    await waitFor(
      () => outboxOf(dbPath)[2]?.status === 'sent',
      15_000,
      'the invitation marked sent after the restart',
    );
    expect(sms.deliveries.slice(delivered)).toEqual([
      expect.objectContaining({
        to: PHONE,
        text: expect.stringContaining('欢迎评价：http://10.0.0.2:8080/t/token-') as unknown,
      }),
    ]);
    await second.kill();
  });
});
