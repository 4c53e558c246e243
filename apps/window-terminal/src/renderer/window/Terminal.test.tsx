import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { PadDisplay, PadInput } from '../../shared/preload-api.js';
import { EngineHub, PIN, TerminalHarness } from '../test-support/engine-hub.js';

afterEach(cleanup);

/** A terminal at w1 (services A marriage, B residence, D tax) with clerk 1001 logged in. */
async function loggedIn(options: { open?: boolean } = {}) {
  const hub = new EngineHub('w1');
  const user = userEvent.setup();
  const view = render(<TerminalHarness hub={hub} />);
  await user.type(screen.getByLabelText('工号'), '1001');
  await user.type(screen.getByLabelText('密码'), PIN);
  await user.click(screen.getByRole('button', { name: '登录' }));
  if (options.open !== false) await user.keyboard('o');
  return { hub, user, view };
}

const action = (id: string): HTMLButtonElement => {
  const el = document.querySelector<HTMLButtonElement>(`[data-action="${id}"]`);
  if (el === null) throw new Error(`no button ${id}`);
  return el;
};
const current = (): string | null => screen.queryByTestId('current-number')?.textContent ?? null;
const alertText = (): string | null => screen.queryByRole('alert')?.textContent ?? null;

describe('login', () => {
  it('asks for the staff code and PIN, says a wrong PIN in words, then shows the window', async () => {
    const hub = new EngineHub('w1');
    const user = userEvent.setup();
    render(<TerminalHarness hub={hub} />);
    expect(screen.getByRole('heading', { name: '工作人员登录' })).toBeTruthy();
    await user.type(screen.getByLabelText('工号'), '1001');
    await user.type(screen.getByLabelText('密码'), '0000');
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(alertText()).toBe('工号或密码错误');
    await user.type(screen.getByLabelText('密码'), PIN);
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(screen.getByText('王芳 (1001)')).toBeTruthy();
    expect(document.querySelector('.bar')?.textContent).toContain('1 号窗口');
    expect(screen.getByTestId('window-status').textContent).toBe('未开放');
    expect(action('open').disabled).toBe(false);
    expect(action('call_next').disabled).toBe(true);
    expect(action('call_next').textContent).toContain('窗口未开放');
  });

  it('returns to the login form, saying why, when an admin disables the clerk', async () => {
    const { hub } = await loggedIn();
    expect(screen.getByText('王芳 (1001)')).toBeTruthy();
    const config = hub.hall.state.config;
    act(() =>
      hub.run({
        type: 'change_config',
        config: {
          ...config,
          staff: config.staff.map((s) => (s.code === '1001' ? { ...s, active: false } : s)),
        },
      }),
    );
    expect(screen.getByRole('heading', { name: '工作人员登录' })).toBeTruthy();
    expect(alertText()).toBe('您的工号已被管理员停用，已退出登录');
    expect(screen.queryByText('王芳 (1001)')).toBeNull();
  });

  it('logs out, and a hub that no longer has the login asks for it again, saying why', async () => {
    const { hub, user } = await loggedIn();
    hub.failNext = 'not_logged_in';
    hub.session = null; // the login ended at the hub
    hub.hall.issue('marriage');
    await user.keyboard('n');
    expect(alertText()).toBe('登录已结束，请重新登录');
    expect(screen.getByRole('heading', { name: '工作人员登录' })).toBeTruthy();
    await user.type(screen.getByLabelText('工号'), '1001');
    await user.type(screen.getByLabelText('密码'), PIN);
    await user.click(screen.getByRole('button', { name: '登录' }));
    await user.click(screen.getByRole('button', { name: '退出登录' }));
    expect(screen.getByRole('heading', { name: '工作人员登录' })).toBeTruthy();
    expect(hub.sent.map((s) => s.event)).toContain('staff_logout');
  });
});

