import { t, type Lang, type TextKey } from '@onestop/shared';

/* What the console's tabs share: its words, its requests to the region, the board's halls. */

export type RegionKey = TextKey extends infer K
  ? K extends `region.${infer R}`
    ? R
    : never
  : never;
export const tr = (key: RegionKey, lang: Lang, params?: Record<string, string | number>): string =>
  t(`region.${key}` as TextKey, lang, params);

export type Link =
  | { state: 'never' }
  | { state: 'caught_up'; lastContact: number }
  | { state: 'behind'; behind: number; lastContact: number }
  | { state: 'offline'; since: number };

export type Alert = 'long_wait' | 'complaint' | 'instruction_overdue' | 'offline';

export interface Hall {
  hallId: string;
  name: string;
  link: Link;
  waiting: number;
  openWindows: number;
  longestWaitSince: number | null;
  alerts: Alert[];
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}
