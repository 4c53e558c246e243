import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState, type ConfigChange, type HallConfig, type Refusal } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { OnlinePanel } from './OnlinePanel.js';
import { LangContext } from '../strings.js';

afterEach(cleanup);

/** The page on a hall set up by `edit`; `save` answers every change with `answer`. */
function show(edit: (c: HallConfig) => void = () => undefined, answer: Refusal | null = null) {
  const save = vi.fn((_change: ConfigChange) => Promise.resolve(answer));
  const config = testHall();
  edit(config);
  render(
    <LangContext.Provider value="zh">
      <OnlinePanel state={initialState(config)} save={save} />
    </LangContext.Provider>,
  );
  return { changes: () => save.mock.calls.map(([change]) => change) };
}

describe('booking and remote numbers in the console (预约与远程取号)', () => {
  it('opens online booking with a capacity per service, an empty one not bookable', async () => {
    const { changes } = show();
    const user = userEvent.setup();
    const panel = within(screen.getByTestId('config-booking'));
    const capacity = panel.getByLabelText<HTMLInputElement>('A 婚姻登记');
    expect(capacity.disabled).toBe(true);
    await user.click(panel.getByLabelText('开放网上预约'));
    await user.type(capacity, '4');
    const days = panel.getByLabelText('可提前预约天数（1–60，当天不可预约）');
    await user.clear(days);
    await user.type(days, '14');
    await user.click(panel.getByRole('button', { name: '保存' }));
    expect(changes()).toEqual([
      { kind: 'booking', booking: { slotMinutes: 30, daysAhead: 14, capacity: { marriage: 4 } } },
    ]);
  });

  it('turns online booking off', async () => {
    const { changes } = show((c) => {
      c.hall.booking = { slotMinutes: 20, daysAhead: 3, capacity: { marriage: 2 } };
    });
    const user = userEvent.setup();
    const panel = within(screen.getByTestId('config-booking'));
    expect(panel.getByLabelText<HTMLInputElement>('A 婚姻登记').value).toBe('2');
    await user.click(panel.getByLabelText('开放网上预约'));
    await user.click(panel.getByRole('button', { name: '保存' }));
    expect(changes()).toEqual([{ kind: 'booking', booking: null }]);
  });

  it('shows a refused capacity under its service, in words (the browser already stops 5000)', async () => {
    show(
      (c) => {
        c.hall.booking = { slotMinutes: 30, daysAhead: 7, capacity: {} };
      },
      {
        code: 'invalid_message',
        message: 'hall.booking.capacity.marriage: no service "marriage"',
        issues: [
          {
            path: 'hall.booking.capacity.marriage',
            code: 'no_service',
            params: { id: 'marriage' },
          },
        ],
      },
    );
    const user = userEvent.setup();
    const panel = within(screen.getByTestId('config-booking'));
    const field = panel.getByLabelText<HTMLInputElement>('A 婚姻登记');
    await user.type(field, '5000');
    expect(field.validity.rangeOverflow).toBe(true);
    await user.clear(field);
    await user.type(field, '3');
    await user.click(panel.getByRole('button', { name: '保存' }));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const alert = panel.getByRole('alert');
    expect(field.getAttribute('aria-describedby')).toBe(alert.id);
    expect(alert.textContent).toBe('每个时段可约人数 (marriage)：没有业务“marriage”');
    expect(panel.getByLabelText('B 户籍证明').getAttribute('aria-invalid')).toBeNull();
  });

  it('offers remote numbers for the services ticked, in the hall order', async () => {
    const { changes } = show();
    const user = userEvent.setup();
    const panel = within(screen.getByTestId('config-remote'));
    await user.click(panel.getByLabelText('开放远程取号'));
    await user.click(panel.getByLabelText('C 发票领用'));
    await user.click(panel.getByLabelText('A 婚姻登记'));
    const perPhone = panel.getByLabelText('每个手机号每天可取号数（1–10）');
    await user.clear(perPhone);
    await user.type(perPhone, '2');
    await user.click(panel.getByRole('button', { name: '保存' }));
    expect(changes()).toEqual([
      {
        kind: 'remote',
        remote: {
          enabled: true,
          confirmWithinMinutes: 15,
          serviceIds: ['marriage', 'invoice'],
          perPhonePerDay: 2,
        },
      },
    ]);
  });
});