describe('the window', () => {
  it('opens by its key and shows every action with its shortcut', async () => {
    await loggedIn();
    expect(screen.getByTestId('window-status').textContent).toBe('服务中');
    const keys = [...document.querySelectorAll('[data-action] kbd')].map((k) => k.textContent);
    // The destructive ones (no-show, close) come last, apart from the others.
    expect(keys).toEqual(['N', 'R', 'S', 'F', 'B', 'T', 'P', 'Z', 'X', 'Q']);
    // Nobody waits: call next is disabled with the engine's reason.
    expect(action('call_next').disabled).toBe(true);
    expect(action('call_next').textContent).toContain('当前没有等候的号码');
  });

  it('pauses with a reason chosen by number key, resumes with the same key', async () => {
    const { user } = await loggedIn();
    await user.keyboard('z');
    expect(screen.getByRole('dialog', { name: '暂停原因' })).toBeTruthy();
    await user.keyboard('3');
    expect(screen.getByTestId('window-status').textContent).toBe('暂停服务 · 系统故障');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.keyboard('z');
    expect(screen.getByTestId('window-status').textContent).toBe('服务中');
    await user.click(action('pause'));
    await user.click(screen.getByRole('button', { name: /暂停休息/ }));
    expect(screen.getByTestId('window-status').textContent).toBe('暂停服务 · 暂停休息');
    await user.click(action('resume'));
    expect(screen.getByTestId('window-status').textContent).toBe('服务中');
  });

  it('closes by its key; a window serving someone cannot close, and says why', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
    });
    await user.keyboard('n');
    await user.keyboard('s');
    expect(action('close').disabled).toBe(true);
    expect(action('close').textContent).toContain('窗口正在办理业务');
    await user.keyboard('q');
    expect(alertText()).toBe('窗口正在办理业务');
    await user.keyboard('f');
    await user.keyboard('q');
    expect(screen.getByTestId('window-status').textContent).toBe('未开放');
    expect(action('open').disabled).toBe(false);
  });
});

