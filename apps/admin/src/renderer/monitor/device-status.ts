import type { Lang } from '@onestop/shared';
import { reported } from './monitor-model.js';
import { adminText, type StringKey } from '../strings.js';

const CONDITION: Record<string, StringKey> = {
  ok: 'condOk',
  warning: 'condWarning',
  error: 'condError',
  offline: 'condOffline',
};
const PAPER: Record<string, StringKey> = {
  ok: 'paperOk',
  near_end: 'paperNearEnd',
  out: 'paperOut',
};

/** A device's last reported status in words: condition, printer, detail (as the device sent it). */
export function deviceStatusText(status: unknown, lang: Lang): string {
  const s = reported(status);
  const parts: string[] = [];
  const cond = typeof s.state === 'string' ? CONDITION[s.state] : undefined;
  if (cond) parts.push(adminText(cond, lang));
  const printer = s.printer;
  if (printer) {
    const paper = typeof printer.paper === 'string' ? PAPER[printer.paper] : undefined;
    if (paper) parts.push(adminText(paper, lang));
    if ((printer as { coverOpen?: unknown }).coverOpen === true)
      parts.push(adminText('coverOpen', lang));
    if (printer.online === false) parts.push(adminText('printerOffline', lang));
  }
  if (typeof s.detail === 'string' && s.detail.trim() !== '') parts.push(s.detail.trim());
  return parts.length > 0 ? parts.join(' · ') : '—';
}
