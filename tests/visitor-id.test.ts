import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOutcome, HubClient } from '@onestop/shared/client';
import { idCheckChar, t, refusalText, type Refusal } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';
import { ok } from './support/acks.js';

/*
 * The resident ID card at the kiosk against a real hub on a real SQLite file: one ticket per
 * person per service per day (or per day), the masked name at the window, no card (a ticket or
 * staff), and the day's hashes and names gone from the file when the day closes.
 */

/** 09:00 in Shanghai. */
const NINE = Date.UTC(2026, 10, 27, 1, 0);

const idNumber = (first17: string): string => `${first17}${idCheckChar(first17)}`;
const ZHANG = { number: idNumber('11010519491231002'), name: '张三丰' };
const LI = { number: idNumber('44030419900101123'), name: '李四' };
const OUYANG = { number: idNumber('31011519851120456'), name: '欧阳娜娜' };

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
let kiosk: HubClient<'kiosk'>;

function issue(serviceId: string, idCard?: { number: string; name: string }) {
  return kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
    ...(idCard ? { idCard } : {}),
  });
}

function setIdCard(
  idLimit: 'none' | 'perServicePerDay' | 'perDay',
  withoutIdCard: 'issue' | 'askStaff',
) {
  return admin.command('change_config', { change: { kind: 'id_card', idLimit, withoutIdCard } });
}

function refused<T>(ack: CommandOutcome<T>): Refusal {
  if (ack.ok) throw new Error('expected a refusal');
  return ack.error;
}

const tickets = (): number => hall.hub.current.tickets.size;

