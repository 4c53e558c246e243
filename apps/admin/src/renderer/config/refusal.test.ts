import { describe, expect, it } from 'vitest';
import { fieldIssues, fieldPath, isInvalid } from './refusal.js';

describe('where a refused change went wrong, from the row that sent it', () => {
  it('takes the path below the item, in the change or in the whole configuration', () => {
    expect(fieldPath('change.service.prefix')).toBe('prefix');
    expect(fieldPath('change.service.hours.1.close')).toBe('hours.1.close');
    expect(fieldPath('services.12.prefix')).toBe('prefix');
    expect(fieldPath('windows.3.services.0.serviceId')).toBe('services.0.serviceId');
    expect(fieldPath('combinedVisits.0.steps.1.serviceIds.0')).toBe('steps.1.serviceIds.0');
    expect(fieldPath('change.policy.maxWaitMinutes')).toBe('maxWaitMinutes');
    expect(fieldPath('change.notice.zh')).toBe('zh');
    expect(fieldPath('hall.timezone')).toBe('timezone');
    expect(fieldPath('hall.name.zh')).toBe('name.zh');
    expect(fieldPath('hall.extraWorkdays.0')).toBe('extraWorkdays.0');
    expect(fieldPath('pin')).toBe('pin');
  });

  it('says each issue in the page language, with the field it names', () => {
    const error = {
      code: 'invalid_message' as const,
      issues: [
        { path: 'change.service.hours.0.close', code: 'open_before_close' as const, params: {} },
        {
          path: 'change.service.dailyQuota',
          code: 'number_max' as const,
          params: { limit: 100000 },
        },
      ],
    };
    const issues = fieldIssues(error, 'zh');
    expect(issues).toEqual([
      { field: 'hours.0.close', text: '取号时间：开始时间须早于结束时间' },
      { field: 'dailyQuota', text: '每日限额：不能大于 100000' },
    ]);
    expect(isInvalid(issues, 'hours')).toBe(true);
    expect(isInvalid(issues, 'hours.0.close')).toBe(true);
    expect(isInvalid(issues, 'hours.0.open')).toBe(false);
    expect(isInvalid(issues, 'prefix')).toBe(false);
    expect(fieldIssues(null, 'en')).toEqual([]);
    expect(fieldIssues({ code: 'forbidden', message: 'admins only' }, 'en')[0]?.field).toBe('');
  });
});
