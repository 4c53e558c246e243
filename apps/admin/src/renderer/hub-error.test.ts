import { describe, expect, it } from 'vitest';
import { hubErrorText } from './hub-error.js';

describe("the hub's refusals in the console's language", () => {
  it('names the field as the page labels it and says why, in Chinese and English', () => {
    const error = {
      code: 'invalid_message' as const,
      message:
        'invalid change_config: change.policy.maxWaitMinutes: Too big: expected number to be <=1440',
    };
    expect(hubErrorText(error, 'zh')).toBe('最长等候（分钟）：不能大于 1440');
    expect(hubErrorText(error, 'en')).toBe('Maximum wait (minutes): must be at most 1440');
  });

  it('translates every issue of a refused change, and the hall checks too', () => {
    const error = {
      code: 'invalid_message' as const,
      message:
        'invalid change_config: change.staff.code: 2 to 16 letters or digits; change.staff.name: Too small: expected string to have >=1 characters',
    };
    expect(hubErrorText(error, 'zh')).toBe('工号：须为 2 到 16 个字母或数字；姓名：不能为空');
    expect(hubErrorText(error, 'en')).toBe(
      'Staff code: 2 to 16 letters or digits; Name: must not be empty',
    );
    const duplicate = {
      code: 'invalid_message' as const,
      message: 'services.10.prefix: duplicate prefix "A"',
    };
    expect(hubErrorText(duplicate, 'zh')).toBe('字头：“A”已被使用');
    const hours = {
      code: 'invalid_message' as const,
      message: 'invalid change_config: change.service.hours.0.close: open must be before close',
    };
    expect(hubErrorText(hours, 'zh')).toBe('取号时间：开始时间须早于结束时间');
    const names = {
      code: 'invalid_message' as const,
      message:
        'invalid change_config: change.service.name.en: Too small: expected string to have >=1 characters',
    };
    expect(hubErrorText(names, 'zh')).toBe('英文名称：不能为空');
  });

  it('says a report range is the wrong way round by the date fields', () => {
    const error = {
      code: 'invalid_message' as const,
      message: 'invalid report: to: from must not be after to',
    };
    expect(hubErrorText(error, 'zh')).toBe('结束日期：不能早于开始日期');
    expect(hubErrorText(error, 'en')).toBe('To: must not be before the start date');
  });

  it('keeps a reason it does not know, and words other refusals by their code', () => {
    expect(
      hubErrorText(
        { code: 'invalid_message', message: 'invalid x: windows.0.services: something new' },
        'zh',
      ),
    ).toBe('办理业务及梯队：something new');
    expect(hubErrorText({ code: 'forbidden', message: 'admins only' }, 'zh')).not.toContain(
      'admins',
    );
    expect(
      hubErrorText(
        {
          code: 'forbidden',
          message: 'staff: an admin may not disable or demote their own account',
        },
        'zh',
      ),
    ).toBe('不能停用自己的账号或取消自己的管理员角色');
  });

  it('words the refusals of the complaint forms and of a PIN', () => {
    const contact = {
      code: 'invalid_message' as const,
      message:
        'invalid open_complaint: contact: a phone number: digits, spaces, "-" and a leading "+"; contact: 7 to 15 digits',
    };
    expect(hubErrorText(contact, 'zh')).toBe(
      '联系电话：只能包含数字、空格、“-”和开头的“+”；联系电话：须为 7 到 15 位数字',
    );
    const action = {
      code: 'invalid_message' as const,
      message:
        'invalid complaint_action: text: say what was done (an assignee, a note or an outcome)',
    };
    expect(hubErrorText(action, 'zh')).toBe('跟进内容：请填写责任人工号、跟进记录或处理结果');
    const pin = {
      code: 'invalid_message' as const,
      message: 'invalid set_staff_pin: pin: 4 to 12 digits',
    };
    expect(hubErrorText(pin, 'en')).toBe('New PIN: 4 to 12 digits');
  });

  it('says why the timezone cannot change now', () => {
    const error = {
      code: 'invalid_message' as const,
      message:
        'hall.timezone: cannot change while 0 ticket(s) are waiting, called, being served or parked and 1 window(s) are open (change it when the hall is idle)',
    };
    expect(hubErrorText(error, 'zh')).toBe(
      '时区（IANA 名称）：还有 0 张号票在等候、叫号、办理或暂缓中，1 个窗口开放，此时不能修改（请在大厅空闲时修改）',
    );
  });

  it('words the audit search refusals (a ticket, the time range)', () => {
    const ticket = {
      code: 'invalid_message' as const,
      message: 'invalid audit: ticketId: letters, digits, "_", "-" or "/" only',
    };
    expect(hubErrorText(ticket, 'zh')).toBe('号码：只能包含字母、数字、“_”、“-”和“/”');
    const range = {
      code: 'invalid_message' as const,
      message: 'invalid audit: to: from must not be after to',
    };
    expect(hubErrorText(range, 'en')).toBe('To: must not be before the start date');
  });
});
