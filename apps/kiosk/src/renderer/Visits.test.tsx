import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage, type HallConfig } from '@onestop/shared';
import type { KioskApi } from '../shared/api.js';
import { Kiosk } from './Kiosk.js';
import { NOW, ORIGIN, TEST_HALL, TestHub, TestPrinterApi } from './test-hub.js';

afterEach(cleanup);

/**
 * 一件事一次办 at the kiosk: the test hall's market services are open, `change` has a quota of
 * one and `tax` is never open (only a first step's hours and quota decide whether a visit can
 * be chosen, as in the engine).
 */
const HALL: HallConfig = {
  ...TEST_HALL,
  combinedVisits: [
    {
      id: 'start',
      departmentId: 'market',
      name: { zh: '开办企业一件事', en: 'Starting a business' },
      description: { zh: '先领执照，再办税务与变更', en: 'Licence first, then the rest' },
      steps: [{ serviceIds: ['open'] }, { serviceIds: ['change', 'tax'] }],
    },
    {
      id: 'tax-first',
      departmentId: null,
      name: { zh: '注销一件事', en: 'Closing a business' },
      description: null,
      steps: [{ serviceIds: ['tax'] }, { serviceIds: ['open'] }],
    },
    {
      id: 'change-first',
      departmentId: 'tax',
      name: { zh: '变更一件事', en: 'Changing a business' },
      description: null,
      steps: [{ serviceIds: ['change'] }, { serviceIds: ['open'] }],
    },
  ],
};

function show(hub: TestHub, api: KioskApi | null = null) {
  const user = userEvent.setup();
  render(
    <Kiosk
      hub={hub}
      api={api}
      hubOrigin={ORIGIN}
      now={() => NOW}
      timings={{ idleMs: 600_000, resultMs: 600_000, resultUnprintedMs: 600_000 }}
    />,
  );
  return user;
}

describe('combined visits at the kiosk', () => {
  it('are a group of tiles on the home screen, their steps listed, closed ones saying why', async () => {
    const hub = new TestHub(HALL);
    const user = show(hub);
    const group = screen.getByRole('region', { name: /一件事一次办/ });
    const start = within(group).getByTestId('visit-start');
    expect(start.hasAttribute('disabled')).toBe(false);
    expect(start.textContent).toContain('开办企业一件事');
    expect(start.textContent).toContain('先领执照，再办税务与变更');
    const steps = within(start)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(steps).toEqual(['1企业开办', '2变更登记、税务综合（不分先后）']);
    expect(start.textContent).toContain('等候 0 人');

    const closed = within(group).getByTestId('visit-tax-first');
    expect(closed.hasAttribute('disabled')).toBe(true);
    expect(closed.textContent).toContain(errorMessage('service_closed_now', 'zh'));

    await user.click(screen.getByRole('button', { name: 'English' }));
    const en = screen.getByRole('region', { name: /One visit, several services/ });
    expect(within(en).getByTestId('visit-start').textContent).toContain(
      'Business changes + Tax services (any order)',
    );
    expect(within(en).getByTestId('visit-tax-first').textContent).toContain(
      errorMessage('service_closed_now', 'en'),
    );
  });

  it('issue one number for the whole itinerary, shown and printed with its steps', async () => {
    const hub = new TestHub(HALL);
    const api = new TestPrinterApi();
    const user = show(hub, api);
    // One touch opens its confirmation (a mistaken touch must not issue a number): the steps
    // and the wait, and a Cancel that issues nothing.
    await user.click(screen.getByTestId('visit-start'));
    const dialog = screen.getByRole('dialog', { name: '确认取号：开办企业一件事' });
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['1企业开办', '2变更登记、税务综合（不分先后）']);
    expect(dialog.textContent).toContain('等候 0 人');
    expect(hub.issued).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(hub.issued).toEqual([]);
    await user.click(screen.getByTestId('visit-start'));
    await user.click(screen.getByRole('button', { name: '确认取号' }));

    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A001');
    const ticket = [...hub.state.tickets.values()].find((t) => t.number === 'A001');
    expect(ticket?.itinerary).toEqual([
      { serviceIds: ['open'] },
      { serviceIds: ['change', 'tax'] },
    ]);
    const result = screen.getByTestId('result');
    expect(result.textContent).toContain('开办企业一件事');
    expect(result.textContent).toContain('办理步骤（凭此号依次办理）');
    const items = within(result).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      '1企业开办',
      '2变更登记、税务综合（不分先后）',
    ]);
    expect(items[0]?.className).toContain('current');

    await screen.findByText('请取走您的号票');
    expect(api.printed).toHaveLength(1);
    expect(api.printed[0]).toMatchObject({
      number: 'A001',
      service: { zh: '开办企业一件事', en: 'Starting a business' },
      steps: [
        [{ zh: '企业开办', en: 'Business start-up' }],
        [
          { zh: '变更登记', en: 'Business changes' },
          { zh: '税务综合', en: 'Tax services' },
        ],
      ],
    });
  });

  it('prints a single-service ticket without steps', async () => {
    const hub = new TestHub(HALL);
    const api = new TestPrinterApi();
    const user = show(hub, api);
    await user.click(screen.getByRole('button', { name: /^市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /^企业开办/ }));
    await screen.findByText('请取走您的号票');
    expect(api.printed[0]?.service).toEqual({ zh: '企业开办', en: 'Business start-up' });
    expect(api.printed[0] && 'steps' in api.printed[0]).toBe(false);
    expect(screen.queryByText('办理步骤（凭此号依次办理）')).toBeNull();
  });

  it("are offered in their department's screen too, and refused out of quota", async () => {
    const hub = new TestHub(HALL);
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /^市场监管局/ }));
    // Beside the services, only its name and its number of steps: the steps are on the home screen.
    const start = screen.getByTestId('visit-start');
    expect(start.textContent).toBe('开办企业一件事一个号码 · 共 2 步等候 0 人 · 暂无窗口办理');
    expect(screen.getAllByRole('button', { name: /企业开办/ })).toHaveLength(1);
    expect(screen.queryByTestId('visit-tax-first')).toBeNull();
    expect(screen.queryByTestId('visit-change-first')).toBeNull();
    // Its confirmation's Cancel goes back to the department's screen it came from.
    await user.click(start);
    await user.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.getByRole('heading', { name: /市场监管局 · 请选择办理事项/ })).toBeTruthy();
    expect(hub.issued).toEqual([]);
    await user.click(screen.getByRole('button', { name: /返回/ }));

    // `change` has issued its one ticket: the visit starting with it is out of quota.
    hub.issueEarlier('change', 'earlier-ticket-token-000001');
    const change = await screen.findByTestId('visit-change-first');
    await screen.findByText(errorMessage('quota_reached', 'zh'), { exact: false });
    expect(change.hasAttribute('disabled')).toBe(true);
    await user.click(change);
    expect(hub.issued).toEqual([]);

    // A service of a later step suspended: the visit is not offered either.
    hub.run({
      type: 'change_config',
      config: {
        ...HALL,
        services: HALL.services.map((s) => (s.id === 'tax' ? { ...s, enabled: false } : s)),
      },
    });
    await waitFor(() =>
      expect(screen.getByTestId('visit-start').textContent).toContain(
        errorMessage('service_disabled', 'zh'),
      ),
    );
    expect(screen.getByTestId('visit-start').hasAttribute('disabled')).toBe(true);
  });

  it('are not shown when the hall has none', () => {
    show(new TestHub());
    expect(screen.queryByRole('region', { name: /一件事一次办/ })).toBeNull();
  });
});
