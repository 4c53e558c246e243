import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage, type HallState } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { SerialDevice } from '../apps/window-terminal/src/main/serial/device.js';
import { padStep, type PadStep } from '../apps/window-terminal/src/renderer/window/model.js';
import type { PadInput } from '../apps/window-terminal/src/shared/preload-api.js';
import { ok } from './support/acks.js';
import { HubTestHall, waitFor } from './support/hall.js';
import { PadEmulator } from './window-support/pad-emulator.js';
import { closePair, FarEnd, socatPair, type Pair } from './window-support/serial-pair.js';

/*
 * A full call pad against a real hub: the pad (emulated on the far end of a socat serial pair)
 * sends its keys as frame68 frames, the terminal's serial device reads them with the real
 * serialport binding, each key is decided as the screen's button decides (`padStep`, the
 * terminal's own) and sent to the hub as the button sends it; a refusal goes back to the
 * pad's display in GB2312.
 */

let hall: HubTestHall;
let w1: HubClient<'window'>;
let pair: Pair;
let far: FarEnd;
let device: SerialDevice;
let pad: PadEmulator;
let dir: string;
const steps: PadStep[] = [];
let handled = 0;

const state = (): HallState => {
  const s = w1.state;
  if (s === null) throw new Error('no state');
  return s;
};
const current = (): string | null => {
  const id = state().windows.get('w1')?.currentTicketId ?? null;
  return id === null ? null : (state().tickets.get(id)?.number ?? null);
};

/** What the terminal page does with a pad key (useWindowActions), without the page. */
async function onPad(input: PadInput): Promise<void> {
  const step = padStep(state(), 'w1', 'C01', input, Date.now());
  steps.push(step);
  if (step.kind === 'refused') {
    device.showPad({ kind: 'refused', code: step.code, text: errorMessage(step.code, 'zh') });
  } else if (step.kind === 'send') {
    const c = step.command;
    const outcome =
      c.event === 'call_specific'
        ? await w1.command('call_specific', { ticketId: c.ticketId })
        : c.event === 'pause_window'
          ? await w1.command('pause_window', { reason: c.reason })
          : await w1.command(c.event, {});
    device.showPad(
      outcome.ok
        ? { kind: 'clear' }
        : {
            kind: 'refused',
            code: outcome.error.code,
            text: errorMessage(outcome.error.code, 'zh'),
          },
    );
  }
  handled++;
}

beforeAll(async () => {
  hall = await HubTestHall.start();
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  for (let i = 0; i < 15; i++) {
    ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      }),
    );
  }
  w1 = await hall.openWindow('w1', 'C01');
  dir = mkdtempSync(join(tmpdir(), 'onestop-pad-'));
  pair = await socatPair(dir);
  device = new SerialDevice({
    config: {
      path: pair.terminal,
      baudRate: 9600,
      protocol: 'frame68',
      address: 1,
      led: true,
      pad: true,
    },
    retryMs: 50,
    quietMs: 1_000,
  });
  device.onKey((input) => void onPad(input));
  device.start();
  await waitFor(() => device.status().state === 'connected', 5_000, 'connected');
  far = await FarEnd.open(pair.device);
  pad = new PadEmulator(far);
});

afterAll(async () => {
  await device.stop();
  await far.close();
  await closePair(pair);
  rmSync(dir, { recursive: true, force: true });
  await hall.close();
});

/** Presses, then waits for the terminal to have handled `count` more inputs. */
async function pressed(send: () => Promise<void>, count = 1): Promise<void> {
  const target = handled + count;
  await send();
  await waitFor(() => handled >= target, 5_000, 'the pad key handled');
}

describe('a full call pad against a real hub', () => {
  it('dials, recalls, refuses with a reason on its display, marks no-show, calls next, pauses and resumes, opens a transfer', async () => {
    // `*` 0 1 5 `#`: A015 in w1's first service (企业开办, A).
    await pressed(() => pad.dial('015'));
    await waitFor(() => current() === 'A015', 5_000, 'A015 called');
    expect(steps.at(-1)).toMatchObject({ kind: 'send', command: { event: 'call_specific' } });

    await pressed(() => pad.press('recall'));
    await waitFor(
      () => (state().tickets.get(`${state().day?.businessDay}/A015`)?.recallCount ?? 0) === 1,
      5_000,
      'recalled',
    );

    // Finish before serving started: refused by the engine's own rule, shown on the pad.
    await pressed(() => pad.press('finish'));
    expect(steps.at(-1)).toMatchObject({ kind: 'refused', code: 'ticket_wrong_status' });
    await waitFor(() => pad.display().length >= 3, 5_000, 'the pad display');
    expect(pad.display().at(-1)).toBe(errorMessage('ticket_wrong_status', 'zh'));

    await pressed(() => pad.press('noshow'));
    await waitFor(() => current() === null, 5_000, 'no-show');
    expect(state().tickets.get(`${state().day?.businessDay}/A015`)?.status).toBe('no_show');

    await pressed(() => pad.press('next'));
    await waitFor(() => current() === 'A001', 5_000, 'A001 called');
    await pressed(() => pad.press('transfer'));
    expect(steps.at(-1)).toEqual({ kind: 'dialog', action: 'transfer' });

    await pressed(() => pad.press('noshow'));
    await waitFor(() => current() === null, 5_000, 'no-show');
    await pressed(() => pad.press('pause'));
    await waitFor(() => state().windows.get('w1')?.status === 'paused', 5_000, 'paused');
    // Paused: the next key is refused, in words, on the pad.
    await pressed(() => pad.press('next'));
    expect(steps.at(-1)).toMatchObject({ kind: 'refused', code: 'window_paused' });
    await pressed(() => pad.press('pause'));
    await waitFor(() => state().windows.get('w1')?.status === 'open', 5_000, 'resumed');

    // A number no one holds today; a half-keyed number dropped by an action key.
    await pressed(() => pad.dial('999'));
    expect(steps.at(-1)).toMatchObject({ kind: 'refused', code: 'ticket_unknown' });
    await waitFor(
      () => pad.display().at(-1) === errorMessage('ticket_unknown', 'zh'),
      5_000,
      'shown',
    );
    await pressed(() => pad.press('*', '0', '0', '2', 'next'));
    await waitFor(() => current() === 'A002', 5_000, 'A002 called by next');
    expect(device.status().framesBad).toBe(0);
  });
});