describe('calling and serving', () => {
  it('calls the next ticket and shows it large with service, class, wait and reason', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.hall.advance(3 * 60_000 + 5_000);
      hub.changed();
    });
    expect(screen.getByTestId('queue-total').textContent).toBe('1 人');
    await user.click(action('call_next'));
    expect(current()).toBe('A001');
    const card = within(screen.getByTestId('current'));
    expect(card.getByText('婚姻登记')).toBeTruthy();
    expect(card.getByText('普通')).toBeTruthy();
    expect(card.getByText('3 分 05 秒')).toBeTruthy();
    expect(screen.getByTestId('call-reason').textContent).toBe('先到先办');
    expect(screen.getByTestId('queue-total').textContent).toBe('0 人');
  });

  it("shows the holder's masked name of a ticket taken with an ID card, and none without", async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      const withCard = hub.hall.issue('marriage');
      hub.holders.set(withCard.id, '张*丰');
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.click(action('call_next'));
    expect(current()).toBe('A001');
    expect((await screen.findByTestId('holder')).textContent).toBe('张*丰');
    expect(within(screen.getByTestId('current')).getByText('取号人')).toBeTruthy();
    await user.keyboard('s');
    await user.keyboard('f');
    await user.click(action('call_next'));
    expect(current()).toBe('A002');
    await waitFor(() => expect(hub.holdersAsked).toBe(2));
    expect(screen.queryByTestId('holder')).toBeNull();
  });

  it('recalls, starts and finishes', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.keyboard('n');
    await user.keyboard('r');
    expect(screen.getByTestId('call-reason').textContent).toContain('已重呼 1 次');
    expect(action('finish').disabled).toBe(true);
    // Not "wrong status": the clerk is told what to do first.
    expect(action('finish').querySelector('.why')?.textContent).toBe('请先开始办理（S）');
    await user.keyboard('s');
    expect(screen.getByText('办理中')).toBeTruthy();
    expect(action('recall').disabled).toBe(true);
    act(() => {
      hub.hall.advance(4 * 60_000);
      hub.changed();
    });
    await user.keyboard('f');
    expect(current()).toBeNull();
    expect(screen.getByText('当前没有呼叫的号码')).toBeTruthy();
    expect([...hub.hall.state.tickets.values()][0]?.status).toBe('done');
  });

  it('sends the case number typed at finish; one of the wrong format is refused in words and kept', async () => {
    const { hub, user } = await loggedIn();
    const config = hub.hall.state.config;
    act(() => {
      hub.run({
        type: 'change_config',
        config: {
          ...config,
          services: config.services.map((s) =>
            s.id === 'marriage' ? { ...s, caseNumberPattern: 'HY\\d{6}' } : s,
          ),
        },
      });
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.keyboard('n');
    // Only while a ticket is served.
    expect(screen.queryByLabelText('办件编号（选填）')).toBeNull();
    await user.keyboard('s');
    const field = screen.getByLabelText('办件编号（选填）');
    await user.type(field, 'HY12');
    await user.click(action('finish'));
    expect(alertText()).toBe('办件编号格式不符合该事项的要求');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect((field as HTMLInputElement).value).toBe('HY12');
    await user.type(field, '3456{Enter}');
    expect(current()).toBeNull();
    expect(hub.sent.filter((s) => s.event === 'finish').map((s) => s.input)).toEqual([
      { caseNumber: 'HY12' },
      { caseNumber: 'HY123456' },
    ]);
  });

  it('marks a no-show and puts a ticket back in the queue', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.keyboard('n');
    expect(current()).toBe('A001');
    await user.keyboard('x');
    expect(current()).toBeNull();
    expect([...hub.hall.state.tickets.values()][0]?.status).toBe('no_show');
    await user.keyboard('n');
    expect(current()).toBe('A002');
    await user.keyboard('b');
    expect(current()).toBeNull();
    expect(document.querySelector('tr[data-ticket="A002"]')).not.toBeNull();
  });

  it('calls a specific waiting ticket from the queue, with its marks', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.hall.issue('residence', 'priority');
      hub.hall.issue('tax');
      hub.changed();
    });
    const counts = document.querySelector('.counts')?.textContent ?? '';
    expect(counts).toContain('婚姻登记 1');
    expect(counts).toContain('户籍证明 1');
    expect(counts).toContain('纳税申报 1');
    const row = document.querySelector('tr[data-ticket="B001"]');
    expect(row?.textContent).toContain('绿色通道');
    await user.click(within(row as HTMLElement).getByRole('button', { name: '呼叫' }));
    expect(current()).toBe('B001');
    expect(screen.getByTestId('call-reason').textContent).toBe('指定呼叫');
    // While a ticket is at the window the rows cannot be called, and say why.
    const other = document.querySelector('tr[data-ticket="A001"] button') as HTMLButtonElement;
    expect(other.disabled).toBe(true);
    expect(other.title).toBe('窗口正在办理业务');
  });

  it('previews the next call: an unconfirmed remote number is awaiting confirmation, not next', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issueRemote('marriage');
      hub.hall.advance(60_000);
      hub.hall.issue('marriage');
      hub.changed();
    });
    const row = (n: string) => document.querySelector(`tr[data-ticket="${n}"]`) as HTMLElement;
    expect(row('A001').textContent).toContain('待确认');
    expect(row('A001').textContent).not.toContain('下一位');
    expect(row('A002').textContent).toContain('下一位');
    expect(screen.getAllByTestId('queue-next')).toHaveLength(1);
    // The preview agrees with the call: call_next takes A002.
    await user.keyboard('n');
    expect(current()).toBe('A002');
    expect(row('A001').textContent).toContain('待确认');
    expect(screen.queryByTestId('queue-next')).toBeNull();
  });

  it('shows the steps of an itinerary and the transfer notes', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue([['tax'], ['marriage', 'residence']]);
      hub.hall.openWindow('w4', '1002');
      hub.hall.serveNext('w4');
      hub.changed();
    });
    await user.keyboard('n');
    expect(current()).toBe('D001');
    expect(screen.getByTestId('call-reason').textContent).toBe('转办续办优先');
    const steps = [...document.querySelectorAll('.itinerary li')].map((li) => li.className);
    expect(steps).toEqual(['step-done', 'step-now']);
    expect(document.querySelector('.itinerary')?.textContent).toContain('婚姻登记 + 户籍证明');
  });
});

