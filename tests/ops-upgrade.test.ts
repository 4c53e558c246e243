import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '@onestop/hub';
import { ROOT } from './support/build.js';
import { CHECKOUT_CLI, hubSuite, startHub } from './support/ops-cli.js';

/*
 * An upgrade as a hall lives it: tests/fixtures/hall-schema-v1.sqlite was written by the first
 * released hub (schema 1, commit c99a394; tests/fixtures/make-hall-schema-v1.sh made it) with
 * one business day, 2 March 2026. Today's hub is started on a copy.
 */
const FIXTURE = join(ROOT, 'tests/fixtures/hall-schema-v1.sqlite');
let dir: string;

hubSuite('onestop-upgrade-', (d) => (dir = d));

interface TicketRow {
  number: string;
  status: string;
  window_id: string | null;
  rating_score: number | null;
}

describe('upgrade from schema 1', () => {
  it('starts today’s hub on a database of the first release: migrated, every fact kept', async () => {
    const db = join(dir, 'hall.sqlite');
    copyFileSync(FIXTURE, db);
    const old = new Database(db, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    const oldEvents = old.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n;
    const oldHallId = old
      .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'hall_id'")
      .get()?.value;
    old.close();
    expect(oldEvents).toBe(20);

    // No --config and no --demo: the hall is the one stored in the old file.
    const args = ['--db', db, '--port', '0', '--host', '127.0.0.1', '--backup-every', '0'];
    const hub = await startHub(CHECKOUT_CLI, args, { cwd: dir });
    expect(hub.output()).toContain('示范市政务服务中心');
    const health = (await (await fetch(`${hub.url}/api/health`)).json()) as {
      status: string;
      db: { schemaVersion: number; events: number };
      dayStatus: string;
    };
    expect(health.status).toBe('ok');
    expect(health.db.schemaVersion).toBe(latestVersion());
    // The old day was closed and today's opened: two events on top of the twenty.
    expect(health.db.events).toBeGreaterThan(20);
    expect(health.dayStatus).toBe('open');
    expect(await hub.stop()).toBe(0);

    const now = new Database(db, { readonly: true });
    expect(now.pragma('user_version', { simple: true })).toBe(latestVersion());
    const tables = now
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) => t.name);
    for (const table of [
      'complaint_actions',
      'report_rollups',
      'appointments',
      'manual_complaints',
    ])
      expect(tables).toContain(table);
    expect(
      now.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'hall_id'").get()
        ?.value,
    ).toBe(oldHallId);
    const tickets = now
      .prepare<[string], TicketRow>(
        'SELECT number, status, window_id, rating_score FROM tickets WHERE business_day = ? ORDER BY number',
      )
      .all('2026-03-02');
    expect(tickets).toEqual([
      { number: 'A001', status: 'done', window_id: 'w1', rating_score: 5 },
      { number: 'A002', status: 'no_show', window_id: 'w1', rating_score: null },
      { number: 'A003', status: 'done', window_id: 'w1', rating_score: 1 }, // green channel
      // Never called; when the hub closed the old day, they expired.
      { number: 'A004', status: 'expired', window_id: null, rating_score: null },
      { number: 'B001', status: 'expired', window_id: null, rating_score: null },
    ]);
    // Each call of the old day, folded from its log for the reports (migration 5).
    expect(
      now
        .prepare<
          [string],
          {
            ticket_id: string;
            window_id: string;
            outcome: string | null;
            rating_score: number | null;
          }
        >(
          `SELECT ticket_id, window_id, outcome, rating_score FROM ticket_steps
            WHERE business_day = ? ORDER BY seq`,
        )
        .all('2026-03-02'),
    ).toEqual([
      { ticket_id: '2026-03-02/A001', window_id: 'w1', outcome: 'done', rating_score: 5 },
      { ticket_id: '2026-03-02/A002', window_id: 'w1', outcome: 'no_show', rating_score: null },
      { ticket_id: '2026-03-02/A003', window_id: 'w1', outcome: 'done', rating_score: 1 },
    ]);
    // The rating of 1 opened a complaint under schema 1; it is still there.
    expect(now.prepare('SELECT count(*) AS n FROM complaints').get()).toEqual({ n: 1 });
    expect(
      now
        .prepare<[], { status: string }>(
          "SELECT status FROM days WHERE business_day = '2026-03-02'",
        )
        .get()?.status,
    ).toBe('closed');
    // PINs set by the old hub still log in: the credentials were kept.
    expect(now.prepare('SELECT count(*) AS n FROM staff_credentials').get()).toEqual({ n: 3 });
    now.close();
  });

  it('backs up the day it closes at start and keeps backups for --keep-days only', async () => {
    const db = join(dir, 'retention.sqlite');
    copyFileSync(FIXTURE, db);
    const backups = join(dir, 'retention-backups');
    mkdirSync(backups);
    // Backups are named by their UTC time: one from 2000, one of 10 days ago, one of 3 days ago.
    const name = (at: number) =>
      `onestop-${new Date(at).toISOString().replace(/[-:]/g, '').slice(0, 15).replace('T', '-')}.sqlite`;
    const day = 24 * 60 * 60 * 1000;
    const old = ['onestop-20000101-000000.sqlite', name(Date.now() - 10 * day)];
    const recent = name(Date.now() - 3 * day);
    for (const file of [...old, recent, 'notes.txt']) copyFileSync(FIXTURE, join(backups, file));

    // The fixture's day (2 March 2026) is still open: the hub closes it as it starts, and the
    // day's close makes a backup, after which backups older than --keep-days are pruned.
    const hub = await startHub(
      CHECKOUT_CLI,
      ['--db', db, '--port', '0', '--host', '127.0.0.1', '--backup-dir', backups].concat([
        '--backup-every',
        '0',
        '--keep-days',
        '7',
      ]),
      { cwd: dir },
    );
    expect(hub.output()).toMatch(/only at day close, kept 7 days/);
    const deadline = Date.now() + 15_000;
    let files = readdirSync(backups);
    while (files.some((f) => old.includes(f)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      files = readdirSync(backups);
    }
    expect(await hub.stop()).toBe(0);
    files = readdirSync(backups).sort();
    for (const gone of old) expect(files).not.toContain(gone);
    expect(files).toContain(recent);
    expect(files).toContain('notes.txt'); // not ours: never touched
    const made = files.filter((f) => /^onestop-.*\.sqlite$/.test(f) && f !== recent);
    expect(made).toHaveLength(1);
    const copy = new Database(join(backups, made[0] ?? ''), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(
      copy
        .prepare<[], { status: string }>(
          "SELECT status FROM days WHERE business_day = '2026-03-02'",
        )
        .get()?.status,
    ).toBe('closed');
    copy.close();
  });
});
