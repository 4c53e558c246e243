import { describe, expect, it } from 'vitest';
import type { HallConfig } from '@onestop/shared';
import { DEMO_HALL } from '../../demo.js';
import { DIFF_MAX_CHANGES, diffConfig } from './config-diff.js';

const copy = (): HallConfig => structuredClone(DEMO_HALL);

describe('the configuration diff', () => {
  it('finds nothing between equal configurations', () => {
    expect(diffConfig(copy(), copy())).toEqual({ changes: [], more: 0 });
  });

  it('names the fields changed, with their values before and after', () => {
    const after = copy();
    const open = after.services.find((s) => s.id === 'biz-open');
    const w12 = after.windows.find((w) => w.id === 'w12');
    if (!open || !w12) throw new Error('demo hall changed');
    open.name.zh = '企业开办（新）';
    w12.services = [
      { serviceId: 'fund', weight: 3 },
      { serviceId: 'invoice', weight: 2 },
    ];
    after.hall.holidays = ['2030-10-01', '2030-10-02'];
    after.hall.policy.recallLimit = 5;
    expect(diffConfig(copy(), after).changes).toEqual([
      {
        section: 'hall',
        item: null,
        change: 'changed',
        field: 'policy.recallLimit',
        from: String(DEMO_HALL.hall.policy.recallLimit),
        to: '5',
      },
      {
        section: 'hall',
        item: null,
        change: 'changed',
        field: 'holidays',
        from: '',
        to: '2030-10-01, 2030-10-02',
      },
      {
        section: 'services',
        item: 'biz-open',
        change: 'changed',
        field: 'name.zh',
        from: '企业开办',
        to: '企业开办（新）',
      },
      ...[
        ['services.social', '1', null],
        ['services.medical', '1', null],
        ['services.invoice', '1', '2'],
      ].map(([field, from, to]) => ({
        section: 'windows',
        item: 'w12',
        change: 'changed',
        field,
        from,
        to,
      })),
    ]);
  });

  it('lists the items added and removed by id, named by their Chinese name', () => {
    const after = copy();
    after.windows = after.windows.filter((w) => w.id !== 'w9');
    after.departments.push({ id: 'civil', name: { zh: '民政局', en: 'Civil Affairs' } });
    after.staff = after.staff.filter((s) => s.code !== 'C12');
    const changes = diffConfig(copy(), after).changes;
    expect(changes).toContainEqual({
      section: 'windows',
      item: 'w9',
      change: 'removed',
      field: '',
      from: '不动产登记',
      to: null,
    });
    expect(changes).toContainEqual({
      section: 'departments',
      item: 'civil',
      change: 'added',
      field: '',
      from: null,
      to: '民政局',
    });
    expect(changes.filter((c) => c.section === 'staff').map((c) => [c.item, c.change])).toEqual([
      ['C12', 'removed'],
    ]);
  });

  it('caps the list and the values, counting what it left out', () => {
    const after = copy();
    for (const w of after.windows) w.name = { zh: `${w.name.zh}（新）`, en: 'x'.repeat(200) };
    for (const s of after.services) s.name = { zh: `${s.name.zh}（新）`, en: 'y' };
    const diff = diffConfig(copy(), after);
    expect(diff.changes).toHaveLength(DIFF_MAX_CHANGES);
    expect(diff.more).toBe((after.windows.length + after.services.length) * 2 - DIFF_MAX_CHANGES);
    const long = diff.changes.find((c) => c.item === 'w1' && c.field === 'name.en');
    expect(long?.to?.length).toBe(80);
    expect(long?.to?.endsWith('…')).toBe(true);
  });
});
