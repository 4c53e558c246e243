import { describe, expect, it } from 'vitest';
import {
  CALL_REASONS,
  DEVICE_KINDS,
  LANGS,
  PAUSE_REASONS,
  RATING_REASONS,
  STAFF_ROLES,
  TICKET_CLASSES,
  TICKET_STATUSES,
  WINDOW_STATUSES,
} from '../domain/types.js';
import { CLIENT_ERROR_CODES, ERROR_CODES } from '../protocol/errors.js';
import { CONNECTION_STATES } from '../protocol/roles.js';
import {
  TEXTS,
  announcementText,
  errorMessage,
  listText,
  ratingReasonText,
  t,
  type CodeKey,
  type TextKey,
} from './index.js';

const CODES: CodeKey[] = [
  ...[...ERROR_CODES, ...CLIENT_ERROR_CODES].map((c) => `error.${c}` as const),
  ...CALL_REASONS.map((c) => `call_reason.${c}` as const),
  ...TICKET_STATUSES.map((c) => `ticket_status.${c}` as const),
  ...TICKET_CLASSES.map((c) => `ticket_class.${c}` as const),
  ...PAUSE_REASONS.map((c) => `pause_reason.${c}` as const),
  ...WINDOW_STATUSES.map((c) => `window_status.${c}` as const),
  ...([5, 4, 3, 2, 1] as const).map((s) => `rating.${s}` as const),
  ...RATING_REASONS.map((c) => `rating_reason.${c}` as const),
  ...CONNECTION_STATES.map((c) => `connection.${c}` as const),
  ...STAFF_ROLES.map((c) => `staff_role.${c}` as const),
  ...DEVICE_KINDS.map((c) => `device_kind.${c}` as const),
  'announce.call',
  'list.separator',
];

describe('i18n', () => {
  const KEYS = Object.keys(TEXTS) as TextKey[];

  it('has every key in both languages, none empty', () => {
    expect(KEYS.length).toBeGreaterThan(CODES.length);
    for (const key of KEYS) {
      expect(Object.keys(TEXTS[key]).sort(), key).toEqual([...LANGS].sort());
      for (const lang of LANGS) expect(TEXTS[key][lang].trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('words every code of the hall, and nothing else under a code prefix', () => {
    const prefixes = new Set(CODES.map((c) => c.slice(0, c.indexOf('.') + 1)));
    const coded = KEYS.filter((k) => [...prefixes].some((p) => k.startsWith(p)));
    expect(coded.sort()).toEqual([...CODES].sort());
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of KEYS) {
      expect(placeholders(TEXTS[key].en), key).toEqual(placeholders(TEXTS[key].zh));
    }
  });

  it('words a rating reason by its code, and keeps other text', () => {
    expect(ratingReasonText('slow', 'zh')).toBe('办理太慢');
    expect(ratingReasonText('slow', 'en')).toBe('Too slow');
    expect(ratingReasonText('long wait', 'en')).toBe('long wait');
  });

  it('translates, in Chinese unless told', () => {
    expect(t('rating.5')).toBe('非常满意');
    expect(t('rating.3', 'zh')).toBe('基本满意');
    expect(t('rating.1', 'en')).toBe('Very dissatisfied');
    expect(t('window_status.paused', 'en')).toBe('Paused');
    expect(t('call_reason.priority_ratio')).toBe('绿色通道');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(t('announce.call', 'en', { number: 'B012' })).toBe(
      'Number B012, please go to window {window}',
    );
    expect(t('announce.call', 'en', { number: 'B012', window: 7, toString: 'x' })).toBe(
      'Number B012, please go to window 7',
    );
  });

  it('lists items as each language does', () => {
    expect(listText(['企业开办', '税务综合'])).toBe('企业开办、税务综合');
    expect(listText(['Tax', 'Invoices', 'Fund'], 'en')).toBe('Tax, Invoices, Fund');
    expect(listText(['Tax'], 'en')).toBe('Tax');
  });

  it('words the call announcement', () => {
    expect(announcementText('A001', 3, 'zh')).toBe('请 A001 号到 3 号窗口办理');
    expect(announcementText('A001', 3, 'en')).toBe('Number A001, please go to window 3');
  });

  it('gives each error code its message', () => {
    expect(errorMessage('queue_empty')).toBe('当前没有等候的号码');
    expect(errorMessage('queue_empty', 'en')).toBe('No one is waiting');
    expect(errorMessage('timeout', 'en')).toMatch(/did not answer/);
    const zh = new Set(ERROR_CODES.map((c) => errorMessage(c, 'zh')));
    expect(zh.size).toBe(ERROR_CODES.length); // each says something of its own
  });
});
