import {
  disabledServiceIssues,
  disabledServiceRefusals,
  parseHallConfig,
  type ConfigRefusal,
  type RefusalIssue,
  type ConfigChange,
  type HallConfig,
  type HallState,
} from '@onestop/shared';

/**
 * The configuration after one change: an item put by its id (replaced in place, or appended
 * when new), the policy, the notice, the calendar (holidays, extra workdays) or the hall's names,
 * languages and timezone replaced, or a combined visit put or removed. The result is checked whole by
 * `parseHallConfig`, so a duplicate prefix or a window naming an unknown service is refused with
 * the field's path (`services.3.prefix: duplicate prefix "A"`).
 */
export function applyConfigChange(
  config: HallConfig,
  change: ConfigChange,
): { ok: true; config: HallConfig } | ConfigRefusal {
  const next: HallConfig = JSON.parse(JSON.stringify(config)) as HallConfig;
  switch (change.kind) {
    case 'hall':
      // Languages are checked (known, each once, at least one) by the parse below.
      return parseHallConfig({
        ...next,
        hall: {
          ...next.hall,
          name: change.name,
          languages: change.languages,
          timezone: change.timezone,
        },
      });
    case 'department':
      next.departments = put(next.departments, change.department, (d) => d.id);
      break;
    case 'service':
      next.services = put(next.services, change.service, (s) => s.id);
      break;
    case 'window':
      next.windows = put(next.windows, change.window, (w) => w.id);
      break;
    case 'staff':
      next.staff = put(next.staff, change.staff, (s) => s.code);
      break;
    case 'policy':
      next.hall.policy = change.policy;
      break;
    case 'notice':
      next.hall.notice = change.notice;
      break;
    case 'calendar':
      next.hall.holidays = change.holidays;
      next.hall.extraWorkdays = change.extraWorkdays;
      break;
    case 'combined_visit': {
      next.combinedVisits = put(next.combinedVisits ?? [], change.visit, (v) => v.id);
      // A visit is defined with enabled services only (a service may be disabled later).
      const parsed = parseHallConfig(next);
      if (!parsed.ok) return parsed;
      const disabled = disabledServiceIssues(parsed.config, change.visit.id);
      const issues = disabledServiceRefusals(parsed.config, change.visit.id);
      return disabled.length > 0 ? { ok: false, errors: disabled, issues } : parsed;
    }
    case 'combined_visit_remove': {
      const visits = next.combinedVisits ?? [];
      if (!visits.some((v) => v.id === change.visitId)) {
        return {
          ok: false,
          errors: [`visitId: no combined visit "${change.visitId}"`],
          issues: [{ path: 'visitId', code: 'no_combined_visit', params: { id: change.visitId } }],
        };
      }
      next.combinedVisits = visits.filter((v) => v.id !== change.visitId);
      break;
    }
    case 'id_card':
      next.hall.idLimit = change.idLimit;
      next.hall.withoutIdCard = change.withoutIdCard;
      break;
    case 'rating_tags':
      next.ratingTags = change.tags;
      break;
    case 'notify':
      next.notify = change.notify;
      break;
    case 'booking':
      if (change.booking === null) delete next.hall.booking;
      else next.hall.booking = change.booking;
      break;
    case 'remote':
      next.hall.remote = change.remote;
      break;
  }
  return parseHallConfig(next);
}

function put<T>(items: T[], item: T, key: (t: T) => string): T[] {
  const i = items.findIndex((x) => key(x) === key(item));
  return i < 0 ? [...items, item] : items.map((x, j) => (j === i ? item : x));
}

/**
 * Why the timezone may not change now, or null. The timezone decides which business day the
 * clock is in: changed under a waiting queue or an open window, the day could close around
 * them (their tickets expired) or the hours checks move mid-service. So it changes only while
 * the hall is idle; the business day then follows the new clock (see `Hub.rollDay`).
 */
export function timezoneRefusal(state: Readonly<HallState>, timezone: string): string | null {
  const issue = timezoneIssue(state, timezone);
  if (issue === null) return null;
  const { tickets, windows } = issue.params;
  return (
    `hall.timezone: cannot change while ${tickets} ticket(s) are waiting, called, being ` +
    `served or parked and ${windows} window(s) are open (change it when the hall is idle)`
  );
}

/** The same, as a refusal issue. */
export function timezoneIssue(state: Readonly<HallState>, timezone: string): RefusalIssue | null {
  if (timezone === state.config.hall.timezone) return null;
  let tickets = 0;
  for (const t of state.tickets.values()) {
    if (['waiting', 'called', 'serving', 'parked'].includes(t.status)) tickets += 1;
  }
  let windows = 0;
  for (const w of state.windows.values()) if (w.status !== 'closed') windows += 1;
  if (tickets === 0 && windows === 0) return null;
  return { path: 'hall.timezone', code: 'timezone_busy', params: { tickets, windows } };
}
