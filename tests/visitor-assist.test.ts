import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { refusalText } from '@onestop/shared';
import { HubTestHall, waitFor } from './support/hall.js';
import { ok, said } from './support/acks.js';

/**
 * 帮办代办 against a real hub on a real SQLite file: a kiosk calls for help, the call reaches
 * the console's and the window terminals' mirrors, a supervisor answers it (once), the ticket
 * the kiosk then issues carries the helper's mark to the window that calls it, and the audit
 * lists the call and the answer with who did them.
 */

let hall: HubTestHall;
let admin: HubClient<'admin'>;

/** A ticket at `kiosk` with the call for help `assistId`, without a card. */
function issueWith(kiosk: HubClient<'kiosk'>, assistId: string) {
  return kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: ['biz-open'] }],
    class: 'normal',
    assistId,
  });
}

/** The audit of the whole day so far, of one event type or all. */
function auditOf(type: 'assist_closed' | null) {
  return admin.command('audit', {
    from: 0,
    to: hall.hub.now() + 1,
    ticketId: null,
    windowId: null,
    staffCode: null,
    type,
    afterSeq: 0,
    limit: 500,
  });
}

beforeAll(async () => {
  hall = await HubTestHall.start();
  admin = await hall.client('admin', await hall.login('S01', '2468'));
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
});

afterAll(async () => {
  await hall.close();
});

