import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Backup files are named `onestop-YYYYMMDD-HHMMSS.sqlite`, in UTC: unambiguous across daylight
 * saving and the machine's timezone setting, sortable, and parsed back for pruning (the name,
 * not the mtime, which a copy to another disk changes).
 */
const BACKUP_NAME = /^onestop-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.sqlite(\.partial)?$/;

const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function backupFileName(at: number): string {
  const d = new Date(at);
  const date = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  return `onestop-${date}-${time}.sqlite`;
}

/** The time in a backup file's name, or null when the file is not one of ours. */
export function parseBackupFileName(name: string): { at: number; partial: boolean } | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, partial] = m;
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Reject names like 20251340-...: Date.UTC would roll them over into another date.
  if (Number.isNaN(at) || backupFileName(at) !== name.replace(/\.partial$/, '')) return null;
  return { at, partial: partial !== undefined };
}

/**
 * Removes our backups (and unfinished `.partial` ones) older than `keepDays`; the newest
 * complete backup is always kept, whatever its age. Files that are not ours are never touched.
 * Returns the names removed.
 */
export function pruneBackups(dir: string, keepDays: number, now: number): string[] {
  if (!Number.isFinite(keepDays) || keepDays < 0) {
    throw new RangeError(`keepDays must be a number >= 0, got ${keepDays}`);
  }
  const ours = readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isFile()) return [];
    const parsed = parseBackupFileName(entry.name);
    return parsed ? [{ name: entry.name, ...parsed }] : [];
  });
  const newest = ours
    .filter((f) => !f.partial)
    .reduce<string | null>((best, f) => (best === null || f.name > best ? f.name : best), null);
  const cutoff = now - keepDays * DAY_MS;
  const removed: string[] = [];
  for (const f of ours) {
    if (f.name === newest || f.at >= cutoff) continue;
    rmSync(join(dir, f.name), { force: true });
    removed.push(f.name);
  }
  return removed.sort();
}
