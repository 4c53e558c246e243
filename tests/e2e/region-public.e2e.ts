import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pushStatus } from '@onestop/region';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/build.js';
import {
  linkedHall,
  morningEvents,
  startRegionOnPglite,
  type RegionOnPglite,
} from '../support/region-day.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/*
 * 阳光政务 on a phone (390×844): a hall's morning as the region holds it, in Chinese and in
 * English, readable by everyone (axe), with nothing but the page's own script (no CSP report).
 */

let r: RegionOnPglite;
let browser: Browser;

beforeAll(async () => {
  r = await startRegionOnPglite({ pagesDir: join(ROOT, 'dist/pages'), publicFreshMs: 0 });
  const hallId = await linkedHall(r.region, '东城区政务服务中心');
  const ingested = await r.region.ingest(hallId, {
    historyId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    afterSeq: 0,
    events: morningEvents(),
  });
  if (!ingested.ok) throw new Error(ingested.refusal.message);
  await linkedHall(r.region, '西城区政务服务中心');
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await r?.close();
});

describe('阳光政务 on a phone', () => {
  it('shows every hall now, in Chinese and in English', async () => {
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${r.url}/public/`);
      const hall = page.getByRole('region', { name: '东城区政务服务中心' });
      await hall.getByRole('rowheader', { name: '税务登记' }).waitFor();
      expect(await hall.locator('.figure dd').allTextContents()).toEqual([
        '3',
        '2',
        '5 分钟',
        '50%（2 条评价）',
      ]);
      await page
        .getByRole('region', { name: '西城区政务服务中心' })
        .getByText('尚无今日数据')
        .waitFor();
      await screenshot(page, 'region-public-zh');
      expect(await a11y(page, 'public zh')).toEqual([]);

      await page.getByRole('link', { name: 'English' }).click();
      const en = page.getByRole('region', { name: '东城区政务服务中心' });
      await en.getByRole('rowheader', { name: 'Tax registration' }).waitFor();
      expect(await en.locator('.figure dt').allTextContents()).toEqual([
        'Waiting',
        'Windows open',
        'Average wait today',
        'Satisfaction today',
      ]);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await screenshot(page, 'region-public-en');
      expect(await a11y(page, 'public en')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows each window this month and the clerk on duty for a hall that shows them (阳光运行)', async () => {
    const hallId = await linkedHall(r.region, '朝阳区政务服务中心');
    const events = morningEvents().map((e) => {
      if (e.type !== 'config_changed') return e;
      const { config } = e.body as { config: { hall: object } };
      const sunshine = {
        ...config,
        hall: { ...config.hall, sunshine: true },
        windows: [1, 2, 3].map((n) => ({ id: `w${n}`, number: n })),
        staff: [
          { code: 'S07', name: '王芳' },
          { code: 'S08', name: '李明' },
          { code: 'S09', name: '张伟' },
        ],
      };
      return { ...e, body: { config: sunshine } };
    });
    const ingested = await r.region.ingest(hallId, {
      historyId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
      afterSeq: 0,
      events,
    });
    if (!ingested.ok) throw new Error(ingested.refusal.message);
    const rows = async (lang: 'zh' | 'en') => {
      const hall = page.getByRole('region', { name: '朝阳区政务服务中心' });
      const table = hall.getByRole('table', {
        name: lang === 'zh' ? '本月各窗口满意度' : 'Windows this month',
      });
      await table.waitFor();
      return table
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    };
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    try {
      await page.goto(`${r.url}/public/`);
      expect(await rows('zh')).toEqual([
        ['1 号窗口', '王芳', '100%（1 条评价）'],
        ['2 号窗口', '李明', '0%（1 条评价）'],
        ['3 号窗口', '张伟', '暂无评价'],
      ]);
      // A hall that does not show its windows has no such table.
      const other = page.getByRole('region', { name: '东城区政务服务中心' });
      expect(await other.locator('table.windows').count()).toBe(0);
      await page.getByRole('region', { name: '朝阳区政务服务中心' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'region-public-sunshine-390');
      expect(await a11y(page, 'public sunshine zh')).toEqual([]);

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${r.url}/public/?lang=en`);
      expect(await rows('en')).toEqual([
        ['Window 1', '王芳', '100% (1 ratings)'],
        ['Window 2', '李明', '0% (1 ratings)'],
        ['Window 3', '张伟', 'No ratings yet'],
      ]);
      await page.getByRole('region', { name: '朝阳区政务服务中心' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'region-public-sunshine-1280');
      expect(await a11y(page, 'public sunshine en')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a ticket's status and takes its rating, in both languages", async () => {
    const hallId = await linkedHall(r.region, '南山区政务服务中心');
    const token = 'e2eTicketToken_0123456789abcdefghijklmnopq';
    const key = createHash('sha256').update(token).digest('hex');
    const pushed = await pushStatus(
      r.region.db,
      hallId,
      {
        full: true,
        hall: { zh: '南山区政务服务中心', en: 'Nanshan Service Centre' },
        tags: [
          { id: 'warm', name: { zh: '热情耐心', en: 'Warm and patient' }, scores: [4, 5] },
          { id: 'slow', name: { zh: '办理太慢', en: 'Too slow' }, scores: [1, 2, 3] },
        ],
        tickets: [
          {
            key,
            number: 'A015',
            service: { zh: '企业开办', en: 'Business start-up' },
            status: 'done',
            ahead: null,
            window: null,
            steps: [],
            rateable: true,
            ratedBy: null,
            followUp: null,
          },
        ],
        gone: [],
      },
      Date.now(),
    );
    expect(pushed.ok).toBe(true);
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    try {
      await page.goto(`${r.url}/public/t/${hallId}/${token}`);
      await page.getByText('A015').waitFor();
      await screenshot(page, 'region-ticket-rate');
      expect(await a11y(page, 'ticket rate')).toEqual([]);
      await page.getByRole('radio', { name: /满意 Satisfied/ }).check();
      await page.getByRole('checkbox', { name: /热情耐心/ }).check();
      await page.getByRole('textbox', { name: /意见建议/ }).fill('讲得很清楚');
      await page.getByRole('button', { name: /提交评价/ }).click();
      await page.getByText('您的评价已收到，正在转交大厅').waitFor();
      await screenshot(page, 'region-ticket-sent');
      expect(await a11y(page, 'ticket sent')).toEqual([]);
      const kept = await r.region.db.query<{ body: unknown }>(
        `SELECT body FROM public_ratings WHERE hall_id = $1`,
        [hallId],
      );
      expect(kept.rows).toEqual([{ body: { score: 4, reasons: ['warm'], comment: '讲得很清楚' } }]);
    } finally {
      await context.close();
    }
  });
});
