import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseUpdate, start } from './status.js';

/** The page as the hub renders it for a waiting ticket of a two-step visit (trimmed). */
const PAGE = `<main id="ticket" class="" data-poll="5000" data-gone-zh="该号码已不是今天的，本页不再更新。" data-gone-en="This ticket is no longer from today; this page no longer updates.">
<p id="lost" class="lost" role="alert" hidden>lost</p>
<div id="state-zh" class="state">等候中</div><div id="state-en" class="state en">Waiting</div>
<div id="ahead-card" class="card"><div id="ahead-zh"></div><div id="ahead-en"></div></div>
<ol><li id="step-0" class="step current"></li><li id="step-1" class="step next"></li></ol>
<span id="updated-zh"></span><span id="updated-en"></span>
<span id="note-zh">本页自动更新，请留意大厅叫号。</span><span id="note-en">updates</span></main>`;

const answer = (view: Record<string, unknown>, fields: Record<string, string>) => ({
  view: { called: false, ahead: 0, final: false, steps: null, ...view },
  fields,
});

type Reply = { status: number; body?: unknown } | 'offline';

/** A fetch that answers the polls in turn, and the paths it was asked. */
function fakeFetch(replies: Reply[]) {
  const asked: string[] = [];
  const fetch = vi.fn((url: string) => {
    asked.push(url);
    const reply = replies.shift() ?? 'offline';
    if (reply === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve({
      status: reply.status,
      ok: reply.status >= 200 && reply.status < 300,
      json: () => Promise.resolve(reply.body),
    });
  });
  vi.stubGlobal('fetch', fetch);
  return asked;
}

const text = (id: string) => document.getElementById(id)?.textContent;
const lostHidden = () => document.getElementById('lost')?.hidden;

/** Lets the next poll run and its answer be applied. */
async function nextPoll(): Promise<void> {
  await vi.advanceTimersByTimeAsync(5_000);
}

describe('the ticket status page script', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = PAGE;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('fills the lines in, marks the call and the steps, and stops once the visit is over', async () => {
    const asked = fakeFetch([
      {
        status: 200,
        body: answer(
          { steps: [{ state: 'done' }, { state: 'current' }] },
          { 'state-zh': '前往 3 号窗口', 'updated-zh': '更新于 10:15:07' },
        ),
      },
      {
        status: 200,
        body: answer(
          { called: true, ahead: null, final: true, steps: [{ state: 'done' }, { state: 'done' }] },
          { 'note-zh': '本次办理已结束，本页不再更新。' },
        ),
      },
    ]);
    start(document, '/t/abc');
    expect(asked).toEqual([]);
    await nextPoll();
    expect(asked).toEqual(['/t/abc.json']);
    expect(text('state-zh')).toBe('前往 3 号窗口');
    expect(text('updated-zh')).toBe('更新于 10:15:07');
    expect(document.getElementById('step-0')?.className).toBe('step done');
    expect(document.getElementById('step-1')?.className).toBe('step current');
    expect(document.getElementById('ticket')?.className).toBe('');
    await nextPoll();
    expect(document.getElementById('ticket')?.className).toBe('called');
    expect(document.getElementById('ahead-card')?.hidden).toBe(true);
    expect(text('note-zh')).toBe('本次办理已结束，本页不再更新。');
    expect(document.getElementById('ticket')?.getAttribute('data-poll')).toBe('0');
    await nextPoll();
    await nextPoll();
    expect(asked).toHaveLength(2);
  });

  it('shows the lost line while polls fail, keeps the last update, and hides it on the next', async () => {
    const asked = fakeFetch([
      { status: 200, body: answer({}, { 'updated-zh': '更新于 10:15:07' }) },
      'offline',
      { status: 503, body: {} },
      { status: 200, body: answer({}, { 'updated-zh': '更新于 10:15:22' }) },
    ]);
    start(document, '/t/abc');
    await nextPoll();
    expect(lostHidden()).toBe(true);
    await nextPoll();
    expect(lostHidden()).toBe(false);
    expect(text('updated-zh')).toBe('更新于 10:15:07');
    await nextPoll();
    expect(lostHidden()).toBe(false);
    await nextPoll();
    expect(lostHidden()).toBe(true);
    expect(text('updated-zh')).toBe('更新于 10:15:22');
    expect(asked).toHaveLength(4);
  });

  it('stops when the hub no longer knows the ticket (a new business day), saying so', async () => {
    const asked = fakeFetch([{ status: 404, body: {} }]);
    start(document, '/t/abc');
    await nextPoll();
    expect(text('note-zh')).toBe('该号码已不是今天的，本页不再更新。');
    expect(text('note-en')).toBe(
      'This ticket is no longer from today; this page no longer updates.',
    );
    expect(lostHidden()).toBe(true);
    await nextPoll();
    expect(asked).toHaveLength(1);
  });

  it('never polls a page rendered for a visit that is over', async () => {
    document.getElementById('ticket')?.setAttribute('data-poll', '0');
    const asked = fakeFetch([]);
    start(document, '/t/abc');
    await nextPoll();
    expect(asked).toEqual([]);
  });

  it('reads the answer from unknown, refusing what is not its shape', () => {
    expect(parseUpdate(null)).toBeNull();
    expect(parseUpdate({ view: {}, fields: { a: 1 } })).toBeNull();
    expect(parseUpdate({ view: { steps: [{ state: 'soon' }] }, fields: {} })).toBeNull();
    expect(parseUpdate(answer({ ahead: 2 }, { a: 'b' }))).toEqual({
      fields: { a: 'b' },
      called: false,
      hasAhead: true,
      final: false,
      steps: [],
      rateable: false,
    });
    expect(parseUpdate(answer({ rateable: true }, {}))?.rateable).toBe(true);
  });
});
