import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HubClient } from '@onestop/shared/client';
import { createDevice } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { launch, newPage, screenshot } from './support/browser.js';

/*
 * Script in a service's name and in the hall notice, set through the admin protocol as an
 * intruder with an admin session would: the kiosk, the hall display and the admin console show
 * it as text, no element is made of it, and nothing of it runs (not even a blocked attempt: no
 * CSP violation is reported).
 */

const MARK = 'xss-e2e';
const IMG = `<img src=x onerror="window.__pwned='img'" class="${MARK}">`;
const SCRIPT = `<script>window.__pwned='script'</script>`;
const SERVICE_ZH = `企业开办${IMG}`;
const NOTICE_ZH = `请取号${IMG}${SCRIPT}`;

let hall: HubTestHall;
let browser: Browser;
let admin: HubClient<'admin'>;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
  admin = await hall.client('admin', await hall.login());
  const service = hall.hub.config.services.find((s) => s.id === 'biz-open');
  if (!service) throw new Error('no biz-open');
  const renamed = await admin.command('change_config', {
    change: {
      kind: 'service',
      service: { ...service, name: { zh: SERVICE_ZH, en: `Business start-up${IMG}` } },
    },
  });
  if (!renamed.ok) throw new Error(`rename: ${renamed.error.code} ${renamed.error.message}`);
  const notice = await admin.command('change_config', {
    change: { kind: 'notice', notice: { zh: NOTICE_ZH, en: `Take a ticket${SCRIPT}` } },
  });
  if (!notice.ok) throw new Error(`notice: ${notice.error.code} ${notice.error.message}`);
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await hall?.close();
});

/** A page that records script errors and CSP violations, opened at `path`. */
async function open(path: string, viewport: { width: number; height: number }): Promise<Page> {
  const { context, page } = await newPage(browser, viewport);
  contexts.push(context);
  page.on('pageerror', (e) => problems.push(`${path}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text()))
      problems.push(`${path}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __violations?: string[] }).__violations ??= [];
      (window as unknown as { __violations: string[] }).__violations.push(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
      );
    });
  });
  await page.goto(`${hall.url}${path}`);
  return page;
}

function pairingLink(kind: 'kiosk' | 'display', page: string): string {
  const { pairingCode } = createDevice(
    hall.hub.store,
    hall.hub.config,
    { kind, name: `${kind} (xss)`, windowId: null },
    hall.hub.now(),
  );
  return `/${page}/?pair=${pairingCode}`;
}

/** Nothing ran, nothing was even tried, and no element came from the text. */
async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBe(
    undefined,
  );
  expect(
    await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations),
  ).toBe(undefined);
  expect(await page.locator(`img.${MARK}, img[src="x"]`).count()).toBe(0);
  expect(
    await page.evaluate(
      () => [...document.scripts].filter((s) => s.textContent.includes('__pwned')).length,
    ),
  ).toBe(0);
}

describe('script in names and notices is shown as text', () => {
  it('the kiosk shows the service name as text', async () => {
    const page = await open(pairingLink('kiosk', 'kiosk'), { width: 1080, height: 1920 });
    await page.getByRole('button', { name: /市场监管局/ }).click();
    const button = page.getByRole('button', { name: /企业开办/ });
    await button.waitFor();
    expect(await button.textContent()).toContain(`企业开办<img src=x onerror=`);
    await expectInert(page);
    await screenshot(page, 'security-kiosk-name-as-text');
  });

  it('the hall display shows the notice as text', async () => {
    const page = await open(pairingLink('display', 'display'), { width: 1920, height: 1080 });
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain('<script>');
    expect(await notice.textContent()).toContain(`请取号<img src=x onerror=`);
    await expectInert(page);
    await screenshot(page, 'security-display-notice-as-text');
  });

  it('the admin console shows both as text', async () => {
    const page = await open('/admin/', { width: 1600, height: 1000 });
    await page.getByLabel('工号').fill('ADMIN');
    await page.getByLabel('密码（PIN）').fill('8642');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('tab', { name: '配置' }).click();
    // The configuration is edited in fields: their values are the text, whole.
    const values = () =>
      page
        .locator('input, textarea')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const subPage = (name: string) =>
      page
        .getByRole('navigation', { name: '配置分页' })
        .getByRole('link', { name, exact: true })
        .click();
    await subPage('部门与事项');
    await expect.poll(values, { timeout: 10_000 }).toContain(SERVICE_ZH);
    await expectInert(page);
    await subPage('公告');
    await expect.poll(values, { timeout: 10_000 }).toContain(NOTICE_ZH);
    await expectInert(page);
    await screenshot(page, 'security-admin-name-as-text');
  });

  it('logged no script error and no CSP violation on any page', () => {
    expect(problems).toEqual([]);
  });
});
