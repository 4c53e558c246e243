import { t, type Lang } from '@onestop/shared';

/*
 * The window terminal's and the rating pad's texts are in @onestop/shared's one table
 * (`terminal.*`, and the codes of the hall); this keeps only how a duration is written.
 */

/** "3 分 05 秒" / "3 min 05 s"; negative durations count as zero. */
export function duration(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return t('terminal.minutes.seconds', lang, { m, s });
}
