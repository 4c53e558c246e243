import {
  redactConfigFor,
  redactEventFor,
  withCalendar,
  type AuditEntry,
  type AuditMessage,
  type AuditResult,
} from '@onestop/shared';
import { diffConfig } from '../config/config-diff.js';
import type { Store } from '../../store/index.js';

/**
 * The event log searched by time, ticket, window, staff and kind. Staff matches the person who
 * made the command or the clerk an event names (a call, a window opened). Oldest first, paged
 * on by `afterSeq`; or newest first (`order`), paged back by `beforeSeq`.
 */
export function searchAudit(store: Store, q: AuditMessage): AuditResult {
  const records = store.audit.find(q, q.limit + 1);
  const more = records.length > q.limit;
  const entries = records.slice(0, q.limit).map(({ event, actor }): AuditEntry => ({
    // As the console gets it live: a ticket's access token (the key of the visitor's status
    // page) goes to no one, not in the audit's raw record nor its exported file either.
    event: redactEventFor('admin', event) ?? event,
    actor,
  }));
  for (const entry of entries) {
    if (entry.event.type !== 'config_changed') continue;
    const before = store.audit.configBefore(entry.event.seq);
    entry.configDiff =
      before === null
        ? null
        : // Filled as the hub loads them: a configuration kept before the calendar existed
          // does not show its holidays as a change.
          diffConfig(
            redactConfigFor('admin', withCalendar(before)),
            redactConfigFor('admin', withCalendar(entry.event.config)),
          );
  }
  return { entries, more };
}
