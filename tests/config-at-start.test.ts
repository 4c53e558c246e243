import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigFieldChange, HallConfig } from '@onestop/shared';
import {
  ConfigDiffersError,
  ConfigRefusedError,
  DEMO_HALL,
  describeConfigDiff,
  Hub,
  searchAudit,
} from '@onestop/hub';
import { auditQuery, thrown } from '@onestop/shared/testing';
import { ok } from './support/acks.js';
import { HubTestHall } from './support/hall.js';

/*
 * The configuration given when the hub starts (`--config`, `--demo`) against the one the database
 * holds, which keeps the admin console's changes: one truth. A file that differs is refused with
 * its differences; with `replaceConfig` it is a `config_changed` like a console change.
 */

let hall: HubTestHall | null = null;
const folders: string[] = [];
afterEach(async () => {
  await hall?.close();
  hall = null;
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const NOTICE = { zh: '今日下午系统维护', en: 'System maintenance this afternoon' };

/** The diffs the audit shows for the `config_changed` events, oldest first. */
function auditDiffs(hub: Hub): (ConfigFieldChange[] | null)[] {
  const { entries } = searchAudit(hub.store, auditQuery({ type: 'config_changed' }));
  return entries.map((e) => e.configDiff?.changes ?? null);
}

/** A demo hall whose console changed the notice, stopped; its database file. */
async function changedInTheConsole(): Promise<string> {
  const first = await HubTestHall.start();
  hall = first;
  folders.push(dirname(first.dbPath));
  const admin = await first.client('admin', await first.login());
  ok(await admin.command('change_config', { change: { kind: 'notice', notice: NOTICE } }));
  await first.close({ keepFiles: true });
  hall = null;
  return first.dbPath;
}

describe('a configuration given at start', () => {
  it('is refused when it differs from the stored one, with the differences, and nothing changes', async () => {
    const dbPath = await changedInTheConsole();
    const before = Hub.open({ dbPath });
    const lastSeq = before.store.lastSeq();
    before.close();

    // The demo's file again (what `--demo` or `--config hall.json` would give): refused.
    const err = thrown(() => Hub.open({ dbPath, config: DEMO_HALL }));
    expect(err).toBeInstanceOf(ConfigDiffersError);
    expect(describeConfigDiff((err as ConfigDiffersError).diff)).toEqual([
      `hall: notice.zh ${NOTICE.zh} → ${DEMO_HALL.hall.notice.zh}`,
      `hall: notice.en ${NOTICE.en} → ${DEMO_HALL.hall.notice.en}`,
    ]);
    const after = Hub.open({ dbPath });
    expect(after.config.hall.notice).toEqual(NOTICE);
    expect(after.store.loadConfig()?.hall.notice).toEqual(NOTICE);
    expect(after.store.lastSeq()).toBe(lastSeq);
    after.close();

    // The same configuration as stored is no change: the hub starts, writing nothing.
    const same = Hub.open({
      dbPath,
      config: { ...DEMO_HALL, hall: { ...DEMO_HALL.hall, notice: NOTICE } },
    });
    expect(same.startConfig).toBe('same');
    expect(same.store.lastSeq()).toBe(lastSeq);
    same.close();

    // Restarted as a hall is (no file), the next console change is audited against the right
    // configuration: only what it changed.
    hall = await HubTestHall.start({ dbPath, config: null });
    const admin = await hall.client('admin', await hall.login());
    const policy = { ...hall.hub.config.hall.policy, recallLimit: 4 };
    ok(await admin.command('change_config', { change: { kind: 'policy', policy } }));
    expect(auditDiffs(hall.hub).at(-1)).toEqual([
      {
        section: 'hall',
        item: null,
        change: 'changed',
        field: 'policy.recallLimit',
        from: String(DEMO_HALL.hall.policy.recallLimit),
        to: '4',
      },
    ]);
  });

  it('takes a file equal to one stored by an older hub (before a field existed) as the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onestop-config-'));
    folders.push(dir);
    const dbPath = join(dir, 'hall.sqlite');
    // As an older hub stored it: no combined visits, no calendar.
    const older: Partial<HallConfig> = structuredClone(DEMO_HALL);
    delete older.combinedVisits;
    const olderHall: Partial<HallConfig['hall']> = older.hall ?? {};
    delete olderHall.holidays;
    delete olderHall.extraWorkdays;
    const setup = Hub.open({ dbPath, config: { ...older, hall: olderHall } as HallConfig });
    expect(setup.startConfig).toBe('new');
    setup.close();
    const file = {
      ...older,
      combinedVisits: [],
      hall: { ...olderHall, holidays: [], extraWorkdays: [] },
    } as HallConfig;
    const hub = Hub.open({ dbPath, config: file });
    expect(hub.startConfig).toBe('same');
    expect(hub.store.lastSeq()).toBe(0);
    hub.close();
  });

  it('replaces the stored one as an audited change when asked, and stays after a restart', async () => {
    const dbPath = await changedInTheConsole();
    const hub = Hub.open({ dbPath, config: DEMO_HALL, replaceConfig: true });
    expect(hub.startConfig).toBe('replaced');
    expect(hub.config.hall.notice).toEqual(DEMO_HALL.hall.notice);
    expect(hub.store.loadConfig()?.hall.notice).toEqual(DEMO_HALL.hall.notice);
    const [last] = hub.store.eventsAfter(hub.store.lastSeq() - 1, 1);
    expect(last?.type).toBe('config_changed');
    // Audited with its diff against the configuration it replaced (the console's).
    expect(
      auditDiffs(hub)
        .at(-1)
        ?.map((c) => `${c.field}: ${c.from} → ${c.to}`),
    ).toEqual([
      `notice.zh: ${NOTICE.zh} → ${DEMO_HALL.hall.notice.zh}`,
      `notice.en: ${NOTICE.en} → ${DEMO_HALL.hall.notice.en}`,
    ]);
    hub.close();

    // One truth: started again without the file, the hall has what the file gave.
    const again = Hub.open({ dbPath });
    expect(again.config.hall.notice).toEqual(DEMO_HALL.hall.notice);
    expect(again.startConfig).toBeNull();
    again.close();
  });

  it('applies a replacement only under the rules of a console change', async () => {
    hall = await HubTestHall.start();
    folders.push(dirname(hall.dbPath));
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      }),
    );
    const { dbPath } = hall;
    await hall.close({ keepFiles: true });
    hall = null;
    const stored = (): HallConfig | null => {
      const hub = Hub.open({ dbPath });
      try {
        return hub.store.loadConfig();
      } finally {
        hub.close();
      }
    };
    const before = stored();

    // A ticket waits: the timezone may not change (it decides the business day).
    const elsewhere = { ...DEMO_HALL, hall: { ...DEMO_HALL.hall, timezone: 'America/New_York' } };
    const busy = thrown(() => Hub.open({ dbPath, config: elsewhere, replaceConfig: true }));
    expect(busy).toBeInstanceOf(ConfigRefusedError);
    expect(String(busy)).toMatch(/hall\.timezone: cannot change while 1 ticket\(s\) are waiting/);

    // Checked whole, as a console change is: a duplicate prefix is named.
    const [a, b] = DEMO_HALL.services;
    const clash = {
      ...DEMO_HALL,
      services: DEMO_HALL.services.map((s) =>
        s.id === b?.id ? { ...s, prefix: a?.prefix ?? '' } : s,
      ),
    };
    const bad = thrown(() => Hub.open({ dbPath, config: clash, replaceConfig: true }));
    expect(bad).toBeInstanceOf(ConfigRefusedError);
    expect(String(bad)).toMatch(/services\.1\.prefix: duplicate prefix/);

    expect(stored()).toEqual(before);
  });
});
