import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  initialState,
  type ConfigChange,
  type HallConfig,
  type HallState,
  type RefusalIssue,
} from '@onestop/shared';
import { EngineTestHall, testHall } from '@onestop/shared/testing';
import type { ConfigPageId } from '../route.js';
import type { AdminClient } from '../hub.js';
import { LangContext } from '../strings.js';
import { Config } from './Config.js';
import { isTimezone } from './HallPanel.js';
import { isWeekend } from './HoursPanel.js';

afterEach(cleanup);

/**
 * Renders a sub-page of the configuration in English; the changes it sends are pushed to the
 * array returned.
 */
function renderConfig(
  config: HallConfig,
  page: ConfigPageId,
  changes: ConfigChange[] = [],
  options: { refuse?: RefusalIssue; state?: HallState; item?: string } = {},
): ConfigChange[] {
  const client = {
    command: (event: string, input: { change?: ConfigChange }) => {
      if (event === 'change_config' && input.change) {
        changes.push(input.change);
        if (options.refuse !== undefined)
          return Promise.resolve({
            ok: false,
            error: { code: 'invalid_message', message: 'refused', issues: [options.refuse] },
          });
      }
      if (event === 'list_devices') return Promise.resolve({ ok: true, result: { devices: [] } });
      return Promise.resolve({ ok: true, result: {} });
    },
  } as unknown as AdminClient;
  render(
    <LangContext.Provider value="en">
      <Config
        client={client}
        state={options.state ?? { ...initialState(config) }}
        version={0}
        page={page}
        item={options.item ?? null}
        onItem={() => undefined}
      />
    </LangContext.Provider>,
  );
  return changes;
}

