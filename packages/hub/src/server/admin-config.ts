import { parseHallConfig, type ConfigChange, type HallConfig } from '@onestop/shared';

/**
 * The configuration after one change: an item put by its id (replaced in place, or appended
 * when new), the policy, the notice or the calendar (holidays, extra workdays) replaced. The result is checked whole by
 * `parseHallConfig`, so a duplicate prefix or a window naming an unknown service is refused with
 * the field's path (`services.3.prefix: duplicate prefix "A"`).
 */
export function applyConfigChange(
  config: HallConfig,
  change: ConfigChange,
): { ok: true; config: HallConfig } | { ok: false; errors: string[] } {
  const next: HallConfig = JSON.parse(JSON.stringify(config)) as HallConfig;
  switch (change.kind) {
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
  }
  return parseHallConfig(next);
}

function put<T>(items: T[], item: T, key: (t: T) => string): T[] {
  const i = items.findIndex((x) => key(x) === key(item));
  return i < 0 ? [...items, item] : items.map((x, j) => (j === i ? item : x));
}
