import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { sql, sqlWith, type ParamsOf, type SqlValue } from './sql.js';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL, note TEXT) STRICT');
});
afterEach(() => {
  db.close();
});

describe('sql: statements bound by name', () => {
  it('reads the parameters off a literal SQL text', () => {
    expectTypeOf<
      ParamsOf<'SELECT * FROM t WHERE id = @id AND (@note IS NULL OR note = @note) AND n > @n_1'>
    >().toEqualTypeOf<{
      readonly id: SqlValue;
      readonly note: SqlValue;
      readonly n_1: SqlValue;
    }>();
    expectTypeOf<keyof ParamsOf<'SELECT count(*) FROM t'>>().toEqualTypeOf<never>();
    // A text built at run time names no parameters: sqlWith is the way to give them.
    expectTypeOf<keyof ParamsOf<string>>().toEqualTypeOf<never>();
  });

  it('binds each @name once however often it is used, and reads rows and single values', () => {
    const insert = sql(db, 'INSERT INTO t (id, n, note) VALUES (@id, @n, @note)');
    insert.run({ id: 'a', n: 1, note: null });
    insert.run({ id: 'b', n: 2, note: 'x' });
    const find = sql(db, 'SELECT id, n FROM t WHERE (@note IS NULL OR note = @note) ORDER BY id');
    expect(find.all<{ id: string; n: number }>({ note: null })).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
    expect(find.get<{ id: string }>({ note: 'x' })).toEqual({ id: 'b', n: 2 });
    expect(find.get({ note: 'y' })).toBeUndefined();
    const count = sql(db, 'SELECT count(*) FROM t WHERE n >= @min');
    expect(count.value<number>({ min: 2 })).toBe(1);
    // The plucked statement is its own: rows are still whole afterwards.
    expect(find.get({ note: 'x' })).toEqual({ id: 'b', n: 2 });
  });

  it('takes parameters named by the caller for a text put together from fixed pieces', () => {
    const column = 'n';
    const byColumn = sqlWith<{ min: number }>(db, `SELECT id FROM t WHERE ${column} >= @min`);
    sql(db, 'INSERT INTO t (id, n) VALUES (@id, @n)').run({ id: 'c', n: 5 });
    expect(byColumn.value<string>({ min: 3 })).toBe('c');
  });

  it('refuses a statement whose parameter is missing', () => {
    const find = sqlWith<{ id: string }>(db, 'SELECT * FROM t WHERE id = @id AND n = @n');
    expect(() => find.get({ id: 'a' })).toThrow(/Missing named parameter "n"/);
  });
});
