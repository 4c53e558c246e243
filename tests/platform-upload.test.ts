import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HallConfigSchema,
  type HallConfig,
  type PlatformUploadSettings,
  type RatingScore,
} from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { DEMO_HALL, PlatformUploader, uploadBackoffMs } from '@onestop/hub';
import { ok, said } from './support/acks.js';
import { FakePlatform } from './support/fake-platform.js';
import { HubTestHall, waitFor } from './support/hall.js';
import { serveAndRate } from './support/rated.js';

/*
 * 好差评 upload to the provincial platform against a real hub (its SQLite file, its admin
 * console over Socket.IO) and a fake platform on 127.0.0.1 in each of its modes: a record taken,
 * refused for a reason (kept refused, resent by an admin), refused for the credentials (kept
 * waiting, tried again), timed out (tried again), answered twice (recorded once); the case of a
 * poor rating sent step by step; nothing when the hall has no upload settings.
 */

const SECRET = 'hall-secret-3301';

let platform: FakePlatform;
let hall: HubTestHall;
let uploader: PlatformUploader;
let admin: HubClient<'admin'>;

function settings(url: string, enabled = true): PlatformUploadSettings {
  return { enabled, url, platformId: 'HALL-330106', mapping: 'default' };
}

function configWith(upload: PlatformUploadSettings | undefined): HallConfig {
  return {
    ...DEMO_HALL,
    services: DEMO_HALL.services.map((s) =>
      s.id === 'biz-open'
        ? { ...s, matterCode: '330106-000-XK-0012', caseNumberPattern: 'SW\\d{8}' }
        : s,
    ),
    ...(upload ? { platformUpload: upload } : {}),
  };
}

async function startHall(upload: PlatformUploadSettings | undefined): Promise<void> {
  hall = await HubTestHall.start({ config: configWith(upload) });
  uploader = PlatformUploader.start(hall.hub, {
    secret: SECRET,
    pollMs: 50,
    timeoutMs: 300,
    backoffMs: () => 20,
  });
  admin = await hall.client('admin', await hall.login());
}

/** One visitor served at window 1 by C01 and rated on the pad; the ticket's id. */
function rate(score: RatingScore, reasons: string[] = [], comment?: string): string {
  return serveAndRate(hall.hub, {
    score,
    reasons,
    caseNumber: 'SW20260001',
    ...(comment ? { comment } : {}),
  });
}

interface Row {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  receipt: string | null;
  last_error: string | null;
  credentials_refused: number;
}

function outbox(): Row[] {
  return hall.hub.store.platformUpload
    .list('all', 100)
    .reverse()
    .map(({ id, kind, status, attempts, receipt, last_error, credentials_refused }) => ({
      id,
      kind,
      status,
      attempts,
      receipt,
      last_error,
      credentials_refused,
    }));
}

beforeAll(async () => {
  platform = await FakePlatform.start(SECRET);
});

beforeEach(() => {
  platform.script.length = 0;
  platform.requests.length = 0;
  platform.records.clear();
  platform.secret = SECRET;
});

afterEach(async () => {
  await uploader.stop();
  await hall.close();
});

afterAll(async () => {
  await platform.close();
});

