import { describe, expect, it } from 'vitest';
import { parseHallConfig, parseHallFile } from './hall-config.js';

function validFile(): Record<string, unknown> {
  return {
    hall: {
      name: { zh: '测试中心', en: 'Test Center' },
      timezone: 'Asia/Shanghai',
      languages: ['zh', 'en'],
    },
    departments: [{ id: 'd1', name: { zh: '部门', en: 'Dept' } }],
    services: [
      {
        id: 's1',
        departmentId: 'd1',
        prefix: 'A',
        name: { zh: '业务', en: 'Service' },
        hours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:00' }],
        defaultMinutes: 10,
      },
    ],
    windows: [
      {
        id: 'w1',
        number: 1,
        name: { zh: '一', en: 'One' },
        services: [{ serviceId: 's1', weight: 1 }],
      },
    ],
    staff: [{ code: 'C01', name: '张三', role: 'clerk', pin: '1234' }],
  };
}

describe('hall file', () => {
  it('accepts a valid file, fills defaults and keeps PINs apart from the config', () => {
    const parsed = parseHallFile(validFile());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config.hall.policy.priorityRatio).toBe(2);
    expect(parsed.config.services[0]?.enabled).toBe(true);
    expect(parsed.config.services[0]?.dailyQuota).toBeNull();
    expect(parsed.config.staff[0]).toEqual({
      code: 'C01',
      name: '张三',
      role: 'clerk',
      active: true,
    });
    expect(parsed.pins.get('C01')).toBe('1234');
    expect(parseHallConfig(parsed.config).ok).toBe(true);
  });

  it("takes online booking optionally, its capacity naming the hall's services", () => {
    const file = validFile();
    const hall = file.hall as Record<string, unknown>;
    const parsed = parseHallFile(file);
    expect(parsed.ok && parsed.config.hall.booking).toBeUndefined();
    hall.booking = { slotMinutes: 30, daysAhead: 7, capacity: { nope: 2 } };
    const wrong = parseHallFile(file);
    expect(!wrong.ok && wrong.errors).toEqual(['hall.booking.capacity.nope: no service "nope"']);
    hall.booking = { slotMinutes: 3, daysAhead: 7, capacity: {} };
    expect(parseHallFile(file).ok).toBe(false);
  });

  it('defaults the calendar to no holidays and checks every date', () => {
    const parsed = parseHallFile(validFile());
    expect(parsed.ok && parsed.config.hall.holidays).toEqual([]);
    expect(parsed.ok && parsed.config.hall.extraWorkdays).toEqual([]);
    const file = validFile();
    const hall = file.hall as Record<string, unknown>;
    hall.holidays = ['2025-10-01', '2025-02-30', '2025-10-01', '1 May'];
    hall.extraWorkdays = ['2025-09-28', '2025-09-29', '2025-10-01'];
    const wrong = parseHallFile(file);
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    const text = wrong.errors.join('\n');
    expect(text).toContain('hall.holidays.1: a real date');
    expect(text).toContain('hall.holidays.3: a date as YYYY-MM-DD');
    expect(text).toContain('hall.holidays: each date once');
    hall.holidays = ['2025-10-01'];
    const again = parseHallFile(file);
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.errors).toEqual([
      'hall.extraWorkdays.1: 2025-09-29 is not a Saturday or a Sunday',
      'hall.extraWorkdays.2: 2025-10-01 is also a holiday',
    ]);
    hall.extraWorkdays = ['2025-09-28'];
    const good = parseHallFile(file);
    expect(good.ok && good.config.hall.extraWorkdays).toEqual(['2025-09-28']);
  });

  it('names every wrong field at once', () => {
    const file = validFile();
    const hall = file.hall as Record<string, unknown>;
    hall.timezone = 'Mars/Olympus';
    const services = file.services as Record<string, unknown>[];
    services[0]!.prefix = 'a1';
    services[0]!.departmentId = 'nope';
    const windows = file.windows as Record<string, unknown>[];
    windows.push({ ...windows[0], id: 'w2', services: [{ serviceId: 'ghost', weight: 1 }] });
    (file.staff as Record<string, unknown>[])[0]!.pin = '12';
    const parsed = parseHallFile(file);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = parsed.errors.join('\n');
    expect(text).toContain('hall.timezone');
    expect(text).toContain('services.0.prefix');
    expect(text).toContain('staff.0.pin');
    // cross-field checks run only when the shapes are right; fix the shapes and look again
    services[0]!.prefix = 'A';
    hall.timezone = 'Asia/Shanghai';
    (file.staff as Record<string, unknown>[])[0]!.pin = '1234';
    const again = parseHallFile(file);
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.errors).toEqual(
      expect.arrayContaining([
        'services.0.departmentId: no department "nope"',
        'windows.1.number: duplicate number "1"',
        'windows.1.services.0.serviceId: no service "ghost"',
      ]),
    );
  });

  it('refuses unknown keys, duplicate prefixes and backwards hours', () => {
    const file = validFile();
    file.extra = 1;
    const services = file.services as Record<string, unknown>[];
    services.push({
      ...services[0],
      id: 's2',
      hours: [{ days: [1], open: '12:00', close: '09:00' }],
    });
    const parsed = parseHallFile(file);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.join('\n')).toMatch(/Unrecognized key.*extra|extra/);
    expect(parsed.errors.join('\n')).toContain('services.1.hours.0.close');
  });

  it('refuses anything that is not an object', () => {
    for (const raw of [null, 1, 'hall', [], undefined]) expect(parseHallFile(raw).ok).toBe(false);
  });
});
