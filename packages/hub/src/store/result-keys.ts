import type Database from 'better-sqlite3';

/**
 * Where each stored command result is: its row id in `command_results` by actor key and command
 * id, in memory. Since migration 026 the table has no index on (actor, command id): every row is
 * appended (a command id is random, so the key's b-tree took a leaf of its own at every command,
 * half the pages of a group commit), and this map is the look-up and the guard against a
 * command kept twice (event-log.ts).
 *
 * Kept true so:
 * - filled from the table at the first use, and again after rows were removed (the prune);
 * - a committed command's row is added once its transaction holds (`added`): a rolled-back one
 *   adds nothing (its row id may be given to the next row, so a row is always read by its id
 *   and its key together);
 * - another program may write the file (a `sqlite3` shell, a tool): SQLite's `data_version`
 *   then changes, and the map is filled anew before it answers (`current`): such a program may
 *   have removed rows too, and a row id freed so may be given again.
 */
export class ResultKeys {
  /** Row ids by actor key and command id: few actors, so no key string is built per look-up. */
  private readonly ids = new Map<string, Map<string, number>>();
  /** `data_version` when the map was last brought up to date; null: to be filled anew. */
  private version: number | null = null;
  private readonly all: Database.Statement<[], [number, string, string]>;

  constructor(
    db: Database.Database,
    /** The connection's `data_version`, read once per turn or `fresh` (StoreContext.dataVersion). */
    private readonly dataVersion: (fresh: boolean) => number,
  ) {
    this.all = db
      .prepare<[], [number, string, string]>(
        'SELECT id, actor_key, command_id FROM command_results',
      )
      .raw();
  }

  /**
   * The row id of the result stored for this key, or undefined. Another program's commit is
   * seen first (`current`). `fresh`: `data_version` read now (in a write transaction, where it
   * costs a tenth of a microsecond and nobody else can commit until its end); otherwise as read
   * in this turn of the event loop, the one read the devices' tokens share
   * (DeviceRegistry.tokensVersion): outside a transaction each read of it is a read transaction
   * of its own (about 5 µs, as much as the look-up it spares), and every command asks. Another
   * program's result is then seen from the next turn on; the guard in the write transaction
   * reads it fresh.
   */
  find(actorKey: string, commandId: string, fresh: boolean): number | undefined {
    this.current(fresh);
    return this.ids.get(actorKey)?.get(commandId);
  }

  /** A command's row `id` was committed (its transaction is over). */
  added(actorKey: string, commandId: string, id: number): void {
    if (this.version === null) return; // filled from the table at the next use
    let ofActor = this.ids.get(actorKey);
    if (ofActor === undefined) {
      ofActor = new Map();
      this.ids.set(actorKey, ofActor);
    }
    ofActor.set(commandId, id);
  }

  /** Rows were removed: the map is filled again from the table at the next use. */
  forget(): void {
    this.version = null;
  }

  /**
   * Fills the map anew from the table when it was never filled, after `forget`, or when another
   * program committed since (`data_version`; this connection's own commits leave it unchanged).
   */
  private current(fresh: boolean): void {
    const version = this.dataVersion(fresh);
    if (this.version === version) return;
    this.ids.clear();
    // Read before the rows: a commit of another program after it changes it, and fills again.
    this.version = version;
    for (const [id, actorKey, commandId] of this.all.iterate()) {
      let ofActor = this.ids.get(actorKey);
      if (ofActor === undefined) {
        ofActor = new Map();
        this.ids.set(actorKey, ofActor);
      }
      ofActor.set(commandId, id);
    }
  }
}
