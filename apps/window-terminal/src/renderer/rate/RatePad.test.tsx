import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RatingScore } from '@onestop/shared';
import { EngineHub } from '../test-support/engine-hub.js';
import { RatePad, type RatingRequest } from './RatePad.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A hall where window w1 has just finished serving A001. */
function finished(): { hub: EngineHub; ticketId: string } {
  const hub = new EngineHub('w1');
  hub.hall.openWindow('w1', '1001');
  hub.hall.issue('marriage');
  const ticketId = hub.hall.serveNext('w1');
  return { hub, ticketId };
}

function pad(
  hub: EngineHub,
  request: RatingRequest | null,
  keyScore: { score: RatingScore; seq: number } | null = null,
) {
  return (
    <RatePad
      port={hub}
      state={hub.hall.state}
      windowId="w1"
      request={request}
      timeoutMs={60_000}
      thanksMs={4_000}
      keyScore={keyScore}
    />
  );
}

/** Lets the pad's awaited command settle. */
const settle = () => act(async () => {});

describe('rating pad', () => {
  it('waits, bilingual, until a service is finished at its window', () => {
    const { hub } = finished();
    render(pad(hub, null));
    expect(screen.getByRole('heading').textContent).toBe('欢迎办理业务 Welcome');
    expect(document.querySelector('[data-score]')).toBeNull();
  });

  it("shows the clerk's photo, name and staff number before and during the rating", async () => {
    const { hub, ticketId } = finished();
    const asked: string[] = [];
    const photoOf = (code: string) => {
      asked.push(code);
      return Promise.resolve(code === '1001' ? 'blob:photo-1001' : null);
    };
    const props = { port: hub, state: hub.hall.state, windowId: 'w1', photoOf } as const;
    const view = render(<RatePad {...props} request={null} />);
    await settle();
    const name = hub.hall.state.config.staff.find((s) => s.code === '1001')?.name ?? '';
    const card = () => document.querySelector('.clerk');
    expect(card()?.textContent).toBe(`${name}工号 1001 Staff no. 1001`);
    const img = screen.getByRole('img', { name: `${name}的照片` });
    expect(img.getAttribute('src')).toBe('blob:photo-1001');
    view.rerender(<RatePad {...props} request={{ ticketId, seq: 1 }} />);
    await settle();
    expect(document.querySelector('[data-score]')).not.toBeNull();
    expect(card()?.textContent).toContain('工号 1001');
    expect(screen.getByRole('img').getAttribute('src')).toBe('blob:photo-1001');
    // Asked once for the clerk, not on every render.
    expect(asked).toEqual(['1001']);
  });

  it('asks with five big buttons in both languages and records a good rating', async () => {
    const { hub, ticketId } = finished();
    vi.useFakeTimers();
    render(pad(hub, { ticketId, seq: 1 }));
    expect(screen.getByText(/A001 号 · 1 号窗口/)).toBeTruthy();
    const labels = [...document.querySelectorAll('[data-score]')].map((b) => b.textContent);
    expect(labels).toEqual([
      '★★★★★非常满意Very satisfied',
      '★★★★☆满意Satisfied',
      '★★★☆☆基本满意Fairly satisfied',
      '★★☆☆☆不满意Dissatisfied',
      '★☆☆☆☆非常不满意Very dissatisfied',
    ]);
    fireEvent.click(screen.getByRole('button', { name: /非常满意/ }));
    // A good level has its tags (评价标签) to pick, all optional.
    expect(screen.getByText('请选择评价标签（可选）')).toBeTruthy();
    const tags = [...document.querySelectorAll('[data-reason]')].map((b) => b.textContent);
    expect(tags).toEqual(['服务热情Warm and helpful', '一次办成Done in one visit']);
    fireEvent.click(document.querySelector('[data-reason="once"]') as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: /提交评价/ }));
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: 5, reasons: ['once'] } }]);
    expect(hub.hall.state.tickets.get(ticketId)?.rating?.score).toBe(5);
    expect(screen.getByRole('status').textContent).toContain('感谢您的评价');
    // The thanks go away by themselves.
    act(() => {
      vi.advanceTimersByTime(4_000);
    });
    expect(screen.getByRole('heading').textContent).toContain('欢迎办理业务');
  });

  it('offers the tags of a poor rating and sends those chosen; the hall opens a complaint', async () => {
    const { hub, ticketId } = finished();
    render(pad(hub, { ticketId, seq: 1 }));
    fireEvent.click(document.querySelector('[data-score="2"]') as HTMLElement);
    expect(hub.sent).toEqual([]);
    expect(screen.getByRole('heading').textContent).toBe('不满意 Dissatisfied');
    expect(
      [...document.querySelectorAll('[data-reason]')].map((b) => b.getAttribute('data-reason')),
    ).toEqual(['errands', 'attitude', 'wait', 'slow', 'unclear', 'rules']);
    fireEvent.click(document.querySelector('[data-reason="slow"]') as HTMLElement);
    fireEvent.click(document.querySelector('[data-reason="wait"]') as HTMLElement);
    fireEvent.click(document.querySelector('[data-reason="wait"]') as HTMLElement);
    expect(document.querySelector('[data-reason="slow"]')?.getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.click(screen.getByRole('button', { name: /提交评价/ }));
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: 2, reasons: ['slow'] } }]);
    // The rating keeps the tags by their ids.
    expect(hub.hall.state.tickets.get(ticketId)?.rating?.reasons).toEqual(['slow']);
    expect([...hub.hall.state.complaints.values()].map((c) => c.ticketId)).toEqual([ticketId]);
  });

  it('records "not rated" when nobody answers in time', async () => {
    const { hub, ticketId } = finished();
    vi.useFakeTimers();
    render(pad(hub, { ticketId, seq: 1 }));
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: null, reasons: [] } }]);
    expect(hub.hall.state.tickets.get(ticketId)?.rating?.score).toBeNull();
    expect(screen.getByRole('heading').textContent).toContain('欢迎办理业务');
  });

  it('records a poor score left unconfirmed as not rated: no complaint from a mistaken touch', async () => {
    const { hub, ticketId } = finished();
    vi.useFakeTimers();
    render(pad(hub, { ticketId, seq: 1 }));
    fireEvent.click(document.querySelector('[data-score="1"]') as HTMLElement);
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: null, reasons: [] } }]);
    expect(hub.hall.state.complaints.size).toBe(0);
  });

  it('lets the visitor change a poor score before confirming it; nothing is sent until then', async () => {
    const { hub, ticketId } = finished();
    render(pad(hub, { ticketId, seq: 1 }));
    // 非常不满意 touched by mistake: the reasons screen offers to change it.
    fireEvent.click(document.querySelector('[data-score="1"]') as HTMLElement);
    expect(screen.getByRole('heading').textContent).toBe('非常不满意 Very dissatisfied');
    fireEvent.click(document.querySelector('[data-reason="slow"]') as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: /改选评价 Change rating/ }));
    expect(hub.sent).toEqual([]);
    expect(document.querySelectorAll('[data-score]')).toHaveLength(5);
    // Another poor score: its reasons start empty; back again, then a good one.
    fireEvent.click(document.querySelector('[data-score="2"]') as HTMLElement);
    expect(screen.getByRole('heading').textContent).toBe('不满意 Dissatisfied');
    expect(document.querySelector('[data-reason="slow"]')?.getAttribute('aria-pressed')).toBe(
      'false',
    );
    fireEvent.click(screen.getByRole('button', { name: /改选评价/ }));
    expect(hub.sent).toEqual([]);
    fireEvent.click(document.querySelector('[data-score="4"]') as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: /提交评价/ }));
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: 4, reasons: [] } }]);
    expect(hub.hall.state.complaints.size).toBe(0);
    expect(screen.getByRole('status').textContent).toContain('感谢您的评价');
  });

  it('lets a hardware rating key change the score on the reasons screen', async () => {
    const { hub, ticketId } = finished();
    const view = render(pad(hub, { ticketId, seq: 1 }));
    view.rerender(pad(hub, { ticketId, seq: 1 }, { score: 1, seq: 1 }));
    expect(screen.getByRole('heading').textContent).toBe('非常不满意 Very dissatisfied');
    expect(hub.sent).toEqual([]);
    view.rerender(pad(hub, { ticketId, seq: 1 }, { score: 5, seq: 2 }));
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: 5, reasons: [] } }]);
  });

  it('shows a refusal in both languages; a repeated rating still thanks the visitor', async () => {
    const { hub, ticketId } = finished();
    const view = render(pad(hub, { ticketId, seq: 1 }));
    hub.failNext = 'timeout';
    fireEvent.click(document.querySelector('[data-score="3"]') as HTMLElement);
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(
      '服务器没有响应，请检查网络后重试 The hub did not answer; check the network and try again',
    );
    view.rerender(pad(hub, { ticketId, seq: 2 }));
    hub.failNext = 'already_rated';
    fireEvent.click(document.querySelector('[data-score="3"]') as HTMLElement);
    await settle();
    expect(screen.getByRole('status').textContent).toContain('感谢您的评价');
  });

  it('sends a good level left on its tags screen with the tags picked, never as "not rated"', async () => {
    const { hub, ticketId } = finished();
    vi.useFakeTimers();
    render(pad(hub, { ticketId, seq: 1 }));
    fireEvent.click(document.querySelector('[data-score="4"]') as HTMLElement);
    fireEvent.click(document.querySelector('[data-reason="warm"]') as HTMLElement);
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: 4, reasons: ['warm'] } }]);
  });

  it('takes the score from a hardware pad’s rating key', async () => {
    const { hub, ticketId } = finished();
    const view = render(pad(hub, { ticketId, seq: 1 }));
    view.rerender(pad(hub, { ticketId, seq: 1 }, { score: 3, seq: 1 }));
    await settle();
    expect(hub.sent).toEqual([{ event: 'rate', input: { ticketId, score: 3, reasons: [] } }]);
  });
});
