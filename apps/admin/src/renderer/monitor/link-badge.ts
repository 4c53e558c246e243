import type { HealthLink, Lang, MessageParams } from '@onestop/shared';
import type { StringKey } from '../strings.js';

/** What the monitor says of the hall's link to a region, and how loudly. */
export interface LinkBadge {
  key: StringKey;
  params: MessageParams;
  tone: 'ok' | 'warn' | 'danger' | 'muted';
}

/** The badge of the link `/api/health` reported; null while unknown. */
export function linkBadge(link: HealthLink | null, lang: Lang, timezone: string): LinkBadge | null {
  if (link === null) return null;
  switch (link.state) {
    case 'not_linked':
      return { key: 'linkNotLinked', params: {}, tone: 'muted' };
    case 'caught_up':
      return { key: 'linkCaughtUp', params: {}, tone: 'ok' };
    case 'behind':
      return { key: 'linkBehind', params: { count: link.behind }, tone: 'warn' };
    case 'offline':
      return {
        key: 'linkOffline',
        params: { since: hallTime(link.since, lang, timezone), count: link.behind },
        tone: 'danger',
      };
  }
}

/** `12-06 18:30` in the hall's timezone. */
function hallTime(at: number, lang: Lang, timezone: string): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: timezone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}
