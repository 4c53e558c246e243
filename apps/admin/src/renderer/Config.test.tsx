import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { initialState, type ConfigChange } from '@onestop/shared';
import { testHall } from '../../../../packages/shared/src/engine/test-fixture.js';
import { Config, isWeekend } from './Config.js';
import type { AdminClient } from './hub.js';
import { LangContext } from './strings.js';

describe('the calendar form', () => {
  it('knows the weekend', () => {
    expect(isWeekend('2025-09-28')).toBe(true); // a Sunday
    expect(isWeekend('2025-10-04')).toBe(true); // a Saturday
    expect(isWeekend('2025-09-29')).toBe(false); // a Monday
  });

  it('adds holidays and weekend workdays, refuses a weekday worked, and saves both', async () => {
    const changes: ConfigChange[] = [];
    const client = {
      command: (event: string, input: { change?: ConfigChange }) => {
        if (event === 'change_config' && input.change) changes.push(input.change);
        if (event === 'list_devices') return Promise.resolve({ ok: true, result: { devices: [] } });
        return Promise.resolve({ ok: true, result: {} });
      },
    } as unknown as AdminClient;
    const config = testHall();
    config.hall.holidays = ['2025-10-01'];
    render(
      <LangContext.Provider value="en">
        <Config client={client} state={{ ...initialState(config) }} version={0} />
      </LangContext.Provider>,
    );
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
