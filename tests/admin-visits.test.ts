import { afterEach, describe, expect, it } from 'vitest';
import type { CombinedVisit, ConfigChange } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import type { TicketStatusView } from '@onestop/hub';
import { HubTestHall, waitFor } from './support/hall.js';

/**
 * Combined visits (一件事一次办) changed by the admin console through `change_config`, against a
 * real hub on a real SQLite file: put, renamed, re-stepped and removed live (a kiosk's mirror
 * follows), refusals naming the wrong field, and one number taken for a visit served through two
 * departments.
 */

type Ack<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };
const said = <T>(ack: Ack<T>): string =>
  ack.ok ? 'OK' : `${ack.error.code}: ${ack.error.message}`;

let hall: HubTestHall;
afterEach(async () => {
  await hall.close();
});

const MOVE: CombinedVisit = {
  id: 'move-house',
  departmentId: null,
  name: { zh: '迁居一件事', en: 'Moving house' },
  description: null,
  steps: [{ serviceIds: ['hukou'] }, { serviceIds: ['social', 'medical'] }],
};

async function started() {
  hall = await HubTestHall.start();
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const change = (change: ConfigChange) => admin.command('change_config', { change });
  return { admin, kiosk, change };
}

const visitsOf = (client: HubClient<'kiosk'>) =>
  (client.state?.config.combinedVisits ?? []).map((v) => v.id);

