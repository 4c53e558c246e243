import type Database from 'better-sqlite3';
import { sql } from './sql.js';

/** The hall's link to a region, as `region_link` (migration 11) keeps it. */
export interface RegionLinkRow {
  /** The region's origin: `https://region.example.gov.cn`. */
  url: string;
  /** The hall's id at the region. */
  hallId: string;
  /** The hall's name as the region's operator entered it. */
  hallName: string;
  /** The hub's bearer token to the region. */
  token: string;
  /** SHA-256 (hex) of the one-time code the token was traded for. */
  codeHash: string;
  pairedAt: number;
}

/** An event of the log as it is stored, for the link (the envelope's columns and the body). */
export interface LinkSourceRow {
  seq: number;
  at: number;
  type: string;
  business_day: string | null;
  ticket_id: string | null;
  window_id: string | null;
  body: string;
}

interface LinkRow {
  url: string;
  hall_id: string;
  hall_name: string;
  token: string;
  code_hash: string;
  paired_at: number;
}

/**
 * The link's own records (`region_link`, `region_link_acks`) on the writing connection, and its
 * reads of the event log on the read-only one: what a link sends is only ever what was
 * committed, read a page at a time. When and what to send is features/region-link's.
 */
export class RegionLinkRecords {
  private readonly q;
  private readonly r;

  constructor(db: Database.Database, reader: Database.Database) {
    this.q = {
      get: sql(
        db,
        `SELECT url, hall_id, hall_name, token, code_hash, paired_at FROM region_link
         WHERE id = @id`,
      ),
      pair: sql(
        db,
        `INSERT INTO region_link (id, url, hall_id, hall_name, token, code_hash, paired_at)
         VALUES (1, @url, @hallId, @hallName, @token, @codeHash, @pairedAt)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, hall_id = excluded.hall_id,
           hall_name = excluded.hall_name, token = excluded.token, code_hash = excluded.code_hash,
           paired_at = excluded.paired_at`,
      ),
      setUrl: sql(db, 'UPDATE region_link SET url = @url WHERE id = 1'),
      acked: sql(db, 'SELECT acked_seq FROM region_link_acks WHERE history_id = @historyId'),
      setAcked: sql(
        db,
        `INSERT INTO region_link_acks (history_id, acked_seq, at) VALUES (@historyId, @seq, @at)
         ON CONFLICT (history_id) DO UPDATE SET acked_seq = excluded.acked_seq, at = excluded.at`,
      ),
    };
    this.r = {
      after: sql(
        reader,
        `SELECT seq, at, type, business_day, ticket_id, window_id, body FROM events
         WHERE seq > @after ORDER BY seq LIMIT @limit`,
      ),
      lastSeq: sql(reader, 'SELECT coalesce(max(seq), @none) FROM events'),
    };
  }

  /** The stored link, or null when the hall is not linked. */
  link(): RegionLinkRow | null {
    const row = this.q.get.get<LinkRow>({ id: 1 });
    return row
      ? {
          url: row.url,
          hallId: row.hall_id,
          hallName: row.hall_name,
          token: row.token,
          codeHash: row.code_hash,
          pairedAt: row.paired_at,
        }
      : null;
  }

  /** Keeps a link just paired, replacing any earlier one. */
  pair(link: RegionLinkRow): void {
    this.q.pair.run(link);
  }

  /** The region moved: its new address, nothing else changed. False when not linked. */
  setUrl(url: string): boolean {
    return this.q.setUrl.run({ url }).changes === 1;
  }

  /** The last sequence the region acknowledged for `historyId`; null before its first answer. */
  ackedSeq(historyId: string): number | null {
    return this.q.acked.value<number>({ historyId }) ?? null;
  }

  /** Keeps the region's answer for `historyId`. */
  setAcked(historyId: string, seq: number, at: number): void {
    this.q.setAcked.run({ historyId, seq, at });
  }

  /** Committed events after `seq`, oldest first, at most `limit` (read-only connection). */
  eventsAfter(seq: number, limit: number): LinkSourceRow[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    }
    return this.r.after.all<LinkSourceRow>({ after: seq, limit });
  }

  /** The newest committed sequence number (read-only connection); 0 for an empty log. */
  lastSeq(): number {
    return this.r.lastSeq.value<number>({ none: 0 }) ?? 0;
  }
}