describe('the calendar form', () => {
  it('knows the weekend', () => {
    expect(isWeekend('2025-09-28')).toBe(true); // a Sunday
    expect(isWeekend('2025-10-04')).toBe(true); // a Saturday
    expect(isWeekend('2025-09-29')).toBe(false); // a Monday
  });

  it('adds holidays and weekend workdays, refuses a weekday worked, and saves both', async () => {
    const config = testHall();
    config.hall.holidays = ['2025-10-01'];
    const changes = renderConfig(config, 'hours');
    const form = screen.getByTestId('config-calendar');
    const holidays = within(form).getByRole('list', { name: 'Closed days (holidays)' });
    expect(within(holidays).getByText('2025-10-01')).toBeTruthy();
    const add = (label: string, day: string) => {
      const input = within(form).getByLabelText(label, { selector: 'input' });
      fireEvent.change(input, { target: { value: day } });
      fireEvent.submit(input);
    };
    add('Closed days (holidays)', '2025-10-04');
    add('Weekend days worked', '2025-09-29');
    expect(within(form).getByRole('alert').textContent).toBe(
      'An extra workday must be a Saturday or a Sunday',
    );
    add('Weekend days worked', '2025-10-04');
    expect(within(form).getByRole('alert').textContent).toBe('That date is already a closed day');
    add('Weekend days worked', '2025-09-28');
    expect(within(form).queryByRole('alert')).toBeNull();
    await userEvent.click(within(form).getByRole('button', { name: 'Remove 2025-10-01' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(changes).toEqual([
      { kind: 'calendar', holidays: ['2025-10-04'], extraWorkdays: ['2025-09-28'] },
    ]);
  });
});

describe('the hall form', () => {
  it('knows an IANA timezone as the hub does', () => {
    expect(isTimezone('Asia/Shanghai')).toBe(true);
    expect(isTimezone('America/New_York')).toBe(true);
    expect(isTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimezone('')).toBe(false);
    expect(isTimezone(' Asia/Shanghai')).toBe(false);
  });

  it('saves the names, the languages with the default first, and the timezone; names what is wrong first', async () => {
    const config = testHall();
    const changes = renderConfig(config, 'hall');
    const form = within(screen.getByTestId('config-hall'));
    const user = userEvent.setup();
    const zh = form.getByLabelText('Hall name (Chinese)');
    const tz = form.getByLabelText('Timezone (IANA name)');
    await user.clear(zh);
    await user.clear(tz);
    await user.type(tz, 'Mars/Base');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(form.getByRole('alert').textContent).toBe(
      'Fill in both names；The timezone must be an IANA name such as Asia/Shanghai',
    );
    expect(changes).toEqual([]);
    await user.type(zh, '政务服务中心');
    await user.clear(tz);
    await user.type(tz, 'Asia/Urumqi');
    await user.selectOptions(form.getByLabelText('Default language'), 'en');
    await user.click(form.getByRole('button', { name: 'Save' }));
    await user.click(form.getByLabelText(/Also offer the other language/));
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(changes).toEqual([
      {
        kind: 'hall',
        name: { zh: '政务服务中心', en: config.hall.name.en },
        languages: ['en', 'zh'],
        timezone: 'Asia/Urumqi',
      },
      {
        kind: 'hall',
        name: { zh: '政务服务中心', en: config.hall.name.en },
        languages: ['en'],
        timezone: 'Asia/Urumqi',
      },
    ]);
  });
});

describe('new departments, services and windows', () => {
  it('sends each new item whole, with its department and its services', async () => {
    const config = testHall();
    const changes = renderConfig(config, 'services');
    const user = userEvent.setup();
    const fill = async (scope: HTMLElement, label: string, text: string) => {
      const input = within(scope).getByLabelText(label);
      await user.clear(input);
      await user.type(input, text);
    };
    const departments = screen.getByTestId('config-departments').parentElement as HTMLElement;
    await fill(departments, 'Id (letters, digits, -)', 'civil');
    await fill(departments, 'Name (Chinese)', '民政局');
    await fill(departments, 'Name (English)', 'Civil Affairs');
    await user.click(within(departments).getByRole('button', { name: 'Add a department' }));

    const service = screen.getByTestId('new-service');
    await fill(service, 'Prefix', 'l');
    await fill(service, 'Id (letters, digits, -)', 'marriage');
    await fill(service, 'Name (Chinese)', '婚姻登记');
    await fill(service, 'Name (English)', 'Marriage');
    await user.click(within(service).getByRole('button', { name: 'Add a service' }));

    cleanup();
    renderConfig(config, 'windows', changes);
    const window = screen.getByTestId('new-window');
    await fill(window, 'Id (letters, digits, -)', 'w9');
    await fill(window, 'Name (Chinese)', '九号');
    await fill(window, 'Name (English)', 'Nine');
    // Ticked: the first in tier 2 (its own department), one of another department's in tier 1.
    await user.click(within(window).getByLabelText('New window Marriage registration'));
    await user.click(within(window).getByLabelText('New window Tax returns'));
    expect(
      within(window).getByLabelText<HTMLSelectElement>('New window Tax returns tier').value,
    ).toBe('1');
    await user.click(within(window).getByLabelText('New window Invoices'));
    await user.selectOptions(within(window).getByLabelText('New window Invoices tier'), '3');
    await user.click(within(window).getByLabelText('New window Invoices'));
    await user.click(within(window).getByRole('button', { name: 'Add a window' }));

    const max = Math.max(...config.windows.map((w) => w.number));
    expect(changes).toEqual([
      {
        kind: 'department',
        department: { id: 'civil', name: { zh: '民政局', en: 'Civil Affairs' } },
      },
      {
        kind: 'service',
        service: {
          id: 'marriage',
          departmentId: config.departments[0]?.id,
          prefix: 'L',
          name: { zh: '婚姻登记', en: 'Marriage' },
          dailyQuota: null,
          hours: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }],
          defaultMinutes: 10,
          enabled: true,
        },
      },
      {
        kind: 'window',
        window: {
          id: 'w9',
          number: max + 1,
          name: { zh: '九号', en: 'Nine' },
          services: [
            { serviceId: 'marriage', weight: 2 },
            { serviceId: 'tax', weight: 1 },
          ],
        },
      },
    ]);
  });
});

describe("a window's services", () => {
  it("lists the hall's services by department, ticked with their tiers, and saves the change", async () => {
    const config = testHall();
    const changes = renderConfig(config, 'windows');
    const user = userEvent.setup();
    const row = screen.getByTestId('config-windows').querySelector('tr[data-window="w2"]');
    if (!(row instanceof HTMLElement)) throw new Error('no row for w2');
    const editor = within(row).getByRole('group', { name: 'w2 Services and tiers' });
    expect(within(editor).getByText('Civil Affairs')).toBeTruthy();
    expect(within(editor).getByText('Taxation')).toBeTruthy();
    const ticked = (name: string) => within(editor).getByLabelText<HTMLInputElement>(name).checked;
    expect(ticked('w2 Residence certificate')).toBe(true);
    expect(ticked('w2 Invoices')).toBe(false);
    expect(within(editor).queryByLabelText('w2 Invoices tier')).toBeNull();
    const tier = within(editor).getByLabelText<HTMLSelectElement>('w2 Marriage registration tier');
    expect(tier.value).toBe('1');
    expect(tier.selectedOptions[0]?.textContent).toBe('Helping 1');
    await user.selectOptions(tier, '2');
    await user.click(within(editor).getByLabelText('w2 Residence certificate'));
    await user.click(within(editor).getByLabelText('w2 Invoices'));
    await user.click(within(row).getByRole('button', { name: 'Save' }));
    expect(changes).toEqual([
      {
        kind: 'window',
        window: {
          ...config.windows[1],
          services: [
            { serviceId: 'marriage', weight: 2 },
            { serviceId: 'invoice', weight: 1 },
          ],
        },
      },
    ]);
  });
});

describe('the side navigation', () => {
  it('links every sub-page, the current one marked, and shows only that one', () => {
    renderConfig(testHall(), 'policy');
    const nav = screen.getByRole('navigation', { name: 'Configuration pages' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      'The hall',
      'Departments & services',
      'Windows',
      'Call policy',
      'Hours',
      'Staff',
      'Devices',
      'Combined visits',
      'Notice',
      'Service guide',
      'Booking and remote numbers',
    ]);
    expect(links.map((a) => a.getAttribute('href'))).toContain('#/config/hours');
    expect(within(nav).getByRole('link', { current: 'page' }).textContent).toBe('Call policy');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Call policy');
    expect(screen.getByTestId('config-policy')).toBeTruthy();
    expect(screen.queryByTestId('config-services')).toBeNull();
    expect(screen.queryByTestId('config-hall')).toBeNull();
  });
});

describe("a service's hours by weekday", () => {
  const split = (config: HallConfig) => {
    const tax = config.services.find((s) => s.id === 'tax');
    if (!tax) throw new Error('no tax service');
    tax.hours = [
      { days: [1, 2, 3, 4, 5], open: '09:00', close: '12:00' },
      { days: [1, 2, 3, 4, 5], open: '13:30', close: '17:00' },
      { days: [6], open: '09:00', close: '12:00' },
    ];
    return config;
  };

  it('shows each weekday with its periods or closed, unchanged until edited', () => {
    renderConfig(split(testHall()), 'hours', [], { item: 'tax' });
    const editor = screen.getByTestId('week-editor');
    const value = (label: string) => within(editor).getByLabelText<HTMLInputElement>(label).value;
    expect(value('Mon 1 opens')).toBe('09:00');
    expect(value('Mon 2 closes')).toBe('17:00');
    expect(value('Sat 1 closes')).toBe('12:00');
    expect(within(editor).queryByLabelText('Sat 2 opens')).toBeNull();
    expect(within(editor).getByLabelText<HTMLInputElement>('Sun Open').checked).toBe(false);
    expect(within(editor).getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    const list = screen.getByTestId('hours-list');
    expect(
      within(list).getByText('Mon–Fri 09:00–12:00, 13:30–17:00; Sat 09:00–12:00'),
    ).toBeTruthy();
  });

  it('saves a week edited day by day as rules with their weekdays', async () => {
    const config = split(testHall());
    const changes = renderConfig(config, 'hours', [], { item: 'tax' });
    const user = userEvent.setup();
    const editor = screen.getByTestId('week-editor');
    // Saturday closed; Friday afternoon ends at 16:00; Sunday opens 10:00–12:00.
    await user.click(within(editor).getByLabelText('Sat Open'));
    const fri = within(editor).getByLabelText('Fri 2 closes');
    await user.clear(fri);
    await user.type(fri, '16:00');
    await user.click(within(editor).getByLabelText('Sun Open'));
    expect(within(editor).getByLabelText<HTMLInputElement>('Sun 1 opens').value).toBe('09:00');
    await user.click(within(editor).getByRole('button', { name: 'Sun 2 Remove' }));
    const sunOpen = within(editor).getByLabelText('Sun 1 opens');
    await user.clear(sunOpen);
    await user.type(sunOpen, '10:00');
    const sunClose = within(editor).getByLabelText('Sun 1 closes');
    await user.clear(sunClose);
    await user.type(sunClose, '12:00');
    await user.click(within(editor).getByRole('button', { name: 'Save' }));
    const tax = config.services.find((s) => s.id === 'tax');
    expect(changes).toEqual([
      {
        kind: 'service',
        service: {
          ...tax,
          hours: [
            { days: [1, 2, 3, 4, 5], open: '09:00', close: '12:00' },
            { days: [1, 2, 3, 4], open: '13:30', close: '17:00' },
            { days: [5], open: '13:30', close: '16:00' },
            { days: [7], open: '10:00', close: '12:00' },
          ],
        },
      },
    ]);
  });

  it("shows the hub's refusal at the weekday and period it names", async () => {
    const config = split(testHall());
    renderConfig(config, 'hours', [], {
      item: 'tax',
      refuse: { path: 'change.service.hours.2.close', code: 'open_before_close', params: {} },
    });
    const user = userEvent.setup();
    const editor = screen.getByTestId('week-editor');
    // Wednesday's afternoon closes before it opens: rule 2 of the week written back.
    const wed = within(editor).getByLabelText('Wed 2 closes');
    await user.clear(wed);
    await user.type(wed, '12:30');
    await user.click(within(editor).getByRole('button', { name: 'Save' }));
    const alert = await within(editor).findByRole('alert');
    expect(alert.textContent).toBe('Hours: opening must be before closing');
    // Under Wednesday's row, and the field marked and described by it.
    const row = editor.querySelector('tr[data-weekday="Wed"]');
    expect(row?.nextElementSibling?.contains(alert)).toBe(true);
    expect(wed.getAttribute('aria-invalid')).toBe('true');
    expect(wed.getAttribute('aria-describedby')).toBe(alert.id);
    expect(within(editor).getByLabelText('Wed 2 opens').getAttribute('aria-invalid')).toBeNull();
    expect(within(editor).getByLabelText('Mon 2 closes').getAttribute('aria-invalid')).toBeNull();
    expect(within(editor).getAllByRole('alert')).toHaveLength(1);
  });
});

describe('a refused service', () => {
  it('shows the refusal under its own row, marking the field', async () => {
    renderConfig(testHall(), 'services', [], {
      refuse: { path: 'services.3.prefix', code: 'duplicate', params: { value: 'A' } },
    });
    const user = userEvent.setup();
    const table = screen.getByTestId('config-services');
    const row = table.querySelector('tr[data-service="tax"]');
    if (!(row instanceof HTMLElement)) throw new Error('no row for tax');
    const prefix = within(row).getByLabelText('tax Prefix');
    await user.clear(prefix);
    await user.type(prefix, 'a');
    await user.click(within(row).getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Prefix: "A" is already used');
    expect(row.nextElementSibling?.contains(alert)).toBe(true);
    expect(prefix.getAttribute('aria-invalid')).toBe('true');
    expect(prefix.getAttribute('aria-describedby')).toBe(alert.id);
    expect(
      within(row).getByLabelText('tax Name (Chinese)').getAttribute('aria-invalid'),
    ).toBeNull();
  });
});

describe('disabling a service', () => {
  it('asks first when people wait for it, saying how many; Cancel keeps it', async () => {
    const hall = EngineTestHall.open();
    hall.issue('tax');
    hall.issue('tax');
    hall.issue('marriage');
    const changes = renderConfig(hall.state.config, 'services', [], { state: hall.state });
    const user = userEvent.setup();
    const row = screen.getByTestId('config-services').querySelector('tr[data-service="tax"]');
    if (!(row instanceof HTMLElement)) throw new Error('no row for tax');
    await user.click(within(row).getByLabelText('tax Enabled'));
    await user.click(within(row).getByRole('button', { name: 'Save' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable “Tax returns”?' });
    expect(within(dialog).getByTestId('disable-waiting').textContent).toMatch(
      /^2 people are waiting for this service\./,
    );
    expect(changes).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(changes).toEqual([]);
    await user.click(within(row).getByRole('button', { name: 'Save' }));
    await user.click(screen.getByRole('button', { name: 'Disable it' }));
    expect(changes).toEqual([
      {
        kind: 'service',
        service: { ...hall.state.config.services.find((s) => s.id === 'tax'), enabled: false },
      },
    ]);
  });

  it('does not ask when nobody waits for it', async () => {
    const changes = renderConfig(testHall(), 'services');
    const user = userEvent.setup();
    const row = screen.getByTestId('config-services').querySelector('tr[data-service="tax"]');
    if (!(row instanceof HTMLElement)) throw new Error('no row for tax');
    await user.click(within(row).getByLabelText('tax Enabled'));
    await user.click(within(row).getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(changes).toHaveLength(1);
  });
});

describe('adding a device', () => {
  /** The devices sub-page with a hub that answers create_device with `answers`, one per click. */
  function renderDevices(answers: { pairingCode: string | null; expiresAt: number | null }[]) {
    const client = {
      command: (event: string) => {
        if (event === 'list_devices') return Promise.resolve({ ok: true, result: { devices: [] } });
        if (event === 'create_device') {
          const next = answers.shift();
          return Promise.resolve({ ok: true, result: { deviceId: 'dev-1', ...next } });
        }
        return Promise.resolve({ ok: true, result: {} });
      },
    } as unknown as AdminClient;
    render(
      <LangContext.Provider value="en">
        <Config
          client={client}
          state={{ ...initialState(testHall()) }}
          version={0}
          page="devices"
          item={null}
          onItem={() => undefined}
        />
      </LangContext.Provider>,
    );
  }

  it('shows the pairing code, and says so when a retry finds the device paired already (no code)', async () => {
    renderDevices([
      { pairingCode: 'ABCD2345', expiresAt: 1 },
      { pairingCode: null, expiresAt: null },
    ]);
    const user = userEvent.setup();
    const add = screen.getByRole('button', { name: 'Add a device and get its pairing code' });
    const form = within(add.closest('form') as HTMLElement);
    await user.type(form.getByRole('textbox', { name: 'Name' }), 'Kiosk 9');
    await user.click(add);
    expect((await screen.findByText('ABCD2345')).tagName).toBe('B');
    expect(screen.queryByRole('alert')).toBeNull();

    await user.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This device has paired or was unpaired since: no new pairing code is made',
    );
    expect(screen.queryByText('ABCD2345')).toBeNull();
  });
});
