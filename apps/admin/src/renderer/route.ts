import { useEffect, useState } from 'react';

/*
 * Where the console is, kept in the address's hash (`#/config/hours`): a reload, the browser's
 * Back and a bookmark come back to the same screen and configuration sub-page.
 */

export const TABS = [
  'monitor',
  'book',
  'outbox',
  'reports',
  'complaints',
  'instructions',
  'uploads',
  'config',
  'audit',
] as const;
export type Tab = (typeof TABS)[number];

/** The configuration's sub-pages, in the order of its side navigation. */
export const CONFIG_PAGES = [
  'hall',
  'services',
  'windows',
  'policy',
  'hours',
  'staff',
  'devices',
  'visits',
  'notice',
  'guide',
  'online',
] as const;
export type ConfigPageId = (typeof CONFIG_PAGES)[number];

export interface Route {
  tab: Tab;
  /** The configuration's sub-page (the hall's page on the other tabs). */
  page: ConfigPageId;
  /** The item a sub-page opens on (the hours page: a service id), or null. */
  item: string | null;
}

export const HOME: Route = { tab: 'monitor', page: 'hall', item: null };

function isTab(x: string | undefined): x is Tab {
  return (TABS as readonly string[]).includes(x ?? '');
}

function isConfigPage(x: string | undefined): x is ConfigPageId {
  return (CONFIG_PAGES as readonly string[]).includes(x ?? '');
}

/** `#/config/hours/tax` → config, hours, tax; anything unknown → the monitor. */
export function parseRoute(hash: string): Route {
  const [tab, page, item] = hash.replace(/^#\/?/, '').split('/');
  if (!isTab(tab)) return HOME;
  if (tab !== 'config' || !isConfigPage(page)) return { tab, page: 'hall', item: null };
  return {
    tab,
    page,
    item: item !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(item) ? item : null,
  };
}

export function routeHash(route: Route): string {
  if (route.tab !== 'config') return `#/${route.tab}`;
  return `#/config/${route.page}${route.item === null ? '' : `/${route.item}`}`;
}

/** The route of the page's hash, followed as it changes (links, Back, a typed address). */
export function useRoute(): [Route, (next: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const go = (next: Route) => {
    setRoute(next);
    const hash = routeHash(next);
    if (window.location.hash !== hash) window.location.hash = hash;
  };
  return [route, go];
}
