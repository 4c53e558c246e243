import type Database from 'better-sqlite3';

/** What SQLite takes as a bound value. */
export type SqlValue = string | number | bigint | Buffer | null;

type Letter =
  | 'a'
  | 'b'
  | 'c'
  | 'd'
  | 'e'
  | 'f'
  | 'g'
  | 'h'
  | 'i'
  | 'j'
  | 'k'
  | 'l'
  | 'm'
  | 'n'
  | 'o'
  | 'p'
  | 'q'
  | 'r'
  | 's'
  | 't'
  | 'u'
  | 'v'
  | 'w'
  | 'x'
  | 'y'
  | 'z';
type NameChar =
  Letter | Uppercase<Letter> | '_' | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

/** The parameter name at the start of `S` (what follows an `@`). */
type NameAt<S extends string, Name extends string = ''> = S extends `${infer C}${infer Rest}`
  ? C extends NameChar
    ? NameAt<Rest, `${Name}${C}`>
    : Name
  : Name;

/** The names of the `@name` parameters in a literal SQL text (none for a text built at run time). */
export type ParamNames<S extends string> = string extends S
  ? never
  : S extends `${string}@${infer Rest}`
    ? NameAt<Rest> | ParamNames<Rest>
    : never;

/** The values a literal SQL text needs: one per `@name`, none other. */
export type ParamsOf<S extends string> = { readonly [K in ParamNames<S>]: SqlValue };

/**
 * A prepared statement bound by name (`@name` in the SQL, better-sqlite3's named parameters),
 * never by position. The row type of a read is the caller's word, as with better-sqlite3's own
 * generics: it names the columns the SQL selects.
 */
export class Sql<P extends object> {
  private readonly stmt: Database.Statement<[P], unknown>;
  private plucked: Database.Statement<[P], unknown> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly text: string,
  ) {
    this.stmt = db.prepare<P, unknown>(text);
  }

  /** The first row, or undefined. */
  get<Row>(params: P): Row | undefined {
    return this.stmt.get(params) as Row | undefined;
  }

  all<Row>(params: P): Row[] {
    return this.stmt.all(params) as Row[];
  }

  /** The first column of the first row, or undefined. */
  value<T extends SqlValue>(params: P): T | undefined {
    this.plucked ??= this.db.prepare<P, unknown>(this.text).pluck();
    return this.plucked.get(params) as T | undefined;
  }

  run(params: P): Database.RunResult {
    return this.stmt.run(params);
  }
}

/**
 * Prepares a literal SQL text whose parameters are `@name`s: the parameters' type is read off
 * the text, so a missing, extra or misspelt name fails to compile.
 *
 *   const byDay = sql(db, 'SELECT * FROM appointments WHERE business_day = @day');
 *   byDay.all<AppointmentRow>({ day });
 */
export function sql<S extends string>(db: Database.Database, text: S): Sql<ParamsOf<S>> {
  return new Sql<ParamsOf<S>>(db, text);
}

/**
 * Prepares an SQL text put together at run time from fixed pieces (never from input), whose
 * parameters the caller names in `P`.
 */
export function sqlWith<P extends Readonly<Record<string, SqlValue>>>(
  db: Database.Database,
  text: string,
): Sql<P> {
  return new Sql<P>(db, text);
}
