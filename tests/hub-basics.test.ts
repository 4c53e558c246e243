import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubTestHall, waitFor } from './support/hall.js';

let hall: HubTestHall;
beforeEach(async () => {
  hall = await HubTestHall.start();
});
afterEach(async () => {
  await hall.close();
});

describe('hub basics', () => {
  it('opens today on start and reports health', async () => {
    const res = await fetch(`${hall.url}/api/health`);
    const body = (await res.json()) as {
      status: string;
      dayStatus: string;
      db: { journalMode: string };
    };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', dayStatus: 'open', db: { journalMode: 'wal' } });
  });

  it('issues at a kiosk, calls at a window and shows it on a display', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const display = await hall.client('display', await hall.pair('display'));
    const window = await hall.openWindow('w1', 'C01');
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['biz-open'] }],
      class: 'normal',
    });
    expect(issued.ok).toBe(true);
    if (!issued.ok) return;
    expect(issued.result.ticket.number).toBe('A001');
    expect(issued.result.ticket.accessToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const called = await window.command('call_next', {});
    expect(called.ok && called.result.ticket?.number).toBe('A001');
    expect(called.ok && called.result.ticket?.callReason).toBe('fifo');
    await waitFor(() => display.state?.tickets.get(issued.result.ticket.id)?.status === 'called');
    const seen = display.state?.tickets.get(issued.result.ticket.id);
    expect(seen?.windowId).toBe('w1');
    expect(seen?.accessToken).toBe(''); // a display never sees the ticket's status-page token
  });
});
