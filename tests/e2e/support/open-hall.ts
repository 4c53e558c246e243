import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HallConfig } from '@onestop/shared';
import { ROOT } from '../../support/build.js';
import { HubTestHall } from '../../support/hall.js';
import { launch } from './browser.js';

/**
 * Chromium and a real hub serving the built pages (dist/pages) with `config`, its day open (by
 * the admin here, or already by the hub at its start). `close` ends both.
 */
export async function browserAndOpenHall(
  config: HallConfig,
): Promise<{ browser: Browser; hall: HubTestHall; close: () => Promise<void> }> {
  const browser = await launch();
  const hall = await HubTestHall.start({ config, pagesDir: join(ROOT, 'dist/pages') });
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok && opened.error.code !== 'day_already_open') {
    throw new Error(`open_day: ${opened.error.code}`);
  }
  return {
    browser,
    hall,
    close: async () => {
      await browser.close();
      await hall.close();
    },
  };
}
