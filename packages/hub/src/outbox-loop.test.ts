import { describe, expect, it } from 'vitest';
import type { Hub } from './hub.js';
import { OutboxLoop } from './outbox-loop.js';

/** The little of a hub the loop uses: its events, its store's state and its clock. */
function fakeHub() {
  const listeners = new Set<() => void>();
  const hub = {
    store: { isOpen: true, lost: null },
    now: () => 0,
    onEvents: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { hub: hub as unknown as Hub, commit: () => listeners.forEach((l) => l()) };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('OutboxLoop', () => {
  it('reads the outbox after a commit only when the work says rows were written since its last pass', async () => {
    const { hub, commit } = fakeHub();
    let version = 0;
    let reads = 0;
    const rows: number[] = [];
    const sent: number[] = [];
    const loop = new OutboxLoop<number>(hub, 60_000, {
      name: 'test',
      ready: () => true,
      due: () => {
        reads += 1;
        return rows.splice(0);
      },
      sendOne: (row) => {
        sent.push(row);
        return Promise.resolve();
      },
      idOf: (row) => row,
      version: () => version,
    });
    loop.wake(); // as a sender does when it starts: always a pass
    await turn();
    await turn();
    expect(reads).toBe(1);
    for (let i = 0; i < 5; i++) commit(); // commits that wrote no row: no read
    await turn();
    await turn();
    expect(reads).toBe(1);
    rows.push(7);
    version += 1; // a commit that wrote a row
    commit();
    await turn();
    await turn();
    expect(reads).toBe(2);
    expect(sent).toEqual([7]);
    loop.wake(); // asked for (a resend, new settings): read whatever the version says
    await turn();
    await turn();
    expect(reads).toBe(3);
    await loop.stop();
  });

  it('reads after every commit when the work keeps no version', async () => {
    const { hub, commit } = fakeHub();
    let reads = 0;
    const loop = new OutboxLoop<number>(hub, 60_000, {
      name: 'test',
      ready: () => true,
      due: () => {
        reads += 1;
        return [];
      },
      sendOne: () => Promise.resolve(),
      idOf: (row) => row,
    });
    for (let i = 0; i < 3; i++) {
      commit();
      await turn();
      await turn();
    }
    expect(reads).toBe(3);
    await loop.stop();
  });
});
