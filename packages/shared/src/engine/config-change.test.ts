import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { apply, initialState } from './apply.js';
import { EngineTestHall, testHall } from './test-fixture.js';

describe('change_config', () => {
  it('applies the new configuration as is, with or without an open day', () => {
    const config = testHall();
    const state = initialState(config);
    const next = testHall();
    const first = next.services[0];
    if (!first) throw new Error('no service');
    first.name = { zh: '新名称', en: 'New name' };
    const decision = decide(state, { type: 'change_config', config: next }, 1000);
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.events).toEqual([{ type: 'config_changed', config: next, at: 1000 }]);
    const after = apply(state, decision.events[0] as (typeof decision.events)[number]);
    expect(after.config.services[0]?.name.en).toBe('New name');
    // The state keeps its own copy: changing the event later changes nothing.
    first.name.en = 'changed afterwards';
    expect(after.config.services[0]?.name.en).toBe('New name');
  });

  it('adds a new window closed and keeps the others as they are', () => {
    const hall = EngineTestHall.open();
    const w1 = hall.state.config.windows[0];
    if (!w1) throw new Error('no window');
    hall.openWindow(w1.id);
    const next = structuredClone(hall.state.config);
    next.windows.push({ ...w1, id: 'w-new', number: 99 });
    hall.run({ type: 'change_config', config: next });
    expect(hall.state.windows.get('w-new')?.status).toBe('closed');
    expect(hall.state.windows.get(w1.id)?.status).toBe('open');
  });

  it('refuses to remove a window that is not closed, and removes a closed one', () => {
    const hall = EngineTestHall.open();
    const [w1, w2] = hall.state.config.windows;
    if (!w1 || !w2) throw new Error('no windows');
    hall.openWindow(w1.id);
    const withoutW1 = structuredClone(hall.state.config);
    withoutW1.windows = withoutW1.windows.filter((w) => w.id !== w1.id);
    const refused = decide(hall.state, { type: 'change_config', config: withoutW1 }, hall.now);
    expect(refused.ok ? 'OK' : refused.error.code).toBe('window_not_closed');
    const withoutW2 = structuredClone(hall.state.config);
    withoutW2.windows = withoutW2.windows.filter((w) => w.id !== w2.id);
    hall.run({ type: 'change_config', config: withoutW2 });
    expect(hall.state.windows.has(w2.id)).toBe(false);
  });
});
