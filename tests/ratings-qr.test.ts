import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import type { HallConfig } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { HubTestHall } from './support/hall.js';
import { ok } from './support/acks.js';
import { beingServed as servedAt, serveOne } from './support/served.js';

/**
 * 好差评 by QR code against a real hub on a real SQLite file: the ticket's status page rates its
 * finished step from the phone; one rating per step whichever channel comes first (the pad or
 * the phone), decided in the hub; each rating keeps its channel, tags and comment on its step.
 */

/** 企业开办 with its matter code (事项编码) and the format of its case numbers (办件编号). */
const CONFIG: HallConfig = {
  ...DEMO_HALL,
  services: DEMO_HALL.services.map((s) =>
    s.id === 'tax' ? { ...s, matterCode: '11440100-000-TAX-01', caseNumberPattern: 'SW\\d{8}' } : s,
  ),
};

let hall: HubTestHall;
let admin: HubClient<'admin'>;

beforeAll(async () => {
  hall = await HubTestHall.start({ config: CONFIG });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
});

afterAll(async () => {
  await hall.close();
});

let commands = 0;
const qr = (
  token: string,
  body: Partial<{ commandId: string; score: number; reasons: string[]; comment: string }>,
) =>
  hall.post<Record<string, unknown>>(`/t/${token}/rate`, {
    commandId: `qr-test-${++commands}`,
    reasons: [],
    comment: '',
    ...body,
  });

const tokenOf = (ticketId: string): string => {
  const ticket = hall.hub.current.tickets.get(ticketId);
  if (!ticket) throw new Error(`no ticket ${ticketId}`);
  return ticket.accessToken;
};

const rateable = async (token: string): Promise<unknown> => {
  const body = (await (await fetch(`${hall.url}/t/${token}.json`)).json()) as {
    view: { rateable: boolean };
  };
  return body.view.rateable;
};

