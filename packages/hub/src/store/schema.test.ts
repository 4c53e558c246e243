import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate } from './migrations/index.js';

/**
 * The schema after every migration, as SQLite keeps it (`sqlite_master`), is committed in
 * schema.sql, so a migration's effect shows in review as a diff of that file. After adding a
 * migration, write the file anew and commit it with the migration:
 *
 *   UPDATE_SCHEMA=1 npx vitest run packages/hub/src/store/schema.test.ts
 */
const SNAPSHOT = new URL('./schema.sql', import.meta.url);

const ORDER = ['table', 'index', 'trigger', 'view'] as const;

function schemaText(db: Database.Database): string {
  const rows = db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      `SELECT type, name, sql FROM sqlite_master
        WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL`,
    )
    .all()
    .sort(
      (a, b) =>
        ORDER.indexOf(a.type as (typeof ORDER)[number]) -
          ORDER.indexOf(b.type as (typeof ORDER)[number]) || a.name.localeCompare(b.name),
    );
  const header = [
    `-- The hub's schema after every migration (user_version ${schemaVersionOf(db)}): tables,`,
    '-- indexes and triggers as sqlite_master keeps them, sorted by kind and name. Written by',
    '-- packages/hub/src/store/schema.test.ts; after a new migration run',
    '--   UPDATE_SCHEMA=1 npx vitest run packages/hub/src/store/schema.test.ts',
    '-- and commit this file with it. Do not edit it by hand.',
  ];
  return `${[...header, '', ...rows.map((r) => `${r.sql ?? ''};\n`)].join('\n')}`;
}

function schemaVersionOf(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

describe('the schema snapshot', () => {
  it('schema.sql is the schema after all migrations', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      expect(schemaVersionOf(db)).toBe(latestVersion());
      const actual = schemaText(db);
      if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SNAPSHOT, actual);
      expect(actual).toBe(readFileSync(SNAPSHOT, 'utf8'));
    } finally {
      db.close();
    }
  });
});
