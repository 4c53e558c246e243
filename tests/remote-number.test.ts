import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRemoteRequest, DEMO_HALL, VisitorIds } from '@onestop/hub';
import { idCheckChar, type HallConfig, type RemoteAnswer } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { FakeClock, HubTestHall } from './support/hall.js';
import { ok, said } from './support/acks.js';

/**
 * 远程取号 against a real hub on a real SQLite file: the region's requests are answered (a number
 * and its code, or a refusal in words), a number confirmed at a kiosk by its code is called in
 * its place, one not confirmed is passed over and expires after its minutes first in line.
 */

const MINUTE = 60_000;
/** Friday 2026-11-27, 10:00 in Shanghai. */
const START = Date.UTC(2026, 10, 27, 2, 0);

function remoteHall(): HallConfig {
  const config = structuredClone(DEMO_HALL);
  config.hall.remote = {
    enabled: true,
    confirmWithinMinutes: 10,
    serviceIds: ['biz-open', 'invoice'],
    perPhonePerDay: 1,
  };
  // Invoices only in the afternoon: a remote number at 10:00 is outside its hours.
  const invoice = config.services.find((s) => s.id === 'invoice');
  if (invoice) invoice.hours = [{ days: [1, 2, 3, 4, 5], open: '14:00', close: '17:00' }];
  return config;
}

function issued(answer: RemoteAnswer): Extract<RemoteAnswer, { outcome: 'issued' }> {
  if (answer.outcome !== 'issued') throw new Error(`refused: ${answer.reason}`);
  return answer;
}

let clock: FakeClock;
let hall: HubTestHall;
let kiosk: HubClient<'kiosk'>;

beforeAll(async () => {
  clock = new FakeClock(START);
  hall = await HubTestHall.start({ now: clock.now, config: remoteHall() });
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
});

afterAll(async () => {
  await hall.close();
});

