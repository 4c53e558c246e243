import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '@onestop/shared';
import { EngineTestHall } from '@onestop/shared/testing';
import { Complaints } from './Complaints.js';
import { openComplaint } from './complaint-fixture.js';
import type { AdminClient } from '../hub.js';
import { LangContext } from '../strings.js';

/* The complaints page over a scripted admin client: the follow-up form of an open complaint. */

afterEach(cleanup);

const complaint = openComplaint();

type Sent = { action: string; text: string; by?: string };

function show(lang: Lang): Sent[] {
  const hall = EngineTestHall.open();
  const sent: Sent[] = [];
  const client = {
    command: (event: string, input: { action: string; text: string; by?: string }) => {
      if (event === 'complaint_action') {
        sent.push({
          action: input.action,
          text: input.text,
          ...(input.by === undefined ? {} : { by: input.by }),
        });
        return Promise.resolve({
          ok: true,
          result: { complaint: { ...complaint, assignee: input.text } },
        });
      }
      return Promise.resolve({ ok: true, result: { complaints: [complaint] } });
    },
  } as unknown as AdminClient;
  render(
    <LangContext.Provider value={lang}>
      <Complaints client={client} state={hall.state} />
    </LangContext.Provider>,
  );
  return sent;
}

describe('the follow-up of a complaint', () => {
  it('labels its fields, the text by what the chosen follow-up asks for', async () => {
    const sent = show('zh');
    const user = userEvent.setup();
    await user.click(await screen.findByText('A001'));
    const form = screen.getByRole('form', { name: '添加跟进' });
    const action = within(form).getByLabelText('跟进方式');
    expect(action.tagName).toBe('SELECT');
    // The label is on the page, not only for a screen reader.
    expect(within(form).getByText('跟进方式').tagName).toBe('SPAN');
    expect(within(form).getByLabelText('跟进内容').tagName).toBe('INPUT');
    await user.selectOptions(action, 'assign');
    const assignee = within(form).getByLabelText('责任人工号');
    await user.type(assignee, 'S01');
    await user.click(within(form).getByRole('button', { name: '提交' }));
    expect(sent).toEqual([{ action: 'assign', text: 'S01' }]);
    await user.selectOptions(action, 'close');
    expect(within(form).getByLabelText('告知群众的处理结果')).toBe(assignee);
    expect(within(form).queryByLabelText('回访人')).toBeNull();
  });

  it('asks a call-back for who called and when, and sends them', async () => {
    const sent = show('zh');
    const user = userEvent.setup();
    await user.click(await screen.findByText('A001'));
    const form = screen.getByRole('form', { name: '添加跟进' });
    await user.selectOptions(within(form).getByLabelText('跟进方式'), 'callback');
    await user.type(within(form).getByLabelText('回访情况'), '群众表示理解');
    await user.type(within(form).getByLabelText('回访人'), '王芳');
    expect(within(form).getByLabelText('回访时间')).toHaveProperty('type', 'datetime-local');
    await user.click(within(form).getByRole('button', { name: '提交' }));
    expect(sent).toEqual([{ action: 'callback', text: '群众表示理解', by: '王芳' }]);
  });

  it('says the labels in English too', async () => {
    show('en');
    await userEvent.click(await screen.findByText('A001'));
    const form = screen.getByRole('form', { name: 'Add a follow-up' });
    expect(within(form).getByLabelText('Follow-up').tagName).toBe('SELECT');
    expect(within(form).getByLabelText('Note').tagName).toBe('INPUT');
  });
});
