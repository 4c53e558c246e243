import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ticket } from '@onestop/shared';
import { FakeClock, HubTestHall } from './support/hall.js';

/** The ticket status page: found only by its token, live numbers, nothing about the visitor. */

let hall: HubTestHall;
beforeEach(async () => {
  hall = await HubTestHall.start();
});
afterEach(async () => {
  await hall.close();
});

async function issue(serviceId: string): Promise<Ticket> {
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const issued = await kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
  });
  if (!issued.ok) throw new Error(issued.error.code);
  return issued.result.ticket;
}

interface StatusJson {
  view: {
    number: string;
    ahead: number | null;
    called: boolean;
    state: { zh: string; en: string };
  };
  fields: Record<string, string>;
}

describe('GET /t/<accessToken>', () => {
  it('shows the ticket, its place and its estimate, and follows it when called', async () => {
    const first = await issue('hukou');
    const second = await issue('hukou');
    const page = await fetch(`${hall.url}/t/${second.accessToken}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain(second.number);
    expect(html).toContain('户籍办理');
    // No window serves it yet: no estimate, but that.
    expect(html).toContain('前面还有 1 人 · 暂无窗口办理，窗口开放后按号叫号');
    expect(html).toContain('1 ahead of you · no window serves this yet');
    expect(html).not.toContain('分钟');
    expect(html).toContain('<script src="/t/status.js"');

    const json = (await (
      await fetch(`${hall.url}/t/${second.accessToken}.json`)
    ).json()) as StatusJson;
    expect(json.view).toMatchObject({ number: second.number, ahead: 1, called: false });

    const window = await hall.openWindow('w6', 'C06');
    expect((await window.command('call_next', {})).ok).toBe(true); // first
    const afterFirst = (await (
      await fetch(`${hall.url}/t/${second.accessToken}.json`)
    ).json()) as StatusJson;
    expect(afterFirst.view.ahead).toBe(0);
    expect(afterFirst.fields['ahead-zh']).toBe('前面没有人，您是下一位');
    expect(afterFirst.fields['ahead-en']).toBe('Nobody ahead: you are next');
    const third = await issue('hukou');
    const behind = (await (
      await fetch(`${hall.url}/t/${third.accessToken}.json`)
    ).json()) as StatusJson;
    expect(behind.fields['ahead-zh']).toMatch(/^前面还有 1 人 · 预计约 \d+ 分钟$/);
    expect(behind.fields['ahead-en']).toMatch(/^1 ahead of you · about \d+ min$/);
    expect((await window.command('start_serving', {})).ok).toBe(true);
    expect((await window.command('finish', {})).ok).toBe(true);
    expect((await window.command('call_next', {})).ok).toBe(true); // second
    const called = (await (
      await fetch(`${hall.url}/t/${second.accessToken}.json`)
    ).json()) as StatusJson;
    expect(called.view.called).toBe(true);
    expect(called.view.state.zh).toBe(`请 ${second.number} 号到 6 号窗口办理`);
    expect(first.accessToken).not.toBe(second.accessToken);
  });

  it("says which of a combined visit's steps may be done in any order", async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['hukou'] }, { serviceIds: ['social', 'medical'] }],
      class: 'normal',
    });
    if (!issued.ok) throw new Error(issued.error.code);
    const token = issued.result.ticket.accessToken;
    const json = (await (await fetch(`${hall.url}/t/${token}.json`)).json()) as StatusJson;
    expect(json.fields['step-0-zh']).toBe('1. 户籍办理 · 当前');
    expect(json.fields['step-1-zh']).toBe('2. 社保办理、医保办理（不分先后） · 待办');
    expect(json.fields['step-1-en']).toBe(
      '2. Social insurance, Medical insurance (any order) · next',
    );
    const html = await (await fetch(`${hall.url}/t/${token}`)).text();
    expect(html).toContain('社保办理、医保办理（不分先后）');
  });

  it('shows no token, no id and no visitor data', async () => {
    const ticket = await issue('social');
    const html = await (await fetch(`${hall.url}/t/${ticket.accessToken}`)).text();
    const json = await (await fetch(`${hall.url}/t/${ticket.accessToken}.json`)).text();
    for (const body of [html.replace(`/t/${ticket.accessToken}`, ''), json]) {
      expect(body).not.toContain(ticket.accessToken);
      expect(body).not.toContain(ticket.id);
      expect(body).not.toContain('accessToken');
    }
  });

  it('answers 404 to an unknown, short or malformed token', async () => {
    await issue('social');
    for (const token of ['x', 'A'.repeat(43), '..%2F..%2Fapi%2Fhealth', '%00'.repeat(30)]) {
      const res = await fetch(`${hall.url}/t/${token}`);
      expect(res.status, token).toBe(404);
      expect(await res.text()).toContain('未找到该号码');
      expect((await fetch(`${hall.url}/t/${token}.json`)).status).toBe(404);
    }
    expect((await fetch(`${hall.url}/t/`)).status).toBe(404);
  });

  it('serves its script and style from the built page (apps/status-page), none before it is built', async () => {
    // Not built (no pages folder): the page above is whole, only its updates and style wait.
    for (const asset of ['status.js', 'status.css']) {
      expect((await fetch(`${hall.url}/t/${asset}`)).status).toBe(404);
    }
    const dir = mkdtempSync(join(tmpdir(), 'onestop-status-'));
    mkdirSync(join(dir, 'status'));
    writeFileSync(join(dir, 'status', 'status.js'), 'void "built script";');
    writeFileSync(join(dir, 'status', 'status.css'), 'body{color:#000}');
    const built = await HubTestHall.start({ pagesDir: dir });
    try {
      const script = await fetch(`${built.url}/t/status.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toContain('javascript');
      expect(await script.text()).toBe('void "built script";');
      const style = await fetch(`${built.url}/t/status.css`);
      expect(style.status).toBe(200);
      expect(style.headers.get('content-type')).toContain('text/css');
      expect(await style.text()).toBe('body{color:#000}');
    } finally {
      await built.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the status page says how fresh it is', () => {
  it('gives the time of the update in the hall’s time, and no "updates by itself" once done', async () => {
    // 10:15:07 in Shanghai, on the hub's clock.
    const clock = new FakeClock(Date.UTC(2026, 11, 7, 2, 15, 7));
    const own = await HubTestHall.start({ now: clock.now });
    try {
      const kiosk = await own.client('kiosk', await own.pair('kiosk'));
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['hukou'] }],
        class: 'normal',
      });
      if (!issued.ok) throw new Error(issued.error.code);
      const token = issued.result.ticket.accessToken;
      const html = await (await fetch(`${own.url}/t/${token}`)).text();
      expect(html).toContain('更新于 10:15:07');
      expect(html).toContain('Updated at 10:15:07');
      expect(html).toContain('本页自动更新');
      expect(html).toContain('data-poll="5000"');
      // The "lost the hall" line is in the page, hidden until a poll fails.
      expect(html).toMatch(
        /<p id="lost" class="lost" role="alert" hidden>与大厅的连接已断开，正在重试/,
      );

      clock.advance(65_000);
      const json = (await (await fetch(`${own.url}/t/${token}.json`)).json()) as StatusJson;
      expect(json.fields['updated-zh']).toBe('更新于 10:16:12');
      expect(json.fields['updated-en']).toBe('Updated at 10:16:12');

      const window = await own.openWindow('w6', 'C06');
      expect((await window.command('call_next', {})).ok).toBe(true);
      expect((await window.command('start_serving', {})).ok).toBe(true);
      expect((await window.command('finish', {})).ok).toBe(true);
      const done = await (await fetch(`${own.url}/t/${token}`)).text();
      expect(done).not.toContain('本页自动更新');
      expect(done).not.toContain('updates by itself');
      expect(done).toContain('本次办理已结束，本页不再更新。');
      expect(done).toContain('data-poll="0"');
      const doneJson = (await (await fetch(`${own.url}/t/${token}.json`)).json()) as StatusJson;
      expect(doneJson.fields['note-en']).toBe('This visit is over; this page no longer updates.');
    } finally {
      await own.close();
    }
  });
});
