import { describe, expect, it } from 'vitest';
import { disabledServiceIssues, parseHallConfig, parseHallFile } from './hall-config.js';

function hall(visits?: unknown): Record<string, unknown> {
  const svc = (id: string, departmentId: string, prefix: string, enabled = true) => ({
    id,
    departmentId,
    prefix,
    name: { zh: `业务${prefix}`, en: `Service ${prefix}` },
    hours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:00' }],
    defaultMinutes: 10,
    enabled,
  });
  return {
    hall: {
      name: { zh: '测试中心', en: 'Test Center' },
      timezone: 'Asia/Shanghai',
      languages: ['zh', 'en'],
    },
    departments: [
      { id: 'market', name: { zh: '市场', en: 'Market' } },
      { id: 'tax', name: { zh: '税务', en: 'Tax' } },
    ],
    services: [
      svc('open', 'market', 'A'),
      svc('tax', 'tax', 'B'),
      svc('social', 'tax', 'C'),
      svc('old', 'tax', 'D', false),
    ],
    windows: [
      {
        id: 'w1',
        number: 1,
        name: { zh: '一', en: 'One' },
        services: [{ serviceId: 'open', weight: 1 }],
      },
    ],
    staff: [],
    ...(visits === undefined ? {} : { combinedVisits: visits }),
  };
}

const visit = (over: Record<string, unknown> = {}) => ({
  id: 'start',
  departmentId: 'market',
  name: { zh: '开办企业一件事', en: 'Starting a business' },
  steps: [{ serviceIds: ['open'] }, { serviceIds: ['tax', 'social'] }],
  ...over,
});

function errorsOf(raw: unknown): string[] {
  const parsed = parseHallFile(raw);
  return parsed.ok ? [] : parsed.errors;
}

describe('combined visits in the hall configuration', () => {
  it('defaults to none, so files from before them stay valid', () => {
    const parsed = parseHallFile(hall());
    expect(parsed.ok && parsed.config.combinedVisits).toEqual([]);
  });

  it('accepts a visit and fills its optional fields', () => {
    const parsed = parseHallConfig(hall([visit({ departmentId: undefined })]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config.combinedVisits).toEqual([
      {
        id: 'start',
        departmentId: null,
        name: { zh: '开办企业一件事', en: 'Starting a business' },
        description: null,
        steps: [{ serviceIds: ['open'] }, { serviceIds: ['tax', 'social'] }],
      },
    ]);
  });

  it('names every wrong field of a visit', () => {
    const errors = errorsOf(
      hall([
        visit(),
        visit({
          departmentId: 'nowhere',
          name: { zh: ' ', en: 'x' },
          steps: [{ serviceIds: ['open', 'ghost'] }, { serviceIds: ['old', 'open'] }],
        }),
      ]),
    );
    expect(errors).toEqual([
      'combinedVisits.1.name.zh: Too small: expected string to have >=1 characters',
      'combinedVisits.1.id: duplicate id "start"',
      'combinedVisits.1.departmentId: no department "nowhere"',
      'combinedVisits.1.steps.0.serviceIds.1: no service "ghost"',
      'combinedVisits.1.steps.1.serviceIds.0: service "old" is disabled',
      'combinedVisits.1.steps.1.serviceIds.1: service "open" appears twice in the visit',
    ]);
  });

  it('may take a service disabled after the visit was made (the live configuration)', () => {
    const steps = [{ serviceIds: ['old'] }, { serviceIds: ['open'] }];
    expect(parseHallConfig(hall([visit({ steps })])).ok).toBe(true);
    const parsed = parseHallConfig(hall([visit({ steps })]));
    expect(parsed.ok && disabledServiceIssues(parsed.config, 'start')).toEqual([
      'combinedVisits.0.steps.0.serviceIds.0: service "old" is disabled',
    ]);
    expect(parsed.ok && disabledServiceIssues(parsed.config, 'other')).toEqual([]);
  });

  it('limits steps and services per step to six, and refuses empty ones', () => {
    const seven = Array.from({ length: 7 }, () => ({ serviceIds: ['open'] }));
    expect(errorsOf(hall([visit({ steps: seven })]))[0]).toMatch(/^combinedVisits\.0\.steps: /);
    expect(errorsOf(hall([visit({ steps: [] })]))[0]).toMatch(/^combinedVisits\.0\.steps: /);
    const wide = [{ serviceIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }];
    expect(errorsOf(hall([visit({ steps: wide })]))[0]).toMatch(
      /^combinedVisits\.0\.steps\.0\.serviceIds: /,
    );
    expect(errorsOf(hall([visit({ steps: [{ serviceIds: [] }] })]))[0]).toMatch(
      /^combinedVisits\.0\.steps\.0\.serviceIds: /,
    );
    expect(errorsOf(hall([visit({ colour: 'red' })]))[0]).toMatch(/^combinedVisits\.0: /);
  });
});