beforeAll(async () => {
  clock = new FakeClock(NINE);
  hall = await HubTestHall.start({
    now: clock.now,
    config: { ...DEMO_HALL, hall: { ...DEMO_HALL.hall, idLimit: 'perServicePerDay' } },
  });
  admin = await hall.client('admin', await hall.login());
  // Opened here, or already by the hub itself at its start.
  await admin.command('open_day', { businessDay: null });
  expect(hall.hub.current.day?.status).toBe('open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
});

afterAll(async () => {
  await hall.close();
});

describe('one number per person', () => {
  it('per service per day: the same card again for the same service is refused, in zh and en, for another service it is not', async () => {
    const first = ok(await issue('biz-open', ZHANG)).ticket;
    expect(first.number).toBe('A001');
    const before = tickets();
    const again = refused(await issue('biz-open', ZHANG));
    expect(again.code).toBe('id_limit_reached');
    expect(again.issues).toEqual([
      { path: 'idCard', code: 'id_limit_per_service', params: { ticket: 'A001' } },
    ]);
    expect(refusalText(again, 'zh')).toBe('本人今天已取过此事项的号 A001，每人每项每天限取一个号');
    expect(refusalText(again, 'en')).toContain('already took A001 for this service today');
    expect(t('error.id_limit_reached', 'zh')).toContain('每人限取一个号');
    expect(tickets()).toBe(before);
    // Another service, another person: issued.
    expect(ok(await issue('tax', ZHANG)).ticket.number).toBe('H001');
    expect(ok(await issue('biz-open', LI)).ticket.number).toBe('A002');
  });

  it('per day: a card with a ticket today gets no other, whatever the service', async () => {
    ok(await setIdCard('perDay', 'issue'));
    const refusal = refused(await issue('fund', LI));
    expect(refusal.code).toBe('id_limit_reached');
    expect(refusal.issues?.[0]).toMatchObject({
      code: 'id_limit_per_day',
      params: { ticket: 'A002' },
    });
    expect(ok(await issue('fund', OUYANG)).ticket.number).toBe('K001');
    ok(await setIdCard('perServicePerDay', 'issue'));
  });

  it('the same card at two kiosks at once gets one ticket', async () => {
    const other = await hall.client('kiosk', await hall.pair('kiosk'));
    const card = { number: idNumber('12010119700707777'), name: '王五' };
    const both = await Promise.all([
      issue('social', card),
      other.command('issue_ticket', {
        itinerary: [{ serviceIds: ['social'] }],
        class: 'normal',
        idCard: card,
      }),
    ]);
    expect(both.filter((a) => a.ok)).toHaveLength(1);
    expect(both.filter((a) => !a.ok).map((a) => refused(a).code)).toEqual(['id_limit_reached']);
  });

  it('a number that is not a citizen ID number is refused and issues nothing', async () => {
    const before = tickets();
    const wrongCheck = ZHANG.number.slice(0, 17) + (ZHANG.number[17] === '1' ? '2' : '1');
    const refusal = refused(await issue('hukou', { number: wrongCheck, name: '张三丰' }));
    expect(refusal.code).toBe('invalid_message');
    expect(refusal.issues).toEqual([{ path: 'idCard.number', code: 'id_number', params: {} }]);
    expect(refusalText(refusal, 'zh')).toContain('不是有效的公民身份号码');
    expect(tickets()).toBe(before);
  });

  it('without a card: a ticket, or "ask staff" when the hall says so', async () => {
    expect(ok(await issue('hukou')).ticket.number).toBe('E001');
    ok(await setIdCard('perServicePerDay', 'askStaff'));
    const before = tickets();
    const refusal = refused(await issue('hukou'));
    expect(refusal.code).toBe('id_card_required');
    expect(t('error.id_card_required', 'en')).toContain('ask the staff');
    expect(tickets()).toBe(before);
    expect(ok(await issue('hukou', OUYANG)).ticket.number).toBe('E002');
    ok(await setIdCard('perServicePerDay', 'issue'));
  });
});

describe('the masked name and the day close', () => {
  it('shows the masked name at the window that calls the ticket, and only there', async () => {
    const w1 = await hall.openWindow('w1', 'C01');
    const called = ok(await w1.command('call_next', {}));
    expect(called.window.currentTicketId).toMatch(/A001$/);
    expect(ok(await w1.command('ticket_holder', {}))).toEqual({
      ticketId: called.window.currentTicketId,
      maskedName: '张*丰',
    });
    // Another window, with nothing called, sees nobody's name.
    const w6 = await hall.openWindow('w6', 'C06');
    expect(ok(await w6.command('ticket_holder', {}))).toEqual({ ticketId: null, maskedName: null });
    ok(await w1.command('start_serving', {}));
    ok(await w1.command('finish', {}));
  });

  it('keeps no number, and after the day closes no hash and no name in the file: only counts', async () => {
    const store = hall.hub.store.visitorIds;
    const day = hall.hub.current.day?.businessDay ?? '';
    const rows = store.ofDay(day);
    expect(rows.map((r) => r.masked_name).sort()).toEqual(
      ['张*丰', '张*丰', '李*', '欧**娜', '欧**娜', '王*'].sort(),
    );
    const hashes = rows.map((r) => r.id_hash);
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);

    ok(await admin.command('close_day', {}));
    // The day's records go when the close is published (the hub's reactions).
    await waitFor(() => store.ofDay(day).length === 0, 5_000, 'the day close to drop the cards');
    const closed = store.figures(day, day);
    expect(closed.find((f) => f.service_id === '*')).toMatchObject({ tickets: 6, people: 4 });
    expect(closed.find((f) => f.service_id === 'biz-open')).toMatchObject({
      tickets: 2,
      people: 2,
      refused: 1,
    });
    await hall.close({ keepFiles: true });

    const files = [hall.dbPath, `${hall.dbPath}-wal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    const holds = (text: string): boolean => bytes.includes(Buffer.from(text, 'utf8'));
    for (const card of [ZHANG, LI, OUYANG]) expect(holds(card.number), card.number).toBe(false);
    for (const hash of hashes) expect(holds(hash), hash).toBe(false);
    for (const name of ['张*丰', '李*', '欧**娜', '王*', '张三丰', '欧阳娜娜']) {
      expect(holds(name), name).toBe(false);
    }
    // The figures are still there (so the file was read as it is).
    expect(holds('visitor_id_figures')).toBe(true);
  });
});
