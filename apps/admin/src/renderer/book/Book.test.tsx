import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState, type BookChange, type BookDayResult } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { Book, type BookApi } from './Book.js';
import { LangContext } from '../strings.js';

afterEach(cleanup);

const FUTURE = Date.UTC(2099, 0, 5, 1, 0); // 09:00 in Shanghai, a Monday far ahead
const HOUR = 3_600_000;

function booked(serviceId: string) {
  const [first] = dayOf(serviceId).bookings;
  if (first === undefined) throw new Error('no booking');
  return first;
}

function dayOf(serviceId: string): BookDayResult {
  return {
    businessDay: '2099-01-05',
    holiday: false,
    slots: [
      { serviceId, at: FUTURE, capacity: 2, booked: 2, remaining: 0 },
      { serviceId, at: FUTURE + HOUR, capacity: 2, booked: 0, remaining: 2 },
    ],
    bookings: [
      {
        id: 'ap-1',
        code: '381920',
        serviceId,
        slotAt: FUTURE,
        channel: 'online',
        status: 'booked',
        phoneMasked: '138****5678',
      },
      {
        id: 'ap-2',
        code: '000417',
        serviceId,
        slotAt: FUTURE,
        channel: 'csv',
        status: 'checked_in',
        phoneMasked: null,
      },
    ],
  };
}

function show(isAdmin: boolean, refuse = false) {
  const config = testHall();
  const serviceId = config.services[0]?.id ?? '';
  config.hall.booking = { slotMinutes: 60, daysAhead: 5, capacity: { [serviceId]: 2 } };
  const changes: BookChange[] = [];
  const api: BookApi = {
    day: vi.fn(() => Promise.resolve({ ok: true as const, result: dayOf(serviceId) })),
    change: vi.fn((change: BookChange) => {
      changes.push(change);
      return Promise.resolve(
        refuse
          ? {
              ok: false as const,
              error: {
                code: 'invalid_message' as const,
                message: 'change.slotAt: the slot holds 2',
                issues: [{ path: 'change.slotAt', code: 'slot_full' as const, params: {} }],
              },
            }
          : {
              ok: true as const,
              result: {
                booking: { ...booked(serviceId), status: 'cancelled' as const },
              },
            },
      );
    }),
  };
  render(
    <LangContext.Provider value="zh">
      <Book api={api} state={initialState(config)} isAdmin={isAdmin} />
    </LangContext.Provider>,
  );
  return { changes, serviceId };
}

describe('the book in the console (预约)', () => {
  it('shows each slot’s places and its bookings, and an admin cancels and moves one', async () => {
    const { changes } = show(true);
    const user = userEvent.setup();
    const table = await screen.findByTestId('book-table');
    expect(within(table).getAllByText(/容量 2 · 已约 2 · 余量 0/)).toHaveLength(1);
    expect(within(table).getByText('138****5678')).toBeTruthy();
    expect(within(table).getByText('网上')).toBeTruthy();
    expect(within(table).getByText('批量导入')).toBeTruthy();
    expect(within(table).getByText('已签到')).toBeTruthy();
    // Only the booked one has actions; the full slot is not offered to move to.
    expect(within(table).getAllByRole('button', { name: '取消预约' })).toHaveLength(1);
    const moveTo = within(table).getByLabelText('改约至 381920');
    expect(within(moveTo).getAllByRole('option')).toHaveLength(2);
    await user.selectOptions(moveTo, String(FUTURE + HOUR));
    await user.click(within(table).getByRole('button', { name: '改约' }));
    await user.click(within(table).getByRole('button', { name: '取消预约' }));
    expect(changes).toEqual([
      { kind: 'move', appointmentId: 'ap-1', slotAt: FUTURE + HOUR },
      { kind: 'cancel', appointmentId: 'ap-1' },
    ]);
  });

  it('adds a booking by hand and words a refusal', async () => {
    const { changes, serviceId } = show(true, true);
    const user = userEvent.setup();
    await screen.findByTestId('book-table');
    const form = screen.getByRole('form', { name: '代为预约' });
    await user.selectOptions(within(form).getByLabelText('事项'), serviceId);
    await user.selectOptions(within(form).getByLabelText('时段'), String(FUTURE + HOUR));
    await user.type(within(form).getByLabelText('手机号'), '13812345678');
    await user.click(within(form).getByRole('button', { name: '代为预约' }));
    expect(changes).toEqual([
      { kind: 'add', serviceId, slotAt: FUTURE + HOUR, phone: '13812345678' },
    ]);
    expect((await screen.findByRole('alert')).textContent).toContain('该时段已约满');
  });

  it('lets a supervisor read the book with no action', async () => {
    show(false);
    const table = await screen.findByTestId('book-table');
    expect(within(table).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByRole('form')).toBeNull();
  });
});
