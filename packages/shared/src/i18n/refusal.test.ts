import { describe, expect, it } from 'vitest';
import { testHall } from '../engine/test-fixture.js';
import { parseHallConfig } from '../protocol/hall-config.js';
import { parseMessage } from '../protocol/parse.js';
import { errorMessage } from './lookup.js';
import { refusalIssueTexts, refusalText, type Refusal } from './refusal.js';

const commandId = 'cmd-0123456789';

/** The refusal the hub sends for `raw` in the admin namespace. */
function refused(event: string, raw: unknown): Refusal {
  const parsed = parseMessage('admin', event, raw);
  if (parsed.ok) throw new Error(`${event} was accepted`);
  return parsed.error;
}

/** The refusal of a configuration as a whole (as the hub sends for change_config). */
function refusedConfig(change: (c: ReturnType<typeof testHall>) => void): Refusal {
  const config = testHall();
  change(config);
  const parsed = parseHallConfig(config);
  if (parsed.ok) throw new Error('the configuration was accepted');
  return { code: 'invalid_message', issues: parsed.issues };
}

describe("a refusal in the screen's language, from the issues the hub sends", () => {
  it('names the field as the console labels it and says why, in Chinese and English', () => {
    const policy = { ...testHall().hall.policy, maxWaitMinutes: 5000 };
    const error = refused('change_config', { commandId, change: { kind: 'policy', policy } });
    expect(error.issues?.[0]?.path).toBe('change.policy.maxWaitMinutes');
    expect(refusalText(error, 'zh')).toBe('最长等候（分钟）：不能大于 1440');
    expect(refusalText(error, 'en')).toBe('Maximum wait (minutes): must be at most 1440');
  });

  it("words every issue of a refused change, and the hall's own checks with their values", () => {
    const service = { ...testHall().services[0], name: { zh: '婚姻', en: '' } };
    const error = refused('change_config', { commandId, change: { kind: 'service', service } });
    expect(refusalText(error, 'zh')).toBe('英文名称：不能为空');
    const duplicate = refusedConfig((c) => {
      const [first, second] = c.services;
      if (first && second) second.prefix = first.prefix;
    });
    expect(refusalText(duplicate, 'zh')).toBe('字头：“A”已被使用');
    expect(refusalText(duplicate, 'en')).toBe('Prefix: "A" is already used');
    const hours = refusedConfig((c) => {
      const rule = c.services[0]?.hours[0];
      if (rule) [rule.open, rule.close] = [rule.close, rule.open];
    });
    expect(refusalText(hours, 'zh')).toBe('取号时间：开始时间须早于结束时间');
    const staff = refused('set_staff_pin', { commandId, staffCode: 'a', pin: '12ab' });
    expect(refusalText(staff, 'zh')).toBe('工号：至少 2 个字符；新密码：只能包含数字');
  });

  it('says a report range is the wrong way round by the date fields', () => {
    const error = refused('report', {
      commandId,
      from: '2025-03-04',
      to: '2025-03-03',
      by: 'hour',
    });
    expect(refusalText(error, 'zh')).toBe('结束日期：不能早于开始日期');
    expect(refusalText(error, 'en')).toBe('To: must not be before the start date');
  });

  it('words the refusals of the complaint form by their values', () => {
    const error = refused('open_complaint', {
      commandId,
      contact: '12-34',
      summary: ' ',
      serviceId: null,
      windowId: null,
      staffCode: null,
      ticketId: null,
    });
    expect(refusalIssueTexts(error, 'zh').map((i) => i.text)).toEqual(
      expect.arrayContaining(['联系电话：须为 7 到 15 位数字', '投诉内容：请填写投诉内容']),
    );
  });

  it('keeps a reason it has no words for as the hub said it, and words bare codes', () => {
    const other: Refusal = {
      code: 'invalid_message',
      issues: [{ path: 'windows.0.services', code: 'other', params: { message: 'something new' } }],
    };
    expect(refusalText(other, 'zh')).toBe('办理业务及梯队：something new');
    const forbidden: Refusal = { code: 'forbidden', message: 'admins only' };
    expect(refusalText(forbidden, 'zh')).not.toContain('admins');
    expect(refusalIssueTexts(forbidden, 'en')).toEqual([
      { path: '', text: errorMessage('forbidden', 'en') },
    ]);
    const own: Refusal = {
      code: 'forbidden',
      issues: [{ path: 'staff', code: 'own_account', params: {} }],
    };
    expect(refusalText(own, 'zh')).toBe('不能停用自己的账号或取消自己的管理员角色');
  });

  it('says why the timezone cannot change now', () => {
    const busy: Refusal = {
      code: 'invalid_message',
      issues: [
        { path: 'hall.timezone', code: 'timezone_busy', params: { tickets: 0, windows: 1 } },
      ],
    };
    expect(refusalText(busy, 'zh')).toBe(
      '时区（IANA 名称）：还有 0 张号票在等候、叫号、办理或暂缓中，1 个窗口开放，此时不能修改（请在大厅空闲时修改）',
    );
  });

  it('words the audit search refusals (a ticket)', () => {
    const error = refused('audit', { commandId, ticketId: 'A 1', limit: 10 });
    expect(refusalIssueTexts(error, 'zh').map((i) => i.text)).toContain(
      '号码：只能包含字母、数字、“_”、“-”和“/”',
    );
  });
});