describe('the login after a reconnect', () => {
  it('picks the login up again when the connection comes back, before any key', async () => {
    const { hub } = await loggedIn();
    const session = hub.session;
    expect(session).not.toBeNull();
    const staff = { code: '1001', name: '王芳', role: 'clerk' as const };
    const view = render(
      <TerminalHarness
        hub={hub}
        initialStaff={staff}
        initialSession={session}
        connection="offline"
      />,
    );
    view.rerender(
      <TerminalHarness
        hub={hub}
        initialStaff={staff}
        initialSession={session}
        connection="online"
      />,
    );
    await screen.findAllByText('王芳 (1001)');
    expect(hub.sent.filter((m) => m.event === 'staff_resume')).toEqual([
      { event: 'staff_resume', input: { session } },
    ]);
  });

  it('shows the login form with the reason as soon as a gone login is told', async () => {
    const hub = new EngineHub('w1');
    const staff = { code: '1001', name: '王芳', role: 'clerk' as const };
    const view = render(
      <TerminalHarness
        hub={hub}
        initialStaff={staff}
        initialSession="stale"
        connection="offline"
      />,
    );
    expect(screen.getByText('王芳 (1001)')).toBeTruthy();
    hub.sessionGone = 'session_pin_changed';
    view.rerender(
      <TerminalHarness hub={hub} initialStaff={staff} initialSession="stale" connection="online" />,
    );
    expect(await screen.findByRole('heading', { name: '工作人员登录' })).toBeTruthy();
    expect(alertText()).toBe('密码已被修改，请用新密码重新登录');
    // No key was pressed: the resume itself said so.
    expect(hub.sent.map((m) => m.event)).toEqual(['staff_resume']);
    expect(document.querySelector('[data-action]')).toBeNull();
  });

  it('a command refused as not logged in picks the login up and is sent again', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.changed();
    });
    hub.failNext = 'not_logged_in';
    await user.keyboard('n');
    expect(current()).toBe('A001');
    expect(hub.sent.map((m) => m.event).slice(-3)).toEqual([
      'call_next',
      'staff_resume',
      'call_next',
    ]);
    expect(alertText()).toBeNull();
  });
});

describe('transfer and park', () => {
  it('transfers to another service with a note; the number stays the same', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.keyboard('n');
    await user.keyboard('t');
    const dialog = screen.getByRole('dialog', { name: '转办' });
    expect(within(dialog).getByRole('button', { name: '下一步' })).toHaveProperty('disabled', true);
    const tax = within(dialog)
      .getAllByRole('radio')
      .find((r) => (r as HTMLInputElement).value === 's:tax');
    expect(tax?.closest('label')?.textContent).toBe('D · 纳税申报');
    if (tax) await user.click(tax);
    await user.type(within(dialog).getByLabelText('转办说明'), '需先办税');
    await user.click(within(dialog).getByRole('button', { name: '下一步' }));
    // Nothing is sent before the clerk confirms a sentence naming the number and the target.
    expect(hub.sent.map((m) => m.event)).not.toContain('transfer');
    const confirm = screen.getByRole('dialog', { name: '确认转办' });
    expect(within(confirm).getByTestId('transfer-confirm').textContent).toMatch(
      /^将 A001 号转到 .*税.*？$/,
    );
    await user.click(within(confirm).getByRole('button', { name: '确认转办' }));
    expect(current()).toBeNull();
    const ticket = [...hub.hall.state.tickets.values()][0];
    expect(ticket?.number).toBe('A001');
    expect(ticket?.queueServiceIds).toEqual(['tax']);
    expect(ticket?.transfers[0]?.note).toBe('需先办税');
    // Still this window's to call (it serves tax too), marked as returned.
    expect(document.querySelector('tr[data-ticket="A001"]')?.textContent).toContain('转办/续办');
  });

  it('transfers to a window; Escape closes the dialog without sending', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.keyboard('n');
    await user.keyboard('t');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(action('transfer'));
    const dialog = screen.getByRole('dialog', { name: '转办' });
    const radio = (id: string) =>
      within(dialog)
        .getAllByRole('radio')
        .find((r) => (r as HTMLInputElement).value === `w:${id}`) as HTMLInputElement;
    // Window 2 is closed, window 4 does not serve marriage: neither can be chosen, and says why.
    expect(radio('w2').disabled).toBe(true);
    expect(dialog.querySelector('[data-window="w2"]')?.textContent).toContain('窗口已关闭');
    expect(radio('w4').disabled).toBe(true);
    expect(dialog.querySelector('[data-window="w4"]')?.textContent).toContain('不办理婚姻登记');
    // Opened meanwhile, window 2 can take it; its state and services are shown.
    act(() => hub.run({ type: 'open_window', windowId: 'w2', staffCode: '1002' }));
    expect(radio('w2').disabled).toBe(false);
    expect(dialog.querySelector('[data-window="w2"]')?.textContent).toMatch(/服务中.*户籍证明/);
    await user.click(radio('w2'));
    await user.click(within(dialog).getByRole('button', { name: '下一步' }));
    expect(screen.getByTestId('transfer-confirm').textContent).toBe('将 A001 号转到 2 号窗口？');
    // Back keeps the choice; confirm sends it.
    await user.click(screen.getByRole('button', { name: '返回修改' }));
    expect(radio('w2').checked).toBe(true);
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await user.click(screen.getByRole('button', { name: '确认转办' }));
    expect([...hub.hall.state.tickets.values()][0]?.targetWindowId).toBe('w2');
    expect(hub.sent.at(-1)).toEqual({
      event: 'transfer',
      input: { toServiceId: null, toWindowId: 'w2', note: '' },
    });
  });

  it('parks with a return time and returns a parked ticket to the queue', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.keyboard('n');
    await user.keyboard('p');
    const dialog = screen.getByRole('dialog', { name: '暂缓' });
    await user.selectOptions(within(dialog).getByRole('combobox'), '10');
    await user.type(within(dialog).getByLabelText('说明（如：补材料）'), '取复印件');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(hub.sent.at(-1)).toEqual({
      event: 'park',
      input: { until: hub.hall.now + 10 * 60_000, note: '取复印件' },
    });
    const parked = document.querySelector('[data-parked="A001"]') as HTMLElement;
    expect(parked.textContent).toContain('返回');
    await user.click(within(parked).getByRole('button', { name: '恢复排队' }));
    expect(document.querySelector('[data-parked="A001"]')).toBeNull();
    expect(document.querySelector('tr[data-ticket="A001"]')).not.toBeNull();
  });
});

