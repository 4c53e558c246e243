import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState, type OutboxView, type OutboxViewStatus } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { Outbox, type OutboxApi } from './Outbox.js';
import { LangContext } from '../strings.js';

afterEach(cleanup);

const ROWS: OutboxView[] = [
  {
    source: 'visitor',
    id: 1,
    kind: 'near',
    subject: 'A001',
    phoneMasked: '138****5678',
    channel: 'sms',
    status: 'sent',
    attempts: 1,
    lastError: null,
    createdAt: Date.UTC(2026, 10, 27, 1, 0),
    sentAt: Date.UTC(2026, 10, 27, 1, 0),
  },
  {
    source: 'case',
    id: 4,
    kind: 'case_alert',
    subject: '2026-11-27/M001',
    phoneMasked: '139****0000',
    channel: 'sms',
    status: 'failed',
    attempts: 8,
    lastError: 'HTTP 500',
    createdAt: Date.UTC(2026, 10, 27, 2, 0),
    sentAt: null,
  },
];

function show(isAdmin: boolean) {
  const asked: (OutboxViewStatus | null)[] = [];
  const resent: OutboxView[] = [];
  const api: OutboxApi = {
    list: vi.fn((status: OutboxViewStatus | null) => {
      asked.push(status);
      const rows = ROWS.filter((r) => status === null || r.status === status);
      return Promise.resolve({ ok: true as const, result: { businessDay: '2026-11-27', rows } });
    }),
    resend: vi.fn((row: OutboxView) => {
      resent.push(row);
      return Promise.resolve({
        ok: true as const,
        result: { row: { ...row, status: 'retrying' as const } },
      });
    }),
  };
  render(
    <LangContext.Provider value="zh">
      <Outbox api={api} state={initialState(testHall())} isAdmin={isAdmin} />
    </LangContext.Provider>,
  );
  return { asked, resent };
}

describe('the outbox in the console (通知)', () => {
  it('lists today’s messages, filters by status, and an admin sends a failed one again', async () => {
    const { asked, resent } = show(true);
    const user = userEvent.setup();
    const table = screen.getByTestId('outbox-table');
    expect(await within(table).findByText('工单提醒')).toBeTruthy();
    expect(within(table).getByText('即将叫到')).toBeTruthy();
    expect(within(table).getByText('HTTP 500')).toBeTruthy();
    // Only the failed one can be sent again.
    const buttons = within(table).getAllByRole('button', { name: '重新发送' });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0] as HTMLElement);
    expect(resent.map((r) => [r.source, r.id])).toEqual([['case', 4]]);
    await user.click(screen.getByRole('button', { name: '发送失败' }));
    expect(asked).toContain('failed');
    await vi.waitFor(() => expect(within(table).queryByText('即将叫到')).toBeNull());
  });

  it('shows a supervisor the list read-only', async () => {
    show(false);
    const table = screen.getByTestId('outbox-table');
    expect(await within(table).findByText('HTTP 500')).toBeTruthy();
    expect(within(table).queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText('仅管理员可重新发送失败的通知。')).toBeTruthy();
  });
});
