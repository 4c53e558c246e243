/**
 * One statement made of parts (data-modifying `WITH` queries and a final query), each part's
 * values bound as parameters numbered in turn: so that the writes of an ingest's batch go to the
 * server in one round trip. The parts' SQL is fixed text; only `bind` puts values in.
 */
export class Statement {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** The placeholder (`$7`) of a value bound to this statement. */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A part run with the others (a data-modifying statement: its effects are not seen by them). */
  with(sql: string): void {
    this.parts.push(`w${this.parts.length} AS (${sql})`);
  }

  /** The whole text, ending with `final` (whose rows are the statement's answer). */
  text(final: string): string {
    return this.parts.length === 0 ? final : `WITH ${this.parts.join(',\n')}\n${final}`;
  }
}