describe('errors, language and the call pad', () => {
  it('shows a failed command in words and clears it on the next success', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.changed();
    });
    hub.failNext = 'timeout';
    await user.keyboard('n');
    expect(alertText()).toBe('服务器没有响应，请检查网络后重试');
    expect(current()).toBeNull();
    await user.keyboard('n');
    expect(alertText()).toBeNull();
    expect(current()).toBe('A001');
  });

  it('sends one command at a time: while one is on its way the buttons wait, keys are not queued', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.hall.issue('marriage');
      hub.changed();
    });
    let open = (): void => undefined;
    hub.gate = new Promise<void>((resolve) => (open = resolve));
    await user.keyboard('n');
    await user.keyboard('n');
    expect(action('call_next').disabled).toBe(true);
    expect(action('pause').disabled).toBe(true);
    // Waiting is not a refusal: no reason is shown.
    expect(document.querySelector('[data-action="pause"] .why')).toBeNull();
    hub.gate = null;
    await act(async () => {
      open();
      await Promise.resolve();
    });
    expect(current()).toBe('A001');
    expect(hub.sent.filter((s) => s.event === 'call_next')).toHaveLength(1);
  });

  it('ignores shortcut keys typed into a field or with a modifier', async () => {
    const { hub, user } = await loggedIn();
    act(() => {
      hub.hall.issue('marriage');
      hub.changed();
    });
    await user.keyboard('{Control>}n{/Control}');
    expect(current()).toBeNull();
    await user.keyboard('n');
    await user.keyboard('t');
    await user.type(screen.getByLabelText('转办说明'), 'fnx');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(current()).toBe('A001');
  });

  it("after the day's close says the day has ended, not that it has not started", async () => {
    const { hub, user } = await loggedIn();
    act(() => hub.run({ type: 'close_day' }));
    expect(action('call_next').disabled).toBe(true);
    expect(action('call_next').textContent).toContain('今日业务已结束');
    expect(action('call_next').textContent).not.toContain('尚未开始');
    await user.keyboard('n');
    expect(alertText()).toBe('今日业务已结束');
  });

  it('switches to English', async () => {
    const { user } = await loggedIn();
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(document.querySelector('.bar')?.textContent).toContain('Window 1');
    expect(action('call_next').textContent).toContain('Call next');
    expect(action('call_next').textContent).toContain('No one is waiting');
    expect(screen.getByTestId('window-status').textContent).toBe('Open');
  });

  it('runs the actions a hardware call pad asks for', async () => {
    const hub = new EngineHub('w1');
    hub.hall.openWindow('w1', '1001');
    hub.hall.issue('marriage');
    const staff = { code: '1001', name: '王芳', role: 'clerk' as const };
    const view = render(<TerminalHarness hub={hub} initialStaff={staff} padAction={null} />);
    view.rerender(
      <TerminalHarness hub={hub} initialStaff={staff} padAction={{ action: 'next', seq: 1 }} />,
    );
    expect(await screen.findByTestId('current-number')).toBeTruthy();
    expect(current()).toBe('A001');
    view.rerender(
      <TerminalHarness hub={hub} initialStaff={staff} padAction={{ action: 'recall', seq: 2 }} />,
    );
    expect(await screen.findByText(/已重呼 1 次/)).toBeTruthy();
    view.rerender(
      <TerminalHarness hub={hub} initialStaff={staff} padAction={{ action: 'finish', seq: 3 }} />,
    );
    // Finish before start is refused in the words of the finish button.
    expect((await screen.findByRole('alert')).textContent).toBe('请先开始办理（S）');
    view.rerender(
      <TerminalHarness hub={hub} initialStaff={staff} padAction={{ action: 'pause', seq: 4 }} />,
    );
    // The pad's pause key has no screen for a reason: it pauses for a break.
    expect(await screen.findByText('暂停服务 · 暂停休息')).toBeTruthy();
  });

  it('calls a number dialled on the pad, marks no-show, opens the transfer dialog, and tells the pad why it refused', async () => {
    const hub = new EngineHub('w1');
    hub.hall.openWindow('w1', '1001');
    for (let i = 0; i < 3; i++) hub.hall.issue('marriage');
    const staff = { code: '1001', name: '王芳', role: 'clerk' as const };
    const answers: PadDisplay[] = [];
    let seq = 0;
    const press = (action: PadInput) => (
      <TerminalHarness
        hub={hub}
        initialStaff={staff}
        padAction={{ action, seq: ++seq }}
        onPadAnswer={(d) => answers.push(d)}
      />
    );
    const view = render(<TerminalHarness hub={hub} initialStaff={staff} padAction={null} />);
    // `*` 0 0 3 `#`: A003 in w1's first service (marriage, A), ahead of A001 and A002.
    view.rerender(press({ kind: 'dial', digits: '003' }));
    await waitFor(() => expect(current()).toBe('A003'));
    expect(hub.sent.at(-1)).toEqual({
      event: 'call_specific',
      input: { ticketId: `${hub.hall.state.day?.businessDay ?? ''}/A003` },
    });
    await waitFor(() => expect(answers).toEqual([{ kind: 'clear' }]));
    // A number no one holds: refused on the screen and on the pad, nothing sent.
    const sent = hub.sent.length;
    view.rerender(press({ kind: 'dial', digits: '99' }));
    expect((await screen.findByRole('alert')).textContent).not.toBe('');
    expect(hub.sent.length).toBe(sent);
    expect(answers.at(-1)).toMatchObject({ kind: 'refused', code: 'window_busy' });
    view.rerender(press('noshow'));
    await waitFor(() =>
      expect(hub.hall.ticket(`${hub.hall.state.day?.businessDay ?? ''}/A003`).status).toBe(
        'no_show',
      ),
    );
    view.rerender(press({ kind: 'dial', digits: '099' }));
    await waitFor(() =>
      expect(answers.at(-1)).toMatchObject({ kind: 'refused', code: 'ticket_unknown' }),
    );
    const refusal = answers.at(-1);
    expect(refusal?.kind === 'refused' ? refusal.text : '').toBe(
      screen.getByRole('alert').textContent,
    );
    view.rerender(press('next'));
    await waitFor(() => expect(current()).toBe('A001'));
    view.rerender(press('transfer'));
    expect(await screen.findByRole('dialog')).toBeTruthy();
  });
});
