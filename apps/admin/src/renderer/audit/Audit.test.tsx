import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditMessage, Lang, RefusalIssue } from '@onestop/shared';
import { EngineTestHall } from '@onestop/shared/testing';
import { Audit } from './Audit.js';
import type { AdminClient } from '../hub.js';
import { LangContext } from '../strings.js';

/* The audit page over a scripted admin client: what a search answers, in the page's words. */

afterEach(cleanup);

type Answer =
  | { ok: true; result: { entries: AuditEntry[]; more: boolean } }
  | { ok: false; error: { code: 'invalid_message'; message: string; issues: RefusalIssue[] } };

/** Renders the page; each audit query is pushed to the array returned, answered by `answer`. */
function show(answer: Answer | ((q: AuditMessage) => Answer), lang: Lang = 'zh'): AuditMessage[] {
  const hall = EngineTestHall.open();
  const queries: AuditMessage[] = [];
  const client = {
    command: (event: string, q: AuditMessage) => {
      if (event !== 'audit') return Promise.resolve({ ok: true, result: { devices: [] } });
      queries.push(q);
      return Promise.resolve(typeof answer === 'function' ? answer(q) : answer);
    },
  } as unknown as AdminClient;
  render(
    <LangContext.Provider value={lang}>
      <Audit client={client} state={hall.state} />
    </LangContext.Provider>,
  );
  return queries;
}

const called: AuditEntry = {
  event: {
    type: 'ticket_called',
    ticketId: '2025-03-03/A001',
    windowId: 'w3',
    staffCode: '1003',
    serviceId: 'marriage',
    reason: 'fifo',
    at: Date.parse('2025-03-03T01:05:00Z'),
    seq: 12,
  },
  actor: { kind: 'staff', staffCode: '1003', deviceId: null },
};

describe('audit page', () => {
  it('shows each event in words, its raw record one click away', async () => {
    show({ ok: true, result: { entries: [called], more: false } });
    await userEvent.click(screen.getByRole('button', { name: '搜索' }));
    const table = screen.getByTestId('audit-table');
    await within(table).findByText('A001 · 3 号窗口 · 1003 张伟 · 婚姻登记 · 先到先办');
    expect(table.textContent).not.toContain('没有符合条件的记录');
    const raw = within(table).getByText('原始数据');
    await userEvent.click(raw);
    expect(
      within(table)
        .getByText(/"windowId":"w3"/)
        .closest('details')?.open,
    ).toBe(true);
  });

  it('says so in words when nothing matches', async () => {
    show({ ok: true, result: { entries: [], more: false } }, 'en');
    await within(screen.getByTestId('audit-table')).findByText('No matching events');
  });

  it('shows the latest events on open, newest first, and loads earlier ones before the last shown', async () => {
    const entry = (seq: number): AuditEntry => ({ ...called, event: { ...called.event, seq } });
    const queries = show((q) => ({
      ok: true,
      result:
        q.beforeSeq === null || q.beforeSeq === undefined
          ? { entries: [entry(40), entry(39)], more: true }
          : { entries: [entry(12)], more: false },
    }));
    const table = screen.getByTestId('audit-table');
    // No search pressed: the newest are there at once.
    await within(table).findByRole('cell', { name: '40' });
    expect(queries[0]).toMatchObject({ order: 'newest_first', beforeSeq: null, afterSeq: 0 });
    await userEvent.click(screen.getByRole('button', { name: '加载更早的记录' }));
    await within(table).findByRole('cell', { name: '12' });
    expect(queries.at(-1)).toMatchObject({ order: 'newest_first', beforeSeq: 39 });
    const seqs = [...table.querySelectorAll('tbody tr td:first-child')].map((c) => c.textContent);
    expect(seqs).toEqual(['40', '39', '12']);
    expect(screen.queryByRole('button', { name: '加载更早的记录' })).toBeNull();
  });

  it("words the hub's refusal in the page's language", async () => {
    show({
      ok: false,
      error: {
        code: 'invalid_message',
        message: 'invalid audit: to: from must not be after to',
        issues: [{ path: 'to', code: 'from_after_to', params: {} }],
      },
    });
    await userEvent.click(screen.getByRole('button', { name: '搜索' }));
    expect((await screen.findByRole('alert')).textContent).toBe('结束日期：不能早于开始日期');
  });
});