describe('the upload to the provincial platform', () => {
  it('sends a rating once, signed, with what the platform asks for', async () => {
    await startHall(settings(platform.url));
    hall.hub.rollDay();
    const ticketId = rate(5, ['warm', 'once'], '办事很顺利');
    await waitFor(() => outbox()[0]?.status === 'sent', 10_000, 'the rating sent');
    expect(outbox()).toEqual([
      {
        id: 1,
        kind: 'rating',
        status: 'sent',
        attempts: 1,
        receipt: 'P-1',
        last_error: null,
        credentials_refused: 0,
      },
    ]);
    expect(platform.requests.map((r) => r.outcome)).toEqual(['recorded']);
    const [request] = platform.requests;
    expect(request?.headers['x-platform-id']).toBe('HALL-330106');
    const hallId = hall.hub.store.hallId();
    expect(request?.key).toBe(
      `${hallId}/${ticketId}/${hall.hub.current.tickets.get(ticketId)?.finishedAt}#rating`,
    );
    const body = request?.body;
    expect(body).toMatchObject({
      platformId: 'HALL-330106',
      requestId: request?.key,
      recordType: 'rating',
      evaluation: {
        channel: 'pad',
        level: 5,
        levelName: '非常满意',
        matterCode: '330106-000-XK-0012',
        caseNumber: 'SW20260001',
        departmentCode: 'market',
        windowNumber: 1,
        staffNumber: 'C01',
        tags: ['服务热情', '一次办成'],
        tagCodes: ['warm', 'once'],
        comment: '办事很顺利',
        followUp: null,
      },
      rectification: null,
    });
    // A good rating brings no more; the same command replayed writes nothing new.
    expect(outbox()).toHaveLength(1);
  });

  it('sends a follow-up (追评) once, the rating’s record with the visitor’s words', async () => {
    await startHall(settings(platform.url));
    hall.hub.rollDay();
    const ticketId = rate(4);
    await waitFor(() => outbox()[0]?.status === 'sent', 10_000, 'the rating sent');
    const token = hall.hub.current.tickets.get(ticketId)?.accessToken ?? '';
    const send = () =>
      hall.post(`/t/${token}/follow-up`, {
        commandId: 'fu-test-0001',
        score: null,
        text: ' 材料当场退回了，很好 ',
      });
    expect((await send()).status).toBe(200);
    await waitFor(() => outbox()[1]?.status === 'sent', 10_000, 'the follow-up sent');
    expect(outbox().map((r) => [r.kind, r.status])).toEqual([
      ['rating', 'sent'],
      ['follow_up', 'sent'],
    ]);
    const request = platform.requests[1];
    expect(request?.key).toBe(`${platform.requests[0]?.key.replace(/#rating$/, '')}#follow-up`);
    expect(request?.body).toMatchObject({
      recordType: 'follow_up',
      evaluation: { level: 4, followUp: { text: '材料当场退回了，很好' } },
    });
    // A second follow-up is refused by the hall: nothing more for the platform.
    expect((await send()).status).toBe(409);
    expect(outbox()).toHaveLength(2);
  });

  it('sends a poor rating and each record of its case, the last one carrying them all', async () => {
    await startHall(settings(platform.url));
    hall.hub.rollDay();
    rate(1, ['attitude']);
    const caseId = [...hall.hub.current.complaints.keys()][0] ?? '';
    const step = async (action: string, text: string, by?: string) =>
      ok(
        await admin.command('complaint_action', {
          complaintId: caseId,
          action: action as 'note',
          text,
          ...(by ? { by } : {}),
        }),
      );
    await step('assign', 'S01');
    await step('note', '已调取录像');
    await step('callback', '群众表示接受道歉', 'S01');
    await step('rectify', '窗口人员服务规范培训', 'C04');
    await step('close', '已告知群众整改结果');
    await waitFor(
      () => outbox().length === 4 && outbox().every((r) => r.status === 'sent'),
      10_000,
      'the rating and three steps sent',
    );
    expect(outbox().map((r) => r.kind)).toEqual(['rating', 'callback', 'rectification', 'closed']);
    const bodies = platform.requests.map((r) => r.body);
    expect(bodies[0]).toMatchObject({
      recordType: 'rating',
      evaluation: { level: 1, levelName: '非常不满意', tagCodes: ['attitude'] },
      rectification: { caseId, callback: null, rectification: null, closed: null },
    });
    expect(bodies[3]).toMatchObject({
      recordType: 'closed',
      rectification: {
        caseId,
        callback: { by: 'S01', visitorSaid: '群众表示接受道歉' },
        rectification: { by: 'C04', what: '窗口人员服务规范培训' },
        closed: { as: 'resolved', result: '已告知群众整改结果' },
      },
    });
    expect(new Set(platform.requests.map((r) => r.key)).size).toBe(4);
  });

  it('keeps a record the platform refuses with its reason, and an admin sends it again', async () => {
    await startHall(settings(platform.url));
    hall.hub.rollDay();
    platform.script.push({ refuse: '事项编码不在本省事项库中' });
    rate(4, []);
    await waitFor(() => outbox()[0]?.status === 'refused', 10_000, 'the record refused');
    // Not tried again by itself.
    await new Promise((r) => setTimeout(r, 300));
    expect(platform.requests.map((r) => r.outcome)).toEqual(['refused']);
    expect(outbox()[0]).toMatchObject({ attempts: 1, last_error: '事项编码不在本省事项库中' });

    const listed = ok(await admin.command('list_platform_uploads', { filter: 'refused' }));
    expect(listed.counts).toEqual({ waiting: 0, sent: 0, refused: 1 });
    expect(listed.records).toMatchObject([
      { id: 1, kind: 'rating', status: 'refused', error: '事项编码不在本省事项库中' },
    ]);

    const resent = ok(await admin.command('resend_platform_upload', { recordId: 1 }));
    expect(resent.record.status).toBe('pending');
    await waitFor(() => outbox()[0]?.status === 'sent', 10_000, 'the resent record sent');
    expect(platform.requests.map((r) => r.outcome)).toEqual(['refused', 'recorded']);
    // Audited, with the platform's reason it answers.
    const audit = ok(
      await admin.command('audit', {
        from: 0,
        to: Date.now() + 1000,
        ticketId: null,
        windowId: null,
        staffCode: null,
        type: 'platform_upload_resent',
        afterSeq: 0,
        limit: 10,
      }),
    );
    expect(audit.entries.map((e) => e.event)).toMatchObject([
      { type: 'platform_upload_resent', recordId: 1, reason: '事项编码不在本省事项库中' },
    ]);
    // Only a refused record: one sent is refused with the reason, and nothing changes.
    const again = await admin.command('resend_platform_upload', { recordId: 1 });
    expect(said(again)).toMatch(/^invalid_message: recordId: record 1 is sent/);
    const issues = !again.ok && 'issues' in again.error ? again.error.issues : [];
    expect(issues?.map((issue) => issue.code)).toEqual(['upload_not_refused']);
    expect(said(await admin.command('resend_platform_upload', { recordId: 99 }))).toMatch(
      /no record 99/,
    );
  });

  it('keeps a record waiting while the credentials are refused, shows it, and sends it once they are right', async () => {
    await startHall(settings(platform.url));
    hall.hub.rollDay();
    platform.secret = 'the-platform-changed-it';
    rate(5, []);
    await platform.requested(3);
    const waiting = outbox()[0];
    // Waiting (between tries, or in the next one), the refusal shown.
    expect(['pending', 'sending']).toContain(waiting?.status);
    expect(waiting?.credentials_refused).toBe(1);
    expect(waiting?.attempts).toBeGreaterThanOrEqual(2);
    expect(waiting?.last_error).toMatch(/^HTTP 401/);
    const listed = ok(await admin.command('list_platform_uploads', { filter: 'waiting' }));
    expect(listed.records).toMatchObject([{ id: 1, credentialsRefused: true }]);
    expect(platform.records.size).toBe(0);
    platform.secret = SECRET;
    await waitFor(() => outbox()[0]?.status === 'sent', 10_000, 'the record sent');
    expect(outbox()[0]).toMatchObject({ credentials_refused: 0, last_error: null });
    expect(platform.records.size).toBe(1);
  });

  it('tries again after a timeout, and the hall goes on meanwhile', async () => {
    await startHall(settings(platform.url));
    hall.hub.rollDay();
    platform.script.push('timeout');
    rate(3, []);
    await platform.requested(1);
    // The platform holds the request: the hall's commands are answered all the same.
    rate(5, []);
    await waitFor(
      () => outbox().length === 2 && outbox().every((r) => r.status === 'sent'),
      10_000,
      'both sent',
    );
    expect(outbox()[0]?.attempts).toBe(2);
    expect(platform.requests.map((r) => r.outcome)).toEqual(['timeout', 'recorded', 'recorded']);
    expect(platform.records.size).toBe(2);
  });

  it('records once what the platform answered twice (the first answer lost)', async () => {
    await startHall(settings(platform.url));
    hall.hub.rollDay();
    platform.script.push('answer_twice');
    rate(5, []);
    await waitFor(() => outbox()[0]?.status === 'sent', 10_000, 'the record sent');
    expect(platform.requests.map((r) => r.outcome)).toEqual(['recorded', 'duplicate']);
    expect(platform.requests[0]?.key).toBe(platform.requests[1]?.key);
    expect(platform.records.size).toBe(1);
    expect(outbox()[0]).toMatchObject({ status: 'sent', attempts: 2, receipt: 'P-1' });
  });

  it('keeps records waiting while upload is off, and writes none without settings', async () => {
    await startHall(settings(platform.url, false));
    hall.hub.rollDay();
    rate(5, []);
    await new Promise((r) => setTimeout(r, 200));
    expect(outbox()).toMatchObject([{ status: 'pending', attempts: 0 }]);
    expect(platform.requests).toEqual([]);
    await uploader.stop();
    await hall.close();

    await startHall(undefined);
    hall.hub.rollDay();
    rate(1, ['attitude']);
    expect(outbox()).toEqual([]);
    const listed = ok(await admin.command('list_platform_uploads', { filter: 'all' }));
    expect(listed).toEqual({
      settings: null,
      counts: { waiting: 0, sent: 0, refused: 0 },
      records: [],
    });
  });

  it('waits 2 s before the second try, doubling up to 10 min', () => {
    expect([1, 2, 3, 9, 10, 40].map(uploadBackoffMs)).toEqual([
      2_000, 4_000, 8_000, 512_000, 600_000, 600_000,
    ]);
  });

  it('takes an https address, or http to 127.0.0.1 only', () => {
    const parse = (url: string) =>
      HallConfigSchema.safeParse({ ...DEMO_HALL, platformUpload: settings(url) }).success;
    expect(parse('https://hcp.zjzwfw.gov.cn/api/evaluations')).toBe(true);
    expect(parse('http://127.0.0.1:8080/api')).toBe(true);
    expect(parse('http://hcp.zjzwfw.gov.cn/api')).toBe(false);
    expect(parse('http://127.0.0.1.example.com/api')).toBe(false);
    expect(parse('https://user:pw@hcp.example.cn/api')).toBe(false);
    expect(parse('ftp://127.0.0.1/api')).toBe(false);
  });
});