/** The rated step's row, as the reports read it from the file. */
function stepRow(
  ticketId: string,
  columns = 'rating_score, rating_channel, rating_reasons, rating_comment',
): Record<string, unknown> | undefined {
  const db = new Database(hall.dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT ${columns}
           FROM ticket_steps WHERE ticket_id = ? AND outcome = 'done'`,
      )
      .get(ticketId) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}

describe('rating by QR code', () => {
  it('rates a finished step from the phone, then neither channel may rate it again', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const { ticket } = ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      }),
    );
    // Waiting: nothing finished, nothing to rate.
    expect(await rateable(ticket.accessToken)).toBe(false);
    const early = await qr(ticket.accessToken, { score: 5 });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'rating_not_allowed' } });

    const window = await hall.openWindow('w1', 'C01');
    ok(await window.command('call_next', {}));
    ok(await window.command('start_serving', {}));
    ok(await window.command('finish', {}));
    expect(await rateable(ticket.accessToken)).toBe(true);

    const sent = {
      commandId: 'qr-first-rating',
      score: 4,
      reasons: ['warm'],
      comment: '  讲得很清楚  ',
    };
    const rated = await qr(ticket.accessToken, sent);
    expect(rated).toEqual({
      status: 200,
      body: { ok: true, rating: { score: 4, channel: 'qr', step: 'biz-open' } },
    });
    // The same form sent again (its answer lost) is the same rating.
    expect(await qr(ticket.accessToken, sent)).toEqual(rated);
    expect(hall.hub.current.tickets.get(ticket.id)?.rating).toMatchObject({
      score: 4,
      reasons: ['warm'],
      channel: 'qr',
      comment: '讲得很清楚',
      windowId: 'w1',
      staffCode: 'C01',
    });
    expect(stepRow(ticket.id)).toEqual({
      rating_score: 4,
      rating_channel: 'qr',
      rating_reasons: '["warm"]',
      rating_comment: '讲得很清楚',
    });
    expect(await rateable(ticket.accessToken)).toBe(false);

    const pad = await hall.client('rate', await hall.pair('rating_pad', 'w1'));
    const onPad = await pad.command('rate', { ticketId: ticket.id, score: 1, reasons: [] });
    expect(onPad.ok ? null : onPad.error.code).toBe('already_rated');
    const again = await qr(ticket.accessToken, { score: 1 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: {
        code: 'already_rated',
        by: 'qr',
        text: {
          zh: expect.stringContaining('扫码评价过') as unknown,
          en: expect.any(String) as unknown,
        },
      },
    });
    expect(stepRow(ticket.id)).toMatchObject({ rating_score: 4, rating_channel: 'qr' });
  });

  it('refuses the phone a step the pad rated, saying so in both languages', async () => {
    const ticketId = await serveOne(hall, 'biz-open', 'w2', 'C02');
    const pad = await hall.client('rate', await hall.pair('rating_pad', 'w2'));
    ok(await pad.command('rate', { ticketId, score: 5, reasons: ['once'] }));
    expect(await rateable(tokenOf(ticketId))).toBe(false);
    const refused = await qr(tokenOf(ticketId), { score: 1, reasons: ['wait'] });
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: 'already_rated',
          by: 'pad',
          message:
            'This service step was already rated on the window’s rating pad and cannot be rated again here',
          text: {
            zh: '这一步服务已在窗口评价器上评价过，不能再扫码评价',
            en: 'This service step was already rated on the window’s rating pad and cannot be rated again here',
          },
        },
      },
    });
    expect(stepRow(ticketId)).toEqual({
      rating_score: 5,
      rating_channel: 'pad',
      rating_reasons: '["once"]',
      rating_comment: null,
    });
    const cases = ok(await admin.command('list_complaints', { filter: 'open' })).complaints;
    expect(cases.filter((c) => c.ticketId === ticketId)).toEqual([]);
  });

  it('lets the phone rate a step the pad timed out on; a poor rating opens its case', async () => {
    const ticketId = await serveOne(hall, 'social', 'w4', 'C04');
    const pad = await hall.client('rate', await hall.pair('rating_pad', 'w4'));
    ok(await pad.command('rate', { ticketId, score: null, reasons: [] }));
    expect(await rateable(tokenOf(ticketId))).toBe(true);
    const rated = await qr(tokenOf(ticketId), {
      score: 2,
      reasons: ['wait', 'attitude'],
      comment: '等了很久',
    });
    expect(rated.status).toBe(200);
    const cases = ok(await admin.command('list_complaints', { filter: 'open' })).complaints;
    expect(cases.filter((c) => c.ticketId === ticketId)).toMatchObject([
      { source: 'rating', score: 2, reasons: ['wait', 'attitude'] },
    ]);
    expect(stepRow(ticketId)).toMatchObject({ rating_score: 2, rating_channel: 'qr' });
  });

  it('takes one of the pad and the phone sent at the same moment, never both', async () => {
    const ticketId = await serveOne(hall, 'medical', 'w5', 'C05');
    const pad = await hall.client('rate', await hall.pair('rating_pad', 'w5'));
    const [onPad, onPhone] = await Promise.all([
      pad.command('rate', { ticketId, score: 5, reasons: [] }),
      qr(tokenOf(ticketId), { score: 3 }),
    ]);
    expect([onPad.ok, onPhone.status === 200].filter(Boolean)).toHaveLength(1);
    const kept = hall.hub.current.tickets.get(ticketId)?.rating;
    expect(stepRow(ticketId)).toMatchObject({
      rating_score: kept?.score,
      rating_channel: kept?.channel,
    });
  });

  it('refuses a tag not offered with the level, a bad form and an unknown ticket; changes nothing', async () => {
    const ticketId = await serveOne(hall, 'hukou', 'w6', 'C06');
    const token = tokenOf(ticketId);
    // 等候太久 is a tag of the poor levels, not of 非常满意.
    const tag = await qr(token, { score: 5, reasons: ['wait'] });
    expect(tag).toMatchObject({
      status: 400,
      body: {
        error: { code: 'unknown_tag', tag: 'wait', text: { zh: expect.any(String) as unknown } },
      },
    });
    for (const bad of [
      { score: 0 },
      { score: 6 },
      { score: 3, extra: 1 },
      { score: 3, comment: 'x'.repeat(301) },
    ]) {
      expect((await qr(token, bad)).status).toBe(400);
    }
    expect((await qr('A'.repeat(43), { score: 5 })).status).toBe(404);
    expect((await hall.post(`/t/${token}/rate/more`, { score: 5 })).status).toBe(404);
    expect(hall.hub.current.tickets.get(ticketId)?.rating).toBeNull();
    expect(stepRow(ticketId)).toMatchObject({ rating_score: null, rating_channel: null });
    expect(await rateable(token)).toBe(true);
  });
});

/** A ticket of `serviceId` issued, called and being served at `windowId` by `staffCode`. */
const beingServed = (serviceId: string, windowId: string, staffCode: string) =>
  servedAt(hall, serviceId, windowId, staffCode);

describe('the matter and the case', () => {
  it('keeps the matter code and a case number of its format with the step and its rating', async () => {
    const { ticket, window } = await beingServed('tax', 'w10', 'C10');
    for (const caseNumber of ['SW123', 'sw12345678', 'SW12345678x', ' SW12345678']) {
      const refused = await window.command('finish', { caseNumber });
      expect([caseNumber, refused.ok ? null : refused.error.code]).toEqual([
        caseNumber,
        'case_number_invalid',
      ]);
    }
    expect(hall.hub.current.tickets.get(ticket.id)?.status).toBe('serving');
    ok(await window.command('finish', { caseNumber: 'SW20261206' }));
    expect(stepRow(ticket.id, 'matter_code, case_number')).toEqual({
      matter_code: '11440100-000-TAX-01',
      case_number: 'SW20261206',
    });
    expect((await qr(ticket.accessToken, { score: 5 })).status).toBe(200);
    expect(hall.hub.current.tickets.get(ticket.id)?.rating).toMatchObject({
      matterCode: '11440100-000-TAX-01',
      caseNumber: 'SW20261206',
      channel: 'qr',
    });
  });

  it('takes a finish without a case number, and any case number where no format is set', async () => {
    const plain = await serveOne(hall, 'invoice', 'w11', 'C11');
    expect(stepRow(plain, 'matter_code, case_number')).toEqual({
      matter_code: null,
      case_number: null,
    });
    const { ticket, window } = await beingServed('fund', 'w12', 'C12');
    ok(await window.command('finish', { caseNumber: '公积金-2026-0001' }));
    expect(stepRow(ticket.id, 'matter_code, case_number')).toEqual({
      matter_code: null,
      case_number: '公积金-2026-0001',
    });
  });
});
