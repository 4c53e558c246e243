import type { Queryable } from '../../db/types.js';

/**
 * One step of the region's schema. `up` runs inside the one transaction of all pending steps;
 * it must not commit. The same statements run on PostgreSQL and on PGlite.
 */
export interface Migration {
  /** 1, 2, 3, ...: the `schema_version` the database has after this step. */
  readonly version: number;
  /** Short, for logs: `initial`, ... */
  readonly name: string;
  up(tx: Queryable): Promise<void>;
  /**
   * Whether the projections must be folded again from the stored events once every pending step
   * has run (`migrate` does it, once, after the last step). The fold is done by the projector of
   * this release, which writes the newest schema's columns, so it never runs inside an older step.
   */
  readonly refold?: boolean;
}

/** A migration made of plain statements, run one by one (each statement alone, no parameters). */
export function statements(version: number, name: string, sql: readonly string[]): Migration {
  return {
    version,
    name,
    async up(tx) {
      for (const s of sql) await tx.query(s);
    },
  };
}
