import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { parseHallFile, type ConfigChange } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { said } from './support/acks.js';
import { HubTestHall } from './support/hall.js';

/*
 * Control characters, line breaks and invisible format characters are refused in every text of
 * the hall's configuration, with the field named: a service name holding `ESC p NUL` (a cash
 * drawer's pulse) or `GS V` (a cut) once reached the kiosk's printer as commands.
 */

const DRAWER = '\u001bp\u0000\u0019\u0019';
const CUT = '\u001dV\u0000';

let hall: HubTestHall;
let admin: HubClient<'admin'>;
beforeAll(async () => {
  hall = await HubTestHall.start();
  admin = await hall.client('admin', await hall.login());
});
afterAll(async () => {
  await hall.close();
});

const service = DEMO_HALL.services[0];
const department = DEMO_HALL.departments[0];
const window = DEMO_HALL.windows[0];
const staff = DEMO_HALL.staff[0];
const visit = DEMO_HALL.combinedVisits?.[0];

/** Each change, and the field its refusal must name. */
function cases(): { label: string; change: ConfigChange; field: RegExp }[] {
  if (!service || !department || !window || !staff || !visit) throw new Error('demo hall');
  const h = DEMO_HALL.hall;
  return [
    {
      label: 'service name with ESC p NUL',
      change: {
        kind: 'service',
        service: { ...service, name: { ...service.name, zh: `开${DRAWER}办` } },
      },
      field: /name\.zh: .*\(found U\+001B at 2\)/,
    },
    {
      label: 'service name with GS V',
      change: {
        kind: 'service',
        service: { ...service, name: { ...service.name, en: `Cut${CUT}` } },
      },
      field: /name\.en: .*\(found U\+001D at 4\)/,
    },
    {
      label: 'department name with a right-to-left override',
      change: {
        kind: 'department',
        department: { ...department, name: { ...department.name, en: 'Tax\u202eoffice' } },
      },
      field: /name\.en: .*U\+202E/,
    },
    {
      label: 'window name with a line break',
      change: { kind: 'window', window: { ...window, name: { ...window.name, zh: '一号\n窗口' } } },
      field: /name\.zh: .*U\+000A/,
    },
    {
      label: 'staff name with a zero-width space',
      change: { kind: 'staff', staff: { ...staff, name: 'Li\u200bMing' } },
      field: /name: .*U\+200B/,
    },
    {
      label: 'notice with a C1 control (NEL)',
      change: { kind: 'notice', notice: { zh: '请\u0085携带', en: 'Bring your ID' } },
      field: /notice\.zh: .*U\+0085/,
    },
    {
      label: 'notice with DEL',
      change: { kind: 'notice', notice: { zh: '请携带', en: 'Bring\u007f your ID' } },
      field: /notice\.en: .*U\+007F/,
    },
    {
      label: 'hall name with a line separator',
      change: {
        kind: 'hall',
        name: { zh: h.name.zh, en: 'Demo\u2028Hall' },
        languages: h.languages,
        timezone: h.timezone,
      },
      field: /hall\.name\.en: .*U\+2028/,
    },
    {
      label: 'combined visit name with a bidi isolate',
      change: {
        kind: 'combined_visit',
        visit: { ...visit, name: { ...visit.name, zh: '开办\u2066企业' } },
      },
      field: /name\.zh: .*U\+2066/,
    },
    {
      label: 'combined visit description with ESC',
      change: {
        kind: 'combined_visit',
        visit: { ...visit, description: { zh: `说明${DRAWER}`, en: 'About' } },
      },
      field: /description\.zh: .*U\+001B/,
    },
  ];
}

describe('change_config', () => {
  it.each(cases())('refuses a $label, naming the field, and changes nothing', async (c) => {
    const before = JSON.stringify(hall.hub.config);
    const answer = said(await admin.command('change_config', { change: c.change }));
    expect(answer).toMatch(/^invalid_message: /);
    expect(answer).toMatch(c.field);
    expect(answer).toContain(
      'no control characters, line breaks or invisible formatting characters',
    );
    expect(JSON.stringify(hall.hub.config)).toBe(before);
  });

  it('still takes names with spaces, Chinese and other plain punctuation', async () => {
    if (!service) throw new Error('demo hall');
    const name = { zh: '企业开办（含 变更·注销）', en: "Business start-up — change & O'Brien's" };
    expect(
      said(
        await admin.command('change_config', {
          change: { kind: 'service', service: { ...service, name } },
        }),
      ),
    ).toBe('OK');
    expect(hall.hub.config.services.find((s) => s.id === service.id)?.name).toEqual(name);
  });
});

describe('the hall file', () => {
  it('refuses the same characters, naming each field', () => {
    const file = structuredClone(DEMO_HALL);
    const [s0] = file.services;
    const [st0] = file.staff;
    if (!s0 || !st0) throw new Error('demo hall');
    s0.name.zh = `开${DRAWER}办`;
    st0.name = 'Li\u202eMing';
    file.hall.notice = { zh: `请${CUT}`, en: '' };
    const parsed = parseHallFile(file);
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toEqual([
      expect.stringMatching(/^hall\.notice\.zh: no control characters.*U\+001D/),
      expect.stringMatching(/^services\.0\.name\.zh: no control characters.*U\+001B/),
      expect.stringMatching(/^staff\.0\.name: no control characters.*U\+202E/),
    ]);
  });
});
