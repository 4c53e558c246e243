import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DeviceKind } from '@onestop/shared';
import { createDevice } from '@onestop/hub';
import type { HubTestHall } from '../../support/hall.js';
import { newPage } from './browser.js';
import type { HallClock } from './hall-clock.js';

export interface PairedPage {
  context: BrowserContext;
  page: Page;
  deviceId: string;
  /** Console errors and uncaught exceptions of the page, for the test to check. */
  problems: string[];
}

export interface PairedPageOptions {
  kind: DeviceKind;
  /** The page's path on the hub: `kiosk`, `window`, `rate`, `display`. */
  path: string;
  name: string;
  windowId?: string | null;
  viewport: { width: number; height: number };
  /** More of the address after the pairing code, e.g. `&repeats=1`. */
  query?: string;
  /** The hall's clock, for the page to read the hub's time. */
  clock?: HallClock;
}

/**
 * A device page in its own browser context (each keeps its token in its own localStorage),
 * registered on the hub and paired by the `?pair=CODE` address the hub prints for it.
 */
export async function openPaired(
  browser: Browser,
  hall: HubTestHall,
  options: PairedPageOptions,
): Promise<PairedPage> {
  const { deviceId, pairingCode } = createDevice(
    hall.hub.store,
    hall.hub.config,
    { kind: options.kind, name: options.name, windowId: options.windowId ?? null },
    hall.hub.now(),
  );
  const { context, page } = await newPage(browser, options.viewport);
  if (options.clock) await options.clock.attach(context);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${options.name}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${options.name}: ${e.message}`));
  await page.goto(`${hall.url}/${options.path}/?pair=${pairingCode}${options.query ?? ''}`);
  return { context, page, deviceId, problems };
}