describe('numbers from the phone (远程取号)', () => {
  it('issues, confirms at the kiosk, calls; passes over and expires the unconfirmed', async () => {
    const hub = hall.hub;
    const first = issued(
      await answerRemoteRequest(hub, { id: 'r1', serviceId: 'biz-open', phone: '13800000001' }),
    );
    expect(first).toMatchObject({ number: 'A001', peopleAhead: 0, confirmWithinMinutes: 10 });
    expect(first.code).toMatch(/^[0-9]{6}$/);
    // Brought again (an answer lost on the way): the same answer, no second ticket.
    expect(
      await answerRemoteRequest(hub, { id: 'r1', serviceId: 'biz-open', phone: '13800000001' }),
    ).toEqual(first);
    expect(hub.current.tickets.size).toBe(1);

    // Refusals in words, and nothing issued for them.
    const refusal = async (id: string, serviceId: string, phone: string) =>
      await answerRemoteRequest(hub, { id, serviceId, phone });
    expect(await refusal('r2', 'biz-open', '13800000001')).toMatchObject({
      outcome: 'refused',
      reason: 'phone_limit',
    });
    expect(await refusal('r3', 'invoice', '13800000002')).toMatchObject({ reason: 'closed' });
    expect(await refusal('r4', 'tax', '13800000002')).toMatchObject({ reason: 'not_offered' });
    expect(hub.current.tickets.size).toBe(1);

    const second = issued(await refusal('r5', 'biz-open', '13800000002'));
    clock.advance(MINUTE);
    const walkIn = ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      }),
    ).ticket;

    // The kiosk confirms the first by its code; bad input and wrong codes change nothing.
    expect(said(await kiosk.command('confirm_remote', { code: 'abc' }))).toMatch(
      /^invalid_message/,
    );
    const wrong = first.code === '000000' ? '000001' : '000000';
    const wrongCode = wrong === second.code ? '999999' : wrong;
    expect(said(await kiosk.command('confirm_remote', { code: wrongCode }))).toMatch(
      /^remote_unknown/,
    );
    const confirmed = ok(await kiosk.command('confirm_remote', { code: first.code }));
    expect(confirmed).toMatchObject({ ticket: { number: 'A001' }, peopleAhead: 0 });
    expect(confirmed.ticket.remote?.confirmedAt).toBe(clock.t);
    expect(said(await kiosk.command('confirm_remote', { code: first.code }))).toMatch(
      /^remote_already_confirmed/,
    );

    // The window calls the confirmed number, then passes over the unconfirmed one.
    const window = await hall.openWindow('w1', 'C01');
    expect(ok(await window.command('call_next', {})).ticket?.number).toBe('A001');
    ok(await window.command('no_show', {}));
    const next = ok(await window.command('call_next', {})).ticket;
    expect(next?.id).toBe(walkIn.id);
    const remoteId = `${walkIn.businessDay}/${second.number}`;
    expect(hub.current.tickets.get(remoteId)?.status).toBe('waiting');

    // First in line now: it expires after its ten minutes there, not before.
    hub.tick();
    expect(hub.current.tickets.get(remoteId)?.remote?.headSince).toBe(clock.t);
    clock.advance(10 * MINUTE - 1);
    hub.tick();
    expect(hub.current.tickets.get(remoteId)?.status).toBe('waiting');
    clock.advance(1);
    hub.tick();
    expect(hub.current.tickets.get(remoteId)?.status).toBe('expired');
    expect(said(await kiosk.command('confirm_remote', { code: second.code }))).toMatch(
      /^remote_expired/,
    );
  });

  it('confirms by the ID card recorded with the request: at the confirm screen, or instead of a new number', async () => {
    const hub = hall.hub;
    const idNumber = (first17: string): string => `${first17}${idCheckChar(first17)}`;
    const ZHANG = { number: idNumber('11010519491231002'), name: '张三丰' };
    const LI = { number: idNumber('44030419900101123'), name: '李四' };
    const ids = new VisitorIds(hub);
    /** A remote request with an ID number, recorded as features/visitor-ids records a card. */
    const withId = async (id: string, phone: string, card: { number: string; name: string }) => {
      const answer = issued(await answerRemoteRequest(hub, { id, serviceId: 'biz-open', phone }));
      const day = hub.today();
      hub.store.visitorIds.reserve({
        actorKey: 'system:remote-numbers',
        commandId: `remote-${id}`,
        day,
        serviceId: 'biz-open',
        hash: ids.hashOf(day, card.number),
        maskedName: '张*丰',
        at: clock.t,
      });
      hub.store.visitorIds.setTicket(
        'system:remote-numbers',
        `remote-${id}`,
        `${day}/${answer.number}`,
      );
      return { ...answer, ticketId: `${day}/${answer.number}` };
    };
    const unconfirmed = (ticketId: string) =>
      hub.current.tickets.get(ticketId)?.remote?.confirmedAt;

    const zhang = await withId('r10', '13800000010', ZHANG);
    const li = await withId('r11', '13800000011', LI);
    const count = hub.current.tickets.size;

    // The confirm screen: another card, or a code of another day, confirms nothing.
    const OTHER = { number: idNumber('31011519851120456'), name: '欧阳娜娜' };
    expect(said(await kiosk.command('confirm_remote', { idCard: OTHER }))).toMatch(
      /^remote_unknown/,
    );
    const yesterday = '2026-11-26';
    const oldCode = [zhang.code, li.code].includes('424242') ? '434343' : '424242';
    hub.store.remoteNumbers.insert({
      ticketId: `${yesterday}/A009`,
      businessDay: yesterday,
      code: oldCode,
      phoneTag: 'x',
      requestId: 'r-old',
      issuedAt: clock.t - 86_400_000,
    });
    expect(said(await kiosk.command('confirm_remote', { code: oldCode }))).toMatch(
      /^remote_not_today/,
    );
    expect(unconfirmed(zhang.ticketId)).toBeNull();
    expect(unconfirmed(li.ticketId)).toBeNull();

    // The card at the confirm screen confirms its own number.
    const byCard = ok(await kiosk.command('confirm_remote', { idCard: LI }));
    expect(byCard.ticket.number).toBe(li.number);
    expect(unconfirmed(li.ticketId)).toBe(clock.t);
    expect(said(await kiosk.command('confirm_remote', { idCard: LI }))).toMatch(
      /^remote_already_confirmed/,
    );

    // A card read to take a number confirms the waiting remote number instead: no new number.
    const instead = ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
        idCard: ZHANG,
      }),
    );
    expect(instead.found).toBe('remote');
    expect(instead.ticket.number).toBe(zhang.number);
    expect(unconfirmed(zhang.ticketId)).toBe(clock.t);
    expect(hub.current.tickets.size).toBe(count);
    // Both confirmed now: the same card takes a number of its own.
    const own = ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
        idCard: ZHANG,
      }),
    );
    expect(own.found).toBeUndefined();
    expect(hub.current.tickets.size).toBe(count + 1);

    // The numbers themselves are nowhere in the file or its log.
    const files = [hall.dbPath, `${hall.dbPath}-wal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    for (const card of [ZHANG, LI, OTHER])
      expect(bytes.includes(Buffer.from(card.number))).toBe(false);
  });
});
