import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState, type ConfigChange, type HallConfig } from '@onestop/shared';
import { testHall } from '../../../../packages/shared/src/engine/test-fixture.js';
import { Config, isTimezone, isWeekend } from './Config.js';
import type { AdminClient } from './hub.js';
import { LangContext } from './strings.js';

afterEach(cleanup);

/** Renders the configuration in English; the changes it sends are pushed to the array returned. */
function renderConfig(config: HallConfig): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const client = {
    command: (event: string, input: { change?: ConfigChange }) => {
      if (event === 'change_config' && input.change) changes.push(input.change);
      if (event === 'list_devices') return Promise.resolve({ ok: true, result: { devices: [] } });
      return Promise.resolve({ ok: true, result: {} });
    },
  } as unknown as AdminClient;
  render(
    <LangContext.Provider value="en">
      <Config client={client} state={{ ...initialState(config) }} version={0} />
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
    const changes = renderConfig(config);
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
    const changes = renderConfig(config);
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
    const changes = renderConfig(config);
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
    const changes = renderConfig(config);
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

describe('adding a device', () => {
  /** The console with a hub that answers create_device with `answers`, one per click. */
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
        <Config client={client} state={{ ...initialState(testHall()) }} version={0} />
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
