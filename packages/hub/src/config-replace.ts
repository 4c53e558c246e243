import { parseHallConfig, withCalendar, type ConfigDiff, type HallConfig } from '@onestop/shared';
import type { Hub } from './hub.js';
import { timezoneRefusal } from './features/config/admin-config.js';
import { diffConfig } from './features/config/config-diff.js';

/*
 * A configuration given at start (`--config`, `--demo`, `init --config`) for a database that
 * holds one already. The database is the one truth: the day's console changes are in it, and a
 * file applied silently would be undone by the next start without it. So a file that differs is
 * refused, with the differences, unless the operator asks to replace (`--replace-config`); then
 * it is a `config_changed` like a console change: the same checks, audited with its diff.
 */

/** The file differs from the stored configuration, and replacing it was not asked for. */
export class ConfigDiffersError extends Error {
  constructor(readonly diff: ConfigDiff) {
    super(
      'the configuration given differs from the one stored in the database; start without it ' +
        'to keep the stored one, or add --replace-config to apply it as a change',
    );
  }
}

/** The file may not replace the stored configuration now (a rule of configuration changes). */
export class ConfigRefusedError extends Error {}

/** What happened to a configuration given at start. */
export type StartConfigOutcome = 'same' | 'replaced';

/**
 * Compares `file` with the configuration in effect; when they differ, refuses
 * (`ConfigDiffersError`) or, with `replace`, applies it as a console change would be:
 * checked whole, the timezone only while the hall is idle, no open window removed
 * (`ConfigRefusedError` otherwise). The change is a `config_changed` event of the hub itself.
 */
export function applyStartConfig(hub: Hub, file: HallConfig, replace: boolean): StartConfigOutcome {
  const current = hub.config;
  if (canonical(normalized(current)) === canonical(normalized(file))) return 'same';
  if (!replace) throw new ConfigDiffersError(diffConfig(withCalendar(current), withCalendar(file)));
  const parsed = parseHallConfig(file);
  if (!parsed.ok) throw new ConfigRefusedError(parsed.errors.join('; '));
  const busy = timezoneRefusal(hub.current, parsed.config.hall.timezone);
  if (busy) throw new ConfigRefusedError(busy);
  const outcome = hub.system({ type: 'change_config', config: parsed.config });
  if (!outcome.ok) throw new ConfigRefusedError(`${outcome.error.code}: ${outcome.error.message}`);
  return 'replaced';
}

/** The differences as lines for a terminal: `services tax: name.zh 税务 → 税务登记`. */
export function describeConfigDiff(diff: ConfigDiff): string[] {
  const lines = diff.changes.map((c) => {
    const where = c.item === null ? c.section : `${c.section} ${c.item}`;
    switch (c.change) {
      case 'added':
        return `${where}: added (${c.to ?? ''})`;
      case 'removed':
        return `${where}: removed (${c.from ?? ''})`;
      case 'changed':
        return `${where}: ${c.field} ${c.from ?? '—'} → ${c.to ?? '—'}`;
    }
  });
  if (diff.more > 0) lines.push(`… and ${diff.more} more`);
  if (lines.length === 0) lines.push('the order of items differs');
  return lines;
}

/**
 * With the defaults a file gets when it is read (the calendar, combined visits...): a
 * configuration stored by an older hub, before a field existed, equals the same file read now.
 */
function normalized(config: HallConfig): HallConfig {
  const parsed = parseHallConfig(withCalendar(config));
  return parsed.ok ? parsed.config : withCalendar(config);
}

/** JSON with every object's keys sorted: equal configurations give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}
