import type { AuditMessage, DomainEvent, HallConfig } from '@onestop/shared';
import { auditQuery } from '@onestop/shared/testing';
import { describe, expect, it } from 'vitest';
import {
  commitInput,
  hallConfig,
  issueTickets,
  T0,
  useTempStore,
} from '../../store/test-helpers.js';
import { searchAudit } from './audit.js';

/*
 * The audit's diff of a `config_changed` compares it with the configuration in effect before it:
 * the previous change, or the configuration the hall was set up or restarted with (kept in
 * `config_history` by `saveConfig`), so the first change after setup shows what it changed.
 */

const temp = useTempStore();

const QUERY = auditQuery({ type: 'config_changed' });

/** A change made in the console: its event and the configuration saved with it. */
function change(config: HallConfig): void {
  const event: DomainEvent = { type: 'config_changed', config, at: T0 };
  temp.store.commit(commitInput({ events: [event], config }));
}

function withPolicy(config: HallConfig, recallLimit: number): HallConfig {
  return { ...config, hall: { ...config.hall, policy: { ...config.hall.policy, recallLimit } } };
}

const diffs = () =>
  searchAudit(temp.store, QUERY).entries.map((e) =>
    e.configDiff?.changes.map((c) => `${c.section}.${c.field}: ${c.from} → ${c.to}`),
  );

describe('the audit of configuration changes', () => {
  it('shows what the first change after setup changed, against the setup', () => {
    const setup = hallConfig();
    temp.store.saveConfig(setup);
    change(withPolicy(setup, 5));
    change(withPolicy(setup, 3));
    expect(diffs()).toEqual([
      ['hall.policy.recallLimit: 2 → 5'],
      ['hall.policy.recallLimit: 5 → 3'],
    ]);
  });

  it('compares a change after a restart with another file with that file, not the change before', () => {
    const setup = hallConfig();
    temp.store.saveConfig(setup);
    change(withPolicy(setup, 5));
    // The hub restarted with a hall file that says 4 (`onestop-hub --config`).
    temp.store.saveConfig(withPolicy(setup, 4));
    change(withPolicy(setup, 1));
    expect(diffs()).toEqual([
      ['hall.policy.recallLimit: 2 → 5'],
      ['hall.policy.recallLimit: 4 → 1'],
    ]);
  });

  it('has nothing to compare with for a change older than any kept configuration', () => {
    // A log from before configurations were kept: its first change stands alone.
    const setup = hallConfig();
    change(withPolicy(setup, 5));
    temp.store.saveConfig(withPolicy(setup, 5));
    change(withPolicy(setup, 1));
    expect(diffs()).toEqual([undefined, ['hall.policy.recallLimit: 5 → 1']]);
    expect(searchAudit(temp.store, QUERY).entries[0]?.configDiff).toBeNull();
  });
});

describe('the audit of tickets', () => {
  it("keeps a ticket's access token out of the result, as the live events do", () => {
    temp.store.saveConfig(hallConfig());
    const [issued] = issueTickets(temp.store, 1);
    expect(issued?.accessToken).toBe('token-A001');
    const { entries } = searchAudit(temp.store, { ...QUERY, type: 'ticket_issued' });
    expect(entries).toHaveLength(1);
    const event = entries[0]?.event;
    expect(event?.type === 'ticket_issued' && event.ticket.number).toBe('A001');
    expect(JSON.stringify(entries)).not.toContain('token-A001');
  });
});

describe('the audit newest first', () => {
  it('gives the latest events first and pages back from the last one seen, without gap or repeat', () => {
    temp.store.saveConfig(hallConfig());
    issueTickets(temp.store, 7);
    const query: AuditMessage = { ...QUERY, type: 'ticket_issued', limit: 3 };
    const numbers = (r: ReturnType<typeof searchAudit>) =>
      r.entries.map((e) => (e.event.type === 'ticket_issued' ? e.event.ticket.number : ''));
    const first = searchAudit(temp.store, { ...query, order: 'newest_first' });
    expect(numbers(first)).toEqual(['A007', 'A006', 'A005']);
    expect(first.more).toBe(true);
    const seqs = first.entries.map((e) => e.event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const second = searchAudit(temp.store, {
      ...query,
      order: 'newest_first',
      beforeSeq: seqs.at(-1) ?? 0,
    });
    expect(numbers(second)).toEqual(['A004', 'A003', 'A002']);
    const last = searchAudit(temp.store, {
      ...query,
      order: 'newest_first',
      beforeSeq: second.entries.at(-1)?.event.seq ?? 0,
    });
    expect(numbers(last)).toEqual(['A001']);
    expect(last.more).toBe(false);
    // Without an order, oldest first as before.
    expect(numbers(searchAudit(temp.store, query))).toEqual(['A001', 'A002', 'A003']);
  });
});