describe('assisted service (帮办代办)', () => {
  it('calls the staff, is answered once, and marks the ticket the window then calls', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const window = await hall.openWindow('w1', 'C01');

    const { request } = ok(await kiosk.command('request_assist', {}));
    expect(request).toMatchObject({ status: 'open', kioskName: 'kiosk', staffCode: null });
    // A second touch calls nobody twice: the same call comes back.
    expect(ok(await kiosk.command('request_assist', {})).request.id).toBe(request.id);
    expect(hall.hub.current.assists.size).toBe(1);

    // The alert: the console's and the terminal's mirrors have the open call.
    await waitFor(
      () =>
        admin.state?.assists.get(request.id)?.status === 'open' &&
        window.state?.assists.get(request.id)?.status === 'open',
      5_000,
      'the call reaches the console and the terminal',
    );

    const answered = ok(await admin.command('answer_assist', { requestId: request.id }));
    expect(answered.request).toMatchObject({ status: 'answered', staffCode: 'S01' });
    // Someone else is too late; an unknown call is refused; neither changes the call.
    expect(said(await window.command('answer_assist', { requestId: request.id }))).toMatch(
      /^assist_answered/,
    );
    expect(said(await window.command('answer_assist', { requestId: 'x/H99' }))).toMatch(
      /^assist_unknown/,
    );
    await waitFor(
      () => kiosk.state?.assists.get(request.id)?.staffCode === 'S01',
      5_000,
      'the kiosk sees who is coming',
    );

    // Another kiosk cannot use this call; bad input is refused by the schema.
    const other = await hall.client('kiosk', await hall.pair('kiosk'));
    const stolen = await issueWith(other, request.id);
    expect(said(stolen)).toMatch(/^assist_unknown/);
    const malformed = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['biz-open'] }],
      class: 'normal',
      assistId: 42 as unknown as string,
    });
    expect(said(malformed)).toMatch(/^invalid_message/);
    expect(hall.hub.current.assists.get(request.id)?.status).toBe('answered');

    const { ticket } = ok(await issueWith(kiosk, request.id));
    expect(ticket.assist).toEqual({ requestId: request.id, staffCode: 'S01' });
    expect(hall.hub.current.assists.get(request.id)).toMatchObject({
      status: 'served',
      ticketId: ticket.id,
    });
    // Served: the call cannot mark a second ticket.
    const again = await issueWith(kiosk, request.id);
    expect(said(again)).toMatch(/^assist_unknown/);

    // The window that calls it sees the mark (its mirror's ticket and the call's answer).
    let called = ok(await window.command('call_next', {})).ticket;
    while (called && called.id !== ticket.id) {
      ok(await window.command('no_show', {}));
      called = ok(await window.command('call_next', {})).ticket;
    }
    expect(called?.assist).toEqual({ requestId: request.id, staffCode: 'S01' });
    expect(window.state?.tickets.get(ticket.id)?.assist?.staffCode).toBe('S01');

    // The audit lists both, with who did them.
    const audit = ok(await auditOf(null));
    const types = audit.entries.map((e) => e.event.type);
    expect(types).toContain('assist_requested');
    const answer = audit.entries.find((e) => e.event.type === 'assist_answered');
    expect(answer?.event).toMatchObject({ requestId: request.id, staffCode: 'S01' });
    expect(answer?.actor).toMatchObject({ kind: 'staff', staffCode: 'S01' });
  });

  it('keeps the calls across a restart of the hub', async () => {
    const path = hall.dbPath;
    const before = [...hall.hub.current.assists.values()];
    expect(before.length).toBeGreaterThan(0);
    await hall.close({ keepFiles: true });
    hall = await HubTestHall.start({ dbPath: path });
    expect([...hall.hub.current.assists.values()]).toEqual(before);
    admin = await hall.client('admin', await hall.login('S01', '2468'));
  });

  it('in a hall that asks for a card, an answered call lets one ticket without a card through', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const boss = await hall.client('admin', await hall.login());
    const noCard = (assistId?: string) =>
      kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
        ...(assistId ? { assistId } : {}),
      });
    ok(
      await boss.command('change_config', {
        change: { kind: 'id_card', idLimit: 'none', withoutIdCard: 'askStaff' },
      }),
    );
    try {
      const before = hall.hub.current.tickets.size;
      expect(said(await noCard())).toMatch(/^id_card_required/);
      const { request } = ok(await kiosk.command('request_assist', {}));
      // Called but not yet answered: still refused, in words, and nothing changes.
      const waiting = await noCard(request.id);
      expect(waiting.ok).toBe(false);
      if (!waiting.ok) {
        expect(waiting.error.code).toBe('id_card_required');
        expect(refusalText(waiting.error, 'zh')).toBe('工作人员尚未响应帮办呼叫，请稍候');
        expect(refusalText(waiting.error, 'en')).toContain('no staff member has answered');
      }
      expect(hall.hub.current.tickets.size).toBe(before);
      expect(hall.hub.current.assists.get(request.id)?.status).toBe('open');

      ok(await admin.command('answer_assist', { requestId: request.id }));
      const { ticket } = ok(await noCard(request.id));
      expect(ticket.assist).toEqual({ requestId: request.id, staffCode: 'S01' });
      // Used once: the call is served, and the next ticket without a card is refused again.
      expect(hall.hub.current.assists.get(request.id)?.status).toBe('served');
      expect(said(await noCard(request.id))).toMatch(/^assist_unknown/);
      expect(said(await noCard())).toMatch(/^id_card_required/);
      expect(hall.hub.current.tickets.size).toBe(before + 1);
    } finally {
      ok(
        await boss.command('change_config', {
          change: { kind: 'id_card', idLimit: 'none', withoutIdCard: 'issue' },
        }),
      );
    }
  });
  it('closes a call that ends with no ticket, with its reason: gone everywhere, and audited', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const window = await hall.openWindow('w2', 'C02');
    const { request } = ok(await kiosk.command('request_assist', {}));
    await waitFor(
      () => window.state?.assists.get(request.id)?.status === 'open',
      5_000,
      'the call reaches the terminal',
    );
    // A reason not in the list, or an unknown call: refused, nothing changes.
    const bad = await admin.command('close_assist', {
      requestId: request.id,
      reason: 'bored' as unknown as 'other',
    });
    expect(said(bad)).toMatch(/^invalid_message/);
    expect(
      said(await admin.command('close_assist', { requestId: 'x/H99', reason: 'other' })),
    ).toMatch(/^assist_unknown/);
    expect(hall.hub.current.assists.get(request.id)?.status).toBe('open');

    const closed = ok(
      await window.command('close_assist', { requestId: request.id, reason: 'visitor_left' }),
    );
    expect(closed.request).toMatchObject({
      status: 'closed',
      closedBy: 'C02',
      closeReason: 'visitor_left',
      ticketId: null,
    });
    await waitFor(
      () =>
        admin.state?.assists.get(request.id)?.status === 'closed' &&
        kiosk.state?.assists.get(request.id)?.status === 'closed',
      5_000,
      'the console and the kiosk see the call closed',
    );
    // Closed: no second closing, no answer, no ticket with it; the kiosk may call anew.
    expect(
      said(await admin.command('close_assist', { requestId: request.id, reason: 'other' })),
    ).toMatch(/^assist_unknown/);
    expect(said(await admin.command('answer_assist', { requestId: request.id }))).toMatch(
      /^assist_unknown/,
    );
    const withIt = await issueWith(kiosk, request.id);
    expect(said(withIt)).toMatch(/^assist_unknown/);
    const again = ok(await kiosk.command('request_assist', {})).request;
    expect(again.id).not.toBe(request.id);
    ok(await admin.command('close_assist', { requestId: again.id, reason: 'helped_at_kiosk' }));

    const audit = ok(await auditOf('assist_closed'));
    expect(audit.entries.map((e) => e.event)).toMatchObject([
      { type: 'assist_closed', requestId: request.id, staffCode: 'C02', reason: 'visitor_left' },
      { type: 'assist_closed', requestId: again.id, staffCode: 'S01', reason: 'helped_at_kiosk' },
    ]);
  });
});
