import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallConfig, Lang } from '@onestop/shared';
import { Kiosk } from '../Kiosk.js';
import { NOW, ORIGIN, TEST_HALL, TestHub, TestPrinterApi } from '../test-hub.js';
import type { Speaker } from './speech.js';

afterEach(cleanup);

/** A voice that records what it was told to say. */
class Recorder implements Speaker {
  readonly said: string[] = [];
  say(text: string, lang: Lang): void {
    this.said.push(`${lang}|${text}`);
  }
  stop(): void {
    this.said.push('stop');
  }
}

const GUIDED: HallConfig = {
  ...TEST_HALL,
  services: TEST_HALL.services.map((s) =>
    s.id === 'open'
      ? { ...s, guide: { materials: [{ zh: '身份证', en: 'ID card' }], fee: null } }
      : s,
  ),
};

describe('the kiosk for the elderly', () => {
  it('reads the large mode aloud, shows the guide, and marks a ticket taken with help', async () => {
    const hub = new TestHub(GUIDED);
    const api = new TestPrinterApi();
    const voice = new Recorder();
    const user = userEvent.setup();
    render(
      <Kiosk
        hub={hub}
        api={api}
        hubOrigin={ORIGIN}
        now={() => NOW}
        timings={{ idleMs: 600_000, resultMs: 600_000, resultUnprintedMs: 600_000 }}
        speaker={voice}
      />,
    );
    await user.click(screen.getByRole('button', { name: /长辈模式/ }));
    expect(voice.said.at(-1)).toMatch(/^zh\|您好，请选择办理部门。市场监管局、税务局。/);
    await user.click(screen.getByRole('button', { name: /再听一遍/ }));
    expect(voice.said.filter((s) => s.includes('请选择办理部门'))).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /帮办代办/ }));
    expect(screen.getByRole('status').textContent).toBe('已呼叫工作人员，请在此稍候');

    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    expect(screen.getByTestId('guide').textContent).toContain('身份证');
    expect(voice.said.at(-1)).toContain('请带好以下材料：身份证。');
    expect(hub.issued).toEqual([]);
    await user.click(screen.getByRole('button', { name: /我已了解，取号/ }));
    expect(hub.issued).toHaveLength(1);
    expect(hub.issued[0]?.assistId).toMatch(/\/H1$/);
    await screen.findByText(/请取走您的号票/);
    expect(api.printed.at(-1)).toMatchObject({
      helped: true,
      guide: { materials: [{ zh: '身份证', en: 'ID card' }], fee: null },
    });

    await user.click(screen.getByRole('button', { name: '完成' }));
    expect(screen.getByRole('button', { name: /长辈模式/ })).toBeTruthy();
    expect(voice.said.at(-1)).toBe('stop');
  });
});
