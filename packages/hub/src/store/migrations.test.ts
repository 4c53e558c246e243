import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, latestVersion, migrate, type Migration } from './migrations/index.js';
import { Store, StoreError } from './index.js';
import { commitInput, ev, tempDir, type TempDir } from './test-helpers.js';

let tmp: TempDir;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.remove();
});

function schemaOf(db: Database.Database): unknown[] {
  return db
    .prepare('SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE ? ORDER BY name')
    .all('sqlite_%');
}

function objectNames(db: Database.Database, type: string): string[] {
  return db
    .prepare<[string], string>('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name')
    .pluck()
    .all(type)
    .filter((n) => !n.startsWith('sqlite_'));
}

/**
 * Per migration: rows to seed at version N-1 and what must hold at N. Every migration needs an
 * entry, so a new one cannot ship untested.
 */
const STEPS: Record<
  number,
  { seed(db: Database.Database): void; check(db: Database.Database): void }
> = {
  1: {
    // Version 0 is an empty file: nothing to seed.
    seed: () => undefined,
    check: (db) => {
      expect(objectNames(db, 'table')).toEqual([
        'command_results',
        'complaints',
        'config',
        'days',
        'devices',
        'events',
        'meta',
        'pairing_codes',
        'staff_credentials',
        'tickets',
        'window_states',
      ]);
      expect(objectNames(db, 'trigger')).toEqual(['events_no_delete', 'events_no_update']);
      expect(objectNames(db, 'index')).toEqual(
        expect.arrayContaining([
          'events_business_day',
          'events_ticket',
          'events_window',
          'events_type_at',
          'tickets_day_service',
          'tickets_day_status',
          'tickets_window_day',
          'tickets_staff_day',
        ]),
      );
    },
  },
  2: {
    seed: (db) => {
      db.prepare(
        `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score, opened_at,
           deadline_at, status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run('2025-03-14/C001', '2025-03-14/A001', 'w1', 'C01', 'biz-open', 1, 1, 2, 'open', '{}');
    },
    check: (db) => {
      expect(objectNames(db, 'table')).toEqual(
        expect.arrayContaining(['complaint_actions', 'report_rollups']),
      );
      expect(objectNames(db, 'index')).toEqual(
        expect.arrayContaining([
          'complaint_actions_complaint',
          'events_at',
          'tickets_report',
          'tickets_transfers',
        ]),
      );
      expect(db.prepare('SELECT count(*) AS n FROM complaints').get()).toEqual({ n: 1 });
      const insert = db.prepare(
        'INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text) VALUES (?, ?, ?, ?, ?)',
      );
      insert.run('2025-03-14/C001', 5, 'S01', 'note', 'called back');
      expect(() => db.prepare('DELETE FROM complaint_actions').run()).toThrow(/append-only/);
    },
  },
  3: {
    seed: (db) => {
      db.prepare(
        `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score, opened_at,
           deadline_at, status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run('2025-03-15/C001', '2025-03-15/A001', 'w1', 'C01', 'biz-open', 1, 1, 2, 'open', '{}');
    },
    check: (db) => {
      expect(objectNames(db, 'table')).toEqual(expect.arrayContaining(['appointments']));
      expect(objectNames(db, 'index')).toEqual(
        expect.arrayContaining(['appointments_day_code', 'appointments_slot']),
      );
      expect(db.prepare('SELECT count(*) AS n FROM complaints').get()).toEqual({ n: 1 });
      const insert = db.prepare(
        `INSERT INTO appointments (id, business_day, code, service_id, slot_at, phone_salt,
           phone_hash, status, ticket_id, created_at, created_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      insert.run('ap1', '2025-03-15', '381920', 'tax', 9, null, null, 'booked', null, 1, 'k1');
      // A code is unique on its day; another day may reuse it.
      expect(() =>
        insert.run('ap2', '2025-03-15', '381920', 'tax', 9, null, null, 'booked', null, 1, 'k2'),
      ).toThrow(/UNIQUE/);
      insert.run('ap3', '2025-03-16', '381920', 'tax', 9, null, null, 'booked', null, 1, 'k3');
      // Checked in always names its ticket; a phone hash always has its salt.
      expect(() =>
        insert.run(
          'ap4',
          '2025-03-15',
          '111111',
          'tax',
          9,
          null,
          null,
          'checked_in',
          null,
          1,
          'k4',
        ),
      ).toThrow(/CHECK/);
      expect(() =>
        insert.run('ap5', '2025-03-15', '222222', 'tax', 9, null, 'h', 'booked', null, 1, 'k5'),
      ).toThrow(/CHECK/);
    },
  },
  4: {
    seed: (db) => {
      db.prepare(
        'INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text) VALUES (?, ?, ?, ?, ?)',
      ).run('2025-03-15/C001', 5, 'S01', 'note', 'kept');
    },
    check: (db) => {
      expect(objectNames(db, 'table')).toEqual(expect.arrayContaining(['manual_complaints']));
      expect(db.prepare('SELECT count(*) AS n FROM complaint_actions').get()).toEqual({ n: 1 });
      const insert = db.prepare(
        `INSERT INTO manual_complaints (id, opened_at, deadline_at, opened_by, contact_masked,
           summary, service_id, window_id, staff_code, ticket_id, command_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      insert.run(
        '2025-03-15/M001',
        1,
        2,
        'S01',
        '138****5678',
        'rude',
        null,
        'w1',
        null,
        null,
        'c1',
      );
      // A whole phone number is refused by the table itself.
      expect(() =>
        insert.run(
          '2025-03-15/M002',
          1,
          2,
          'S01',
          '13812345678',
          'x',
          null,
          null,
          null,
          null,
          'c2',
        ),
      ).toThrow(/CHECK/);
      expect(() => db.prepare('DELETE FROM manual_complaints').run()).toThrow(/append-only/);
    },
  },
  5: {
    // A ticket served at w1 for its first step, rated there, then called at w2 for its second.
    seed: (db) => {
      const id = '2025-03-15/A001';
      db.prepare(
        `INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at,
           recall_count, body) VALUES (?, '2025-03-15', 'A001', 'biz-open', 'normal', 'called',
           1000, 0, '{}')`,
      ).run(id);
      const event = db.prepare(
        `INSERT INTO events (at, type, business_day, ticket_id, window_id, actor, body)
         VALUES (?, ?, '2025-03-15', ?, ?, '{"kind":"system"}', ?)`,
      );
      const call = (windowId: string, serviceId: string, at: number) =>
        event.run(
          at,
          'ticket_called',
          id,
          windowId,
          JSON.stringify({
            type: 'ticket_called',
            ticketId: id,
            windowId,
            staffCode: windowId === 'w1' ? 'C01' : 'C02',
            serviceId,
            reason: 'fifo',
            at,
          }),
        );
      call('w1', 'biz-open', 2000);
      event.run(
        2500,
        'service_started',
        id,
        'w1',
        JSON.stringify({
          type: 'service_started',
          ticketId: id,
          windowId: 'w1',
          serviceId: 'biz-open',
          at: 2500,
        }),
      );
      event.run(
        4000,
        'service_finished',
        id,
        'w1',
        JSON.stringify({
          type: 'service_finished',
          ticketId: id,
          windowId: 'w1',
          serviceId: 'biz-open',
          nextQueueServiceIds: ['biz-change'],
          nextStepIndex: 1,
          done: false,
          at: 4000,
        }),
      );
      event.run(
        4100,
        'rating_recorded',
        id,
        null,
        JSON.stringify({
          type: 'rating_recorded',
          ticketId: id,
          rating: {
            score: 5,
            reasons: [],
            at: 4100,
            windowId: 'w1',
            staffCode: 'C01',
            serviceId: 'biz-open',
          },
          at: 4100,
        }),
      );
      call('w2', 'biz-change', 9000);
      db.prepare(
        `INSERT INTO report_rollups (business_day, grouping, closed_at, body) VALUES (?, ?, ?, ?)`,
      ).run('2025-03-14', 'window', 1, '[]');
    },
    check: (db) => {
      expect(objectNames(db, 'table')).toEqual(expect.arrayContaining(['ticket_steps']));
      expect(objectNames(db, 'index')).toEqual(
        expect.arrayContaining(['ticket_steps_report', 'ticket_steps_ticket']),
      );
      // Filled from the log: each call where it happened, waiting from its own queue.
      expect(
        db
          .prepare(
            `SELECT window_id, staff_code, service_id, queued_at, called_at, started_at, ended_at,
                    outcome, requeued_at, rating_score FROM ticket_steps ORDER BY seq`,
          )
          .all(),
      ).toEqual([
        {
          window_id: 'w1',
          staff_code: 'C01',
          service_id: 'biz-open',
          queued_at: 1000,
          called_at: 2000,
          started_at: 2500,
          ended_at: 4000,
          outcome: 'done',
          requeued_at: 4000,
          rating_score: 5,
        },
        {
          window_id: 'w2',
          staff_code: 'C02',
          service_id: 'biz-change',
          queued_at: 4000,
          called_at: 9000,
          started_at: null,
          ended_at: null,
          outcome: null,
          requeued_at: null,
          rating_score: null,
        },
      ]);
      // Rollups summed by the ticket's last call are gone, to be summed again.
      expect(db.prepare('SELECT count(*) AS n FROM report_rollups').get()).toEqual({ n: 0 });
    },
  },
  6: {
    seed: (db) => {
      db.prepare(
        `INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at,
           recall_count, body) VALUES (?, '2025-03-16', 'A001', 'biz-open', 'normal', 'waiting',
           1000, 0, '{"transfers":[]}')`,
      ).run('2025-03-16/A001');
      db.prepare(
        `INSERT INTO events (at, type, business_day, ticket_id, window_id, actor, body)
         VALUES (1000, 'day_opened', '2025-03-16', NULL, NULL, '{"kind":"system"}', '{}')`,
      ).run();
    },
    check: (db) => {
      const indexes = objectNames(db, 'index');
      for (const gone of [
        'events_business_day',
        'events_ticket',
        'events_window',
        'tickets_day_service',
        'tickets_day_status',
        'tickets_window_day',
        'tickets_staff_day',
        'tickets_transfers',
        'command_results_at',
      ]) {
        expect(indexes).not.toContain(gone);
      }
      // What the queries use stays.
      expect(indexes).toEqual(
        expect.arrayContaining([
          'events_at',
          'events_type_at',
          'tickets_report',
          'ticket_steps_report',
          'ticket_steps_ticket',
        ]),
      );
      expect(db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
      // The ticket numbers stay unique per day (a constraint, not one of the dropped indexes).
      expect(() =>
        db
          .prepare(
            `INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at,
               recall_count, body) VALUES ('x', '2025-03-16', 'A001', 'biz-open', 'normal',
               'waiting', 1, 0, '{}')`,
          )
          .run(),
      ).toThrow(/UNIQUE/);
    },
  },
  7: {
    // A hall changed in the console once (event 2), then restarted: the stored configuration.
    seed: (db) => {
      db.prepare(
        `INSERT INTO events (at, type, business_day, ticket_id, window_id, actor, body)
         VALUES (1000, 'day_opened', '2025-03-16', NULL, NULL, '{"kind":"system"}', '{}'),
                (2000, 'config_changed', NULL, NULL, NULL, '{"kind":"system"}', '{}')`,
      ).run();
      db.prepare(`INSERT INTO config (id, body, updated_at) VALUES (1, '{"hall":{}}', 3000)`).run();
    },
    check: (db) => {
      // The configuration in effect now is kept as of the newest event: the next change's diff.
      expect(db.prepare('SELECT after_seq, at, body FROM config_history').all()).toEqual([
        { after_seq: 2, at: 3000, body: '{"hall":{}}' },
      ]);
      expect(objectNames(db, 'index')).toContain('config_history_after_seq');
    },
  },
  8: {
    // A hall with two events and the stored result of a create_device with its code in clear.
    seed: (db) => {
      db.prepare(`INSERT INTO meta (key, value) VALUES ('hall_id', 'hall-1')`).run();
      db.prepare(
        `INSERT INTO events (at, type, business_day, ticket_id, window_id, actor, body)
         VALUES (1000, 'day_opened', '2025-03-16', NULL, NULL, '{"kind":"system"}', '{}'),
                (2000, 'window_opened', NULL, NULL, 'w1', '{"kind":"system"}', '{}')`,
      ).run();
      db.prepare(
        `INSERT INTO command_results (actor_key, command_id, result, seq_from, seq_to, at)
         VALUES ('staff:ADMIN|create_device', 'c1',
                 '{"deviceId":"d1","pairingCode":"ABCD2345","expiresAt":9}', NULL, 2, 3000),
                ('device:k1|issue_ticket', 'c2', '{"ticket":null}', 1, 1, 3000)`,
      ).run();
    },
    check: (db) => {
      // An old hall gets a history of its own, after its newest event.
      const rows = db
        .prepare<[], { id: string; began: string; after_seq: number; at: number | null }>(
          'SELECT id, began, after_seq, at FROM histories',
        )
        .all();
      expect(rows.map(({ id: _, ...row }) => row)).toEqual([
        { began: 'migration', after_seq: 2, at: null },
      ]);
      expect(rows[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
      // No pairing code stays in a stored result; the device id does (a retry needs it).
      expect(
        db.prepare('SELECT command_id, result FROM command_results ORDER BY command_id').all(),
      ).toEqual([
        { command_id: 'c1', result: '{"deviceId":"d1"}' },
        { command_id: 'c2', result: '{"ticket":null}' },
      ]);
      expect(() =>
        db.prepare(`INSERT INTO histories (id, began, after_seq) VALUES ('x', 'oops', 0)`).run(),
      ).toThrow(/CHECK/);
    },
  },
  9: {
    // A paired window terminal: its clerk's login can now be kept, bound to it.
    seed: (db) => {
      db.prepare(
        `INSERT INTO devices (id, kind, name, window_id, token_hash, created_at)
         VALUES ('d1', 'window_terminal', 'w1', 'w1', 'aa', 1000)`,
      ).run();
    },
    check: (db) => {
      expect(objectNames(db, 'table')).toContain('clerk_sessions');
      expect(objectNames(db, 'index')).toEqual(
        expect.arrayContaining([
          'clerk_sessions_device',
          'clerk_sessions_staff',
          'clerk_sessions_expires',
        ]),
      );
      db.pragma('foreign_keys = ON');
      const insert = db.prepare(
        `INSERT INTO clerk_sessions (token_hash, staff_code, device_id, pin_tag, created_at,
           expires_at) VALUES (?, 'C01', ?, 'tag', 1000, 2000)`,
      );
      insert.run('h1', 'd1');
      // A login belongs to a device that exists.
      expect(() => insert.run('h2', 'no-such-device')).toThrow(/FOREIGN KEY/);
      // One row per token hash.
      expect(() => insert.run('h1', 'd1')).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(db.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 1 });
    },
  },
  10: {
    // Configurations kept before the table was STRICT (migration 007), one with a gap in the ids.
    seed: (db) => {
      db.prepare(
        `INSERT INTO config_history (id, after_seq, at, body)
         VALUES (1, 0, 1000, '{"hall":{}}'), (3, 5, 2000, '{"hall":{"name":"x"}}')`,
      ).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT id, after_seq, at, body FROM config_history').all()).toEqual([
        { id: 1, after_seq: 0, at: 1000, body: '{"hall":{}}' },
        { id: 3, after_seq: 5, at: 2000, body: '{"hall":{"name":"x"}}' },
      ]);
      expect(objectNames(db, 'index')).toContain('config_history_after_seq');
      expect(objectNames(db, 'table')).not.toContain('config_history_007');
      // STRICT: a value of the wrong type is refused, not kept as it came.
      expect(() =>
        db
          .prepare(`INSERT INTO config_history (after_seq, at, body) VALUES ('soon', 3000, '{}')`)
          .run(),
      ).toThrow(/cannot store TEXT value in INTEGER column/);
      // A new row gets the next id after the highest kept.
      const { lastInsertRowid } = db
        .prepare(`INSERT INTO config_history (after_seq, at, body) VALUES (6, 3000, '{}')`)
        .run();
      expect(Number(lastInsertRowid)).toBe(4);
    },
  },
  11: {
    // A file with a history: its link acknowledgements name it.
    seed: (db) => {
      db.prepare(
        `INSERT INTO histories (id, began, after_seq, at) VALUES ('h1', 'setup', 0, 1000)`,
      ).run();
    },
    check: (db) => {
      expect(objectNames(db, 'table')).toEqual(
        expect.arrayContaining(['region_link', 'region_link_acks']),
      );
      expect(db.prepare('SELECT count(*) AS n FROM histories').get()).toEqual({ n: 1 });
      const link = db.prepare(
        `INSERT INTO region_link (id, url, hall_id, hall_name, token, code_hash, paired_at)
         VALUES (?, 'https://region.test', 'hall-1', 'Hall', 'token', 'hash', 1000)`,
      );
      link.run(1);
      // One link per hall.
      expect(() => link.run(2)).toThrow(/CHECK/);
      db.pragma('foreign_keys = ON');
      const ack = db.prepare(
        'INSERT INTO region_link_acks (history_id, acked_seq, at) VALUES (?, ?, 1000)',
      );
      ack.run('h1', 5);
      // An acknowledgement belongs to a history of the file, and never goes below 0.
      expect(() => ack.run('no-such-history', 1)).toThrow(/FOREIGN KEY/);
      db.prepare('DELETE FROM region_link_acks').run();
      expect(() => ack.run('h1', -1)).toThrow(/CHECK/);
    },
  },
  12: {
    // A complaint entered by hand and a follow-up kept before a case had its records.
    seed: (db) => {
      db.prepare(
        `INSERT INTO manual_complaints (id, opened_at, deadline_at, opened_by, contact_masked,
           summary) VALUES ('2026-01-05/M-001', 1000, 2000, 'S01', '138****5678', 'rude')`,
      ).run();
      db.prepare(
        `INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text)
         VALUES ('2026-01-05/M-001', 1500, 'S01', 'callback', '')`,
      ).run();
    },
    check: (db) => {
      expect(
        db.prepare('SELECT id, deadline_at, callback_due_at FROM manual_complaints').all(),
      ).toEqual([{ id: '2026-01-05/M-001', deadline_at: 2000, callback_due_at: null }]);
      expect(
        db.prepare('SELECT action, text, done_by, done_at FROM complaint_actions').all(),
      ).toEqual([{ action: 'callback', text: '', done_by: null, done_at: null }]);
      // Still append-only, and STRICT in the new columns.
      expect(() => db.prepare('UPDATE complaint_actions SET done_by = ?').run('x')).toThrow(
        /append-only/,
      );
      expect(() =>
        db
          .prepare(
            `INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text, done_at)
             VALUES ('x', 1, 'S01', 'callback', 'ok', 'soon')`,
          )
          .run(),
      ).toThrow(/cannot store TEXT value in INTEGER column/);
    },
  },
  13: {
    // Nothing of an ID card was kept before.
    seed: () => undefined,
    check: (db) => {
      expect(objectNames(db, 'table')).toEqual(
        expect.arrayContaining(['visitor_id_keys', 'visitor_ids', 'visitor_id_figures']),
      );
      const row = db.prepare(
        `INSERT INTO visitor_ids (actor_key, command_id, business_day, service_id, id_hash,
           masked_name, ticket_id, at) VALUES (?, 'c1', '2026-01-05', 's1', ?, ?, NULL, 1)`,
      );
      row.run('k1', 'a'.repeat(64), '张*三');
      // Never a number in place of the hash or inside the masked name.
      expect(() => row.run('k2', '11010519491231002X', '张*三')).toThrow(/CHECK/);
      expect(() => row.run('k3', 'b'.repeat(64), '11010519491231002X')).toThrow(/CHECK/);
    },
  },
  14: {
    // A step rated on the pad before ratings kept their channel and tags on the step.
    seed: (db) => {
      const id = '2026-01-05/A001';
      db.prepare(
        `INSERT INTO ticket_steps (seq, ticket_id, business_day, service_id, window_id,
           staff_code, queued_at, called_at, started_at, ended_at, outcome, rating_score)
         VALUES (1, ?, '2026-01-05', 'biz-open', 'w1', 'C01', 900, 1000, 1100, 2000, 'done', 2)`,
      ).run(id);
      const rating = { score: 2, reasons: ['wait', 'slow'], at: 2100, windowId: 'w1' };
      db.prepare(
        `INSERT INTO events (at, type, business_day, ticket_id, window_id, actor, body)
         VALUES (2100, 'rating_recorded', '2026-01-05', ?, 'w1', '{"kind":"system"}', ?)`,
      ).run(
        id,
        JSON.stringify({
          type: 'rating_recorded',
          ticketId: id,
          rating: { ...rating, staffCode: 'C01', serviceId: 'biz-open' },
          at: 2100,
        }),
      );
    },
    check: (db) => {
      expect(
        db
          .prepare(
            'SELECT rating_score, rating_channel, rating_reasons, rating_comment FROM ticket_steps',
          )
          .all(),
      ).toEqual([
        {
          rating_score: 2,
          rating_channel: 'pad',
          rating_reasons: '["wait","slow"]',
          rating_comment: null,
        },
      ]);
    },
  },
  15: {
    // The tickets of a day before turn-near messages existed: nothing to carry over.
    seed: (db) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    },
    check: (db) => {
      const contact = db.prepare(
        `INSERT INTO notify_contacts (ticket_id, business_day, phone, wechat_open_id)
         VALUES (?, '2026-01-05', ?, ?)`,
      );
      contact.run('2026-01-05/A001', '13812345678', null);
      // A contact names somewhere to send to.
      expect(() => contact.run('2026-01-05/A002', null, null)).toThrow(/CHECK/);
      const message = db.prepare(
        `INSERT INTO notify_outbox (ticket_id, kind, business_day, channel, status, params,
           next_at, created_at) VALUES (?, ?, '2026-01-05', 'sms', 'pending', '{}', 1, 1)`,
      );
      message.run('2026-01-05/A001', 'called');
      // One message per ticket and kind, of known kinds only.
      expect(() => message.run('2026-01-05/A001', 'called')).toThrow(/UNIQUE/);
      expect(() => message.run('2026-01-05/A001', 'hello')).toThrow(/CHECK/);
    },
  },
  16: {
    // A linked hall: its link stays as it was.
    seed: (db) => {
      db.prepare(
        `INSERT INTO region_link (id, url, hall_id, hall_name, token, code_hash, paired_at)
         VALUES (1, 'https://region.test', 'hall-1', 'Hall', 'token', 'hash', 1000)`,
      ).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT hall_id FROM region_link').all()).toEqual([{ hall_id: 'hall-1' }]);
      const add = db.prepare(
        `INSERT INTO region_instructions (id, complaint_id, text, deadline, issued_at, issued_by,
           received_at, answer, answered_at, answered_by)
         VALUES (?, NULL, '请三日内回复', 5000, 1000, '督查员', 1100, ?, ?, ?)`,
      );
      add.run('I-1', null, null, null);
      // Once by id; an answer comes with its time and its admin, or not at all.
      expect(() => add.run('I-1', null, null, null)).toThrow(/UNIQUE/);
      expect(() => add.run('I-2', '已整改', null, null)).toThrow(/CHECK/);
      add.run('I-3', '已整改', 1200, 'S01');
    },
  },
  17: {
    // A ticket served, a day opened and a console change: the rows each rebuilt object holds.
    seed: (db) => {
      db.prepare(
        `INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at,
           window_id, staff_code, recall_count, rating_score, body)
         VALUES ('2026-01-05/A001', '2026-01-05', 'A001', 'biz-open', 'normal', 'done', 1000,
           'w1', 'C01', 0, 5, '{"id":"2026-01-05/A001"}')`,
      ).run();
      const event = db.prepare(
        `INSERT INTO events (at, type, business_day, actor, body)
         VALUES (?, ?, '2026-01-05', '{"kind":"system"}', '{}')`,
      );
      event.run(900, 'day_opened');
      event.run(1000, 'ticket_issued');
      event.run(1100, 'config_changed');
    },
    check: (db) => {
      expect(
        db.prepare('SELECT id, number, status, rating_score, body FROM tickets').all(),
      ).toEqual([
        {
          id: '2026-01-05/A001',
          number: 'A001',
          status: 'done',
          rating_score: 5,
          body: '{"id":"2026-01-05/A001"}',
        },
      ]);
      const indexes = objectNames(db, 'index');
      expect(indexes).toEqual(expect.arrayContaining(['events_marks', 'tickets_report']));
      expect(indexes).not.toContain('events_type_at');
      // One index per ticket now: its id's, and the reports'.
      expect(
        db
          .prepare(
            `SELECT count(*) AS n FROM sqlite_master WHERE tbl_name = 'tickets' AND type = 'index'`,
          )
          .get(),
      ).toEqual({ n: 2 });
      // Only the two kinds of mark are in the partial index, and the queries find them there.
      expect(
        db
          .prepare(
            `SELECT type FROM events INDEXED BY events_marks
              WHERE type = 'day_opened' OR type = 'config_changed' ORDER BY seq`,
          )
          .pluck()
          .all(),
      ).toEqual(['day_opened', 'config_changed']);
      // A number is still never reused in a day: the same id, or an id that is not the number's.
      const insert = db.prepare(
        `INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at,
           recall_count, body) VALUES (?, '2026-01-05', 'A001', 'biz-open', 'normal', 'waiting',
           1, 0, '{}')`,
      );
      expect(() => insert.run('2026-01-05/A001')).toThrow(/UNIQUE/);
      expect(() => insert.run('x')).toThrow(/CHECK/);
    },
  },
  18: {
    // A hall with rated tickets before the upload existed: nothing is sent for them.
    seed: (db) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    },
    check: (db) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM platform_outbox').get()).toEqual({ n: 0 });
      const add = db.prepare(
        `INSERT INTO platform_outbox (idempotency_key, kind, rating_id, body, status, receipt,
           last_error, sent_at, next_at, created_at)
         VALUES (?, ?, 'H/2026-01-05/A001/1', '{}', ?, ?, ?, ?, 1, 1)`,
      );
      add.run('k1', 'rating', 'pending', null, null, null);
      // Each key once, of known kinds; a sent record has its receipt, a refused one its reason.
      expect(() => add.run('k1', 'rating', 'pending', null, null, null)).toThrow(/UNIQUE/);
      expect(() => add.run('k2', 'hello', 'pending', null, null, null)).toThrow(/CHECK/);
      expect(() => add.run('k3', 'callback', 'sent', null, null, null)).toThrow(/CHECK/);
      expect(() => add.run('k4', 'closed', 'refused', null, null, null)).toThrow(/CHECK/);
      add.run('k5', 'closed', 'sent', 'P-1', null, 5);
      add.run('k6', 'rectification', 'refused', null, '事项编码不存在', null);
    },
  },
  19: {
    // A booking made by staff: it stays a staff booking; online ones carry a unique token.
    seed: seedStaffBooking,
    check: (db) => {
      expect(db.prepare('SELECT id, origin FROM appointments').all()).toEqual([
        { id: 'ap-1', origin: 'staff' },
      ]);
      const online = db.prepare(
        `INSERT INTO appointments (id, business_day, code, service_id, slot_at, status,
           created_at, created_key, origin, token_hash) VALUES (?, '2026-01-06', ?, 'tax', 2000,
           'booked', 900, ?, 'online', 'h1')`,
      );
      online.run('ap-2', '000001', 'k2');
      expect(() => online.run('ap-3', '000002', 'k3')).toThrow(/UNIQUE/);
      expect(db.prepare('SELECT length(key) AS n FROM booking_key').get()).toEqual({ n: 64 });
    },
  },
  20: {
    // Remote numbers are new: nothing before them; a code once per day, a request once.
    seed: (db) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    },
    check: (db) => {
      const add = db.prepare(
        `INSERT INTO remote_numbers (ticket_id, business_day, code, phone_tag, request_id,
           issued_at) VALUES (?, ?, ?, 't', ?, 1)`,
      );
      add.run('2026-01-05/A001', '2026-01-05', '123456', 'r1');
      add.run('2026-01-06/A001', '2026-01-06', '123456', 'r2');
      expect(() => add.run('2026-01-05/A002', '2026-01-05', '123456', 'r3')).toThrow(/UNIQUE/);
      expect(() => add.run('2026-01-05/A003', '2026-01-05', '654321', 'r1')).toThrow(/UNIQUE/);
    },
  },
  21: {
    // A day's messages before invitations: kept with their ids, the one-per-kind rule too.
    seed: (db) => {
      db.prepare(
        `INSERT INTO notify_outbox (id, ticket_id, kind, business_day, channel, status, params,
           attempts, next_at, provider_id, created_at, sent_at)
         VALUES (7, '2026-01-05/A001', 'called', '2026-01-05', 'sms', 'sent', '{}', 1, 1, 'p-1',
           1, 2)`,
      ).run();
    },
    check: (db) => {
      expect(
        db.prepare('SELECT id, kind, status, provider_id, sent_at FROM notify_outbox').all(),
      ).toEqual([{ id: 7, kind: 'called', status: 'sent', provider_id: 'p-1', sent_at: 2 }]);
      const message = db.prepare(
        `INSERT INTO notify_outbox (ticket_id, kind, business_day, channel, status, params,
           next_at, created_at) VALUES (?, ?, '2026-01-05', 'sms', 'pending', '{}', 1, 1)`,
      );
      message.run('2026-01-05/A001', 'invite');
      expect(() => message.run('2026-01-05/A001', 'invite')).toThrow(/UNIQUE/);
      expect(() => message.run('2026-01-05/A001', 'hello')).toThrow(/CHECK/);
      expect(objectNames(db, 'index')).toContain('notify_outbox_due');
    },
  },
  22: {
    // Case alerts are new: none before them; one per case, deadline, state and phone.
    seed: (db) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM complaints').get()).toEqual({ n: 0 });
    },
    check: (db) => {
      const add = db.prepare(
        `INSERT INTO case_alerts (complaint_id, deadline, state, phone, due_at, status, next_at,
           created_at) VALUES ('2026-01-05/A001', ?, ?, '13812345678', 1, 'pending', 1, 1)`,
      );
      add.run('callback', 'due_soon');
      add.run('callback', 'overdue');
      add.run('rectify', 'due_soon');
      expect(() => add.run('callback', 'due_soon')).toThrow(/UNIQUE/);
      expect(() => add.run('close', 'due_soon')).toThrow(/CHECK/);
      expect(() => add.run('rectify', 'pending')).toThrow(/CHECK/);
      expect(objectNames(db, 'index')).toContain('case_alerts_due');
    },
  },
  23: {
    // A booking's ID hash is new and optional: the rows before it have none.
    seed: seedStaffBooking,
    check: (db) => {
      expect(db.prepare('SELECT id, id_hash FROM appointments').all()).toEqual([
        { id: 'ap-1', id_hash: null },
      ]);
      const set = db.prepare(`UPDATE appointments SET id_hash = ? WHERE id = 'ap-1'`);
      set.run('a'.repeat(64));
      expect(() => set.run('110105194912310021')).toThrow(/CHECK/);
      expect(objectNames(db, 'index')).toContain('appointments_id_hash');
    },
  },
  24: {
    // An online booking's phone (024): the rows before it have none.
    seed: (db) => {
      db.prepare(
        `INSERT INTO appointments (id, business_day, code, service_id, slot_at, status,
           created_at, created_key, origin, phone_masked) VALUES ('ap-1', '2026-01-06', '000001',
           'tax', 2000, 'booked', 900, 'k1', 'online', '138****5678')`,
      ).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT phone, phone_masked FROM appointments').all()).toEqual([
        { phone: null, phone_masked: '138****5678' },
      ]);
      db.prepare(`UPDATE appointments SET phone = '13812345678' WHERE id = 'ap-1'`).run();
      expect(db.prepare('SELECT phone FROM appointments').get()).toEqual({ phone: '13812345678' });
    },
  },
  25: {
    // A log numbered by AUTOINCREMENT and a result stored whole: both read the same after.
    seed: (db) => {
      const event = db.prepare(
        `INSERT INTO events (at, type, business_day, ticket_id, actor, command_id, body)
         VALUES (?, ?, '2026-01-05', ?, '{"kind":"system"}', ?, ?)`,
      );
      event.run(900, 'day_opened', null, null, '{"type":"day_opened"}');
      event.run(1000, 'ticket_issued', '2026-01-05/A001', 'c1', '{"ticket":{"id":"x"}}');
      event.run(1100, 'config_changed', null, null, '{}');
      db.prepare(
        `INSERT INTO command_results (actor_key, command_id, result, seq_from, seq_to, at)
         VALUES ('device:k1', 'c1', '{"ticket":{"id":"2026-01-05/A001"}}', 2, 2, 1000)`,
      ).run();
    },
    check: (db) => {
      expect(
        db.prepare('SELECT seq, type, ticket_id, command_id FROM events ORDER BY seq').all(),
      ).toEqual([
        { seq: 1, type: 'day_opened', ticket_id: null, command_id: null },
        { seq: 2, type: 'ticket_issued', ticket_id: '2026-01-05/A001', command_id: 'c1' },
        { seq: 3, type: 'config_changed', ticket_id: null, command_id: null },
      ]);
      const tableSql = (name: string) =>
        db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(name) as string;
      expect(tableSql('events')).not.toMatch(/AUTOINCREMENT/);
      expect(tableSql('command_results')).toMatch(/WITHOUT ROWID/);
      expect(db.prepare(`SELECT name FROM sqlite_sequence`).pluck().all()).not.toContain('events');
      // Numbered on from the largest; still append-only; the indexes are back.
      db.prepare(
        `INSERT INTO events (at, type, actor, body) VALUES (1200, 'window_opened', '{}', '{}')`,
      ).run();
      expect(db.prepare('SELECT max(seq) FROM events').pluck().get()).toBe(4);
      expect(() => db.prepare('DELETE FROM events WHERE seq = 4').run()).toThrow(/append-only/);
      expect(() => db.prepare(`UPDATE events SET at = 0`).run()).toThrow(/append-only/);
      expect(objectNames(db, 'index')).toEqual(
        expect.arrayContaining(['events_at', 'events_marks']),
      );
      expect(objectNames(db, 'index')).not.toContain('tickets_report');
      expect(db.prepare('SELECT result, seq_from, seq_to FROM command_results').get()).toEqual({
        result: '{"ticket":{"id":"2026-01-05/A001"}}',
        seq_from: 2,
        seq_to: 2,
      });
      expect(() =>
        db
          .prepare(
            `INSERT INTO command_results (actor_key, command_id, result, seq_to, at)
             VALUES ('device:k1', 'c1', '{}', 3, 1)`,
          )
          .run(),
      ).toThrow(/UNIQUE|PRIMARY KEY/);
    },
  },
  26: {
    // Results kept by their key's b-tree: every row kept, appended, no longer unique by key.
    seed: (db) => {
      const result = db.prepare(
        `INSERT INTO command_results (actor_key, command_id, result, seq_from, seq_to, at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      result.run('device:k2', 'c9', '{"ticket":"issued"}', 3, 3, 2000);
      result.run('device:k1', 'c1', '{"ticket":{"id":"2026-01-05/A001"}}', 1, 1, 1000);
      result.run('staff:S01', 'c5', 'null', null, 2, 1500);
    },
    check: (db) => {
      expect(
        db
          .prepare(
            'SELECT id, actor_key, command_id, result, seq_from, seq_to, at FROM command_results',
          )
          .all(),
      ).toEqual([
        {
          id: 1,
          actor_key: 'device:k1',
          command_id: 'c1',
          result: '{"ticket":{"id":"2026-01-05/A001"}}',
          seq_from: 1,
          seq_to: 1,
          at: 1000,
        },
        {
          id: 2,
          actor_key: 'staff:S01',
          command_id: 'c5',
          result: 'null',
          seq_from: null,
          seq_to: 2,
          at: 1500,
        },
        {
          id: 3,
          actor_key: 'device:k2',
          command_id: 'c9',
          result: '{"ticket":"issued"}',
          seq_from: 3,
          seq_to: 3,
          at: 2000,
        },
      ]);
      const tableSql = db
        .prepare(`SELECT sql FROM sqlite_master WHERE name = 'command_results'`)
        .pluck()
        .get() as string;
      expect(tableSql).not.toMatch(/WITHOUT ROWID|PRIMARY KEY \(/);
      expect(
        db.prepare(`SELECT name FROM sqlite_master WHERE tbl_name = 'command_results'`).all(),
      ).toEqual([{ name: 'command_results' }]);
      expect(() =>
        db
          .prepare(
            `INSERT INTO command_results (actor_key, command_id, result, seq_to, at)
             VALUES ('device:k1', 'c2', 'not json', 3, 1)`,
          )
          .run(),
      ).toThrow(/CHECK/);
    },
  },
  27: {
    // Days' cases counted: a new table, emptied of a day when a case of it changes.
    seed: (db) => {
      db.prepare(
        `INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text)
         VALUES ('2026-01-05/C001', 1500, 'S01', 'callback', 'ok')`,
      ).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT complaint_id, action FROM complaint_actions').all()).toEqual([
        { complaint_id: '2026-01-05/C001', action: 'callback' },
      ]);
      expect(db.prepare('SELECT count(*) FROM case_rollups').pluck().get()).toBe(0);
      const keep = db.prepare(
        `INSERT INTO case_rollups (business_day, computed_at, settled_at, config_key, body)
         VALUES (?, 1, 0, 'k', '{}')`,
      );
      const days = () =>
        db.prepare('SELECT business_day FROM case_rollups ORDER BY 1').pluck().all();
      for (const day of ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']) keep.run(day);
      expect(() =>
        db
          .prepare(
            `INSERT INTO case_rollups (business_day, computed_at, settled_at, config_key, body)
             VALUES ('2026-01-09', 1, 0, 'k', 'not json')`,
          )
          .run(),
      ).toThrow(/CHECK/);
      db.prepare(
        `INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text)
         VALUES ('2026-01-06/C001', 1600, 'S01', 'close', 'done')`,
      ).run();
      expect(days()).toEqual(['2026-01-05', '2026-01-07', '2026-01-08']);
      db.prepare(
        `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score,
           opened_at, deadline_at, status, body)
         VALUES ('2026-01-07/C001', '2026-01-07/A001', 'w1', 'S01', 'tax', 1, 10, 20, 'open', '{}')`,
      ).run();
      expect(days()).toEqual(['2026-01-05', '2026-01-08']);
      keep.run('2026-01-07');
      db.prepare(`UPDATE complaints SET status = 'closed' WHERE id = '2026-01-07/C001'`).run();
      expect(days()).toEqual(['2026-01-05', '2026-01-08']);
      db.prepare(
        `INSERT INTO manual_complaints (id, opened_at, deadline_at, opened_by, contact_masked,
           summary) VALUES ('2026-01-08/M-001', 1000, 2000, 'S01', '138****5678', 'rude')`,
      ).run();
      expect(days()).toEqual(['2026-01-05']);
    },
  },
};

/** One booking made by staff, as the appointment book had it before migrations 19 and 23. */
function seedStaffBooking(db: Database.Database): void {
  db.prepare(
    `INSERT INTO appointments (id, business_day, code, service_id, slot_at, status,
       created_at, created_key) VALUES ('ap-1', '2026-01-05', '123456', 'tax', 1000,
       'booked', 900, 'k1')`,
  ).run();
}

describe('migrations', () => {
  it('has a test step for every migration, numbered 1, 2, 3, ...', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(STEPS[m.version], `test step of ${m.name}`).toBeDefined();
  });

  for (const m of MIGRATIONS) {
    it(`${m.version}-${m.name}: migrates from ${m.version - 1} with its rows kept`, () => {
      const db = new Database(tmp.file('step.sqlite'));
      try {
        migrate(db, MIGRATIONS, m.version - 1);
        expect(db.pragma('user_version', { simple: true })).toBe(m.version - 1);
        const step = STEPS[m.version];
        if (!step) throw new Error(`no test step for migration ${m.version}`);
        step.seed(db);
        const outcome = migrate(db, MIGRATIONS, m.version);
        expect(outcome).toEqual({
          from: m.version - 1,
          to: m.version,
          applied: [`${m.version}-${m.name}`],
        });
        expect(db.pragma('user_version', { simple: true })).toBe(m.version);
        step.check(db);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    });
  }

  it('opens an empty file at the newest version, and re-opening changes nothing', () => {
    const path = tmp.file('hall.sqlite');
    const store = Store.open(path);
    store.commit(commitInput({ events: [ev.dayOpened()] }));
    const hallId = store.hallId();
    store.close();

    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const schema = schemaOf(db);
    db.close();

    const again = Store.open(path);
    expect(again.hallId()).toBe(hallId);
    expect(again.lastSeq()).toBe(1);
    expect(again.facts().schemaVersion).toBe(latestVersion());
    again.close();
    const db2 = new Database(path);
    expect(schemaOf(db2)).toEqual(schema);
    db2.close();
  });

  it('begins a new file’s history at setup, and an old file’s at migration 008, once each', () => {
    const path = tmp.file('new.sqlite');
    let clock = 5_000;
    const store = Store.open(path, { now: () => clock });
    const history = store.historyId();
    expect(store.facts().historyId).toBe(history);
    store.commit(commitInput({ events: [ev.dayOpened(), ev.windowOpened()] }));
    expect(store.eventIdentity(2)).toEqual({ hallId: store.hallId(), historyId: history, seq: 2 });
    expect(() => store.eventIdentity(3)).toThrow(RangeError);
    expect(() => store.eventIdentity(0)).toThrow(RangeError);
    store.close();
    clock = 6_000;
    const again = Store.open(path, { now: () => clock });
    expect(again.historyId()).toBe(history); // opening is not a new history
    again.close();
    const db = new Database(path);
    expect(db.prepare('SELECT began, after_seq, at FROM histories').all()).toEqual([
      { began: 'setup', after_seq: 0, at: 5_000 },
    ]);
    db.close();

    // A file set up before histories: migration 008 gives it one, and the store keeps it.
    const old = tmp.file('old.sqlite');
    const v7 = new Database(old);
    migrate(v7, MIGRATIONS, 7);
    v7.prepare(`INSERT INTO meta (key, value) VALUES ('hall_id', 'hall-old')`).run();
    v7.close();
    const upgraded = Store.open(old);
    const file = new Database(old, { readonly: true });
    expect(file.prepare('SELECT id, began FROM histories').all()).toEqual([
      { id: upgraded.historyId(), began: 'migration' },
    ]);
    file.close();
    upgraded.close();
  });

  it('runs all pending migrations in one transaction: a failing one keeps none', () => {
    const failing: Migration = {
      version: 2,
      name: 'fails',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    const db = new Database(tmp.file('fail.sqlite'));
    const foreignKeys = db.pragma('foreign_keys', { simple: true });
    try {
      expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), failing])).toThrow(
        expect.objectContaining({ code: 'migration_failed' }),
      );
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(objectNames(db, 'table')).toEqual([]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(foreignKeys);
    } finally {
      db.close();
    }
  });

  it('puts the foreign keys setting back after migrating', () => {
    const db = new Database(tmp.file('fk.sqlite'));
    try {
      db.pragma('foreign_keys = ON');
      migrate(db, MIGRATIONS, 0);
      migrate(db);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.pragma('foreign_keys = OFF');
      expect(migrate(db).applied).toEqual([]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses a database from a newer hub and leaves the file unchanged', () => {
    const path = tmp.file('newer.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE future (x INTEGER); INSERT INTO future VALUES (1);');
    const newer = latestVersion() + 1;
    db.pragma(`user_version = ${newer}`);
    db.close();
    const before = readFileSync(path);

    let error: unknown;
    try {
      Store.open(path).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'newer_schema',
      message: `database schema version ${newer} is newer than this hub (${latestVersion()}); upgrade the hub`,
    });
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses garbage as corrupt', () => {
    const path = tmp.file('garbage.sqlite');
    writeFileSync(path, Buffer.from('this is not a database, just some text '.repeat(200)));
    expect(() => Store.open(path)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });
});
