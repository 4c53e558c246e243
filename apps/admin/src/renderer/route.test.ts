import { describe, expect, it } from 'vitest';
import { CONFIG_PAGES, HOME, parseRoute, routeHash } from './route.js';

describe('the console address', () => {
  it('names the tab, the configuration sub-page and its item, and reads back the same', () => {
    expect(parseRoute('#/config/hours/biz-open')).toEqual({
      tab: 'config',
      page: 'hours',
      item: 'biz-open',
    });
    expect(parseRoute('#/audit')).toEqual({ tab: 'audit', page: 'hall', item: null });
    for (const page of CONFIG_PAGES) {
      const route = { tab: 'config' as const, page, item: null };
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
    expect(routeHash({ tab: 'config', page: 'hours', item: 'tax' })).toBe('#/config/hours/tax');
    expect(routeHash({ tab: 'reports', page: 'staff', item: 'x' })).toBe('#/reports');
  });

  it('takes anything else for the monitor, an unknown sub-page for the hall, a bad item for none', () => {
    expect(parseRoute('')).toEqual(HOME);
    expect(parseRoute('#/nowhere')).toEqual(HOME);
    expect(parseRoute('#/config/kitchen')).toEqual({ tab: 'config', page: 'hall', item: null });
    expect(parseRoute('#/config/hours/<b>')).toEqual({ tab: 'config', page: 'hours', item: null });
  });
});