describe('combined visits changed at the console', () => {
  it('are added, renamed, re-stepped and removed live, and kept in the store', async () => {
    const { kiosk, change } = await started();
    expect(visitsOf(kiosk)).toEqual(['start-business', 'buy-home']);

    expect(said(await change({ kind: 'combined_visit', visit: MOVE }))).toBe('OK');
    await waitFor(() => visitsOf(kiosk).includes('move-house'), 5_000, 'the kiosk sees the visit');
    expect(hall.hub.store.loadConfig()?.combinedVisits?.[2]).toEqual(MOVE);

    const renamed = { ...MOVE, name: { zh: '搬家一件事', en: 'Moving home' } };
    expect(said(await change({ kind: 'combined_visit', visit: renamed }))).toBe('OK');
    const restepped = {
      ...renamed,
      departmentId: 'police',
      steps: [{ serviceIds: ['hukou', 'exit-entry'] }, { serviceIds: ['social'] }],
    };
    expect(said(await change({ kind: 'combined_visit', visit: restepped }))).toBe('OK');
    await waitFor(
      () => kiosk.state?.config.combinedVisits?.[2]?.steps[0]?.serviceIds.length === 2,
      5_000,
      'the kiosk sees the new steps',
    );
    expect(kiosk.state?.config.combinedVisits?.[2]).toEqual(restepped);
    expect(visitsOf(kiosk)).toEqual(['start-business', 'buy-home', 'move-house']);

    expect(said(await change({ kind: 'combined_visit_remove', visitId: 'start-business' }))).toBe(
      'OK',
    );
    await waitFor(() => !visitsOf(kiosk).includes('start-business'), 5_000, 'removed');
    expect(visitsOf(kiosk)).toEqual(['buy-home', 'move-house']);
    expect(hall.hub.store.loadConfig()?.combinedVisits?.map((v) => v.id)).toEqual([
      'buy-home',
      'move-house',
    ]);
  });

  it('are refused with the wrong field named, and the configuration is left as it was', async () => {
    const { admin, change } = await started();
    const before = JSON.stringify(hall.hub.config);

    expect(
      said(
        await change({
          kind: 'combined_visit',
          visit: {
            ...MOVE,
            departmentId: 'nowhere',
            steps: [{ serviceIds: ['hukou', 'ghost'] }, { serviceIds: ['social', 'hukou'] }],
          },
        }),
      ),
    ).toBe(
      'invalid_message: combinedVisits.2.departmentId: no department "nowhere"; ' +
        'combinedVisits.2.steps.0.serviceIds.1: no service "ghost"; ' +
        'combinedVisits.2.steps.1.serviceIds.1: service "hukou" appears twice in the visit',
    );
    // Shape errors are the message's own, caught before the configuration is touched.
    const seven = Array.from({ length: 7 }, (_, i) => ({ serviceIds: [`s${i}`] }));
    const tooLong = await admin.command('change_config', {
      change: { kind: 'combined_visit', visit: { ...MOVE, steps: seven } },
    });
    expect(said(tooLong)).toMatch(/^invalid_message: .*change\.visit\.steps/);
    expect(said(await change({ kind: 'combined_visit_remove', visitId: 'nope' }))).toBe(
      'invalid_message: visitId: no combined visit "nope"',
    );

    // A visit is made of enabled services only.
    const estate = hall.hub.config.services.find((s) => s.id === 'estate-reg');
    if (!estate) throw new Error('the demo hall has an estate-reg service');
    const suspended = await change({ kind: 'service', service: { ...estate, enabled: false } });
    const after = JSON.stringify(hall.hub.config);
    expect(
      said(
        await change({
          kind: 'combined_visit',
          visit: { ...MOVE, steps: [{ serviceIds: ['estate-reg'] }] },
        }),
      ),
    ).toBe(
      'invalid_message: combinedVisits.2.steps.0.serviceIds.0: service "estate-reg" is disabled',
    );
    expect(JSON.stringify(hall.hub.config)).toBe(after);
    // But a service a visit already takes may be suspended: the visit is then not offered.
    expect(said(suspended)).toBe('OK');
    expect(hall.hub.config.combinedVisits?.[1]?.steps[0]?.serviceIds).toEqual(['estate-reg']);
    expect(said(await change({ kind: 'service', service: estate }))).toBe('OK');

    // A supervisor may not change the configuration.
    const supervisor = await hall.client('admin', await hall.login('S01', '2468'));
    const bySupervisor = await supervisor.command('change_config', {
      change: { kind: 'combined_visit', visit: MOVE },
    });
    expect(said(bySupervisor)).toMatch(/^forbidden: /);
    expect(JSON.stringify(hall.hub.config)).toBe(before);
  });

  it('give one number served through two departments in turn', async () => {
    const { kiosk } = await started();
    const visit = kiosk.state?.config.combinedVisits?.find((v) => v.id === 'start-business');
    if (!visit) throw new Error('the demo hall has the start-business visit');
    const issued = await kiosk.command('issue_ticket', { itinerary: visit.steps, class: 'normal' });
    if (!issued.ok) throw new Error(said(issued));
    const ticket = issued.result.ticket;
    expect(ticket.number).toBe('A001');
    const status = async () => {
      const res = await fetch(`${hall.url}/t/${ticket.accessToken}.json`);
      return ((await res.json()) as { view: TicketStatusView }).view;
    };
    const page = await (await fetch(`${hall.url}/t/${ticket.accessToken}`)).text();
    expect(page).toContain('开办企业一件事');
    expect(page).toContain('<li id="step-0" class="step current">');
    expect(page).toContain('2. 税务综合、社保办理（不分先后） · 待办');
    expect(page).toContain('2. Tax services, Social insurance (any order) · next');

    const market = await hall.openWindow('w1', 'C01');
    const called = await market.command('call_next', {});
    expect(called.ok && called.result.ticket?.id).toBe(ticket.id);
    expect(said(await market.command('start_serving', {}))).toBe('OK');
    expect(said(await market.command('finish', {}))).toBe('OK');
    const between = await status();
    expect(between.service).toEqual({ zh: '开办企业一件事', en: 'Starting a business' });
    expect(between.steps?.map((s) => s.state)).toEqual(['done', 'current']);
    expect(between.steps?.[0]?.text.zh).toBe('1. 企业开办 · 已办');

    const tax = await hall.openWindow('w10', 'C10');
    const next = await tax.command('call_next', {});
    expect(next.ok && next.result.ticket?.id).toBe(ticket.id);
    expect(hall.hub.current.tickets.get(ticket.id)).toMatchObject({
      stepIndex: 1,
      status: 'called',
      returned: true,
    });
    expect(said(await tax.command('start_serving', {}))).toBe('OK');
    expect(said(await tax.command('finish', {}))).toBe('OK');
    // The second step's other service is still to do: the number waits for social insurance.
    const half = await status();
    expect(half.steps?.[1]?.text.en).toBe(
      '2. Tax services (done), Social insurance (any order) · now',
    );
    expect(half.final).toBe(false);
  });
});
