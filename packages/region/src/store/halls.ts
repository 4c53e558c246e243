import type { Queryable } from '../db/types.js';

/** Times cross into SQL as ISO strings (exact to the millisecond on both engines). */
export const iso = (ms: number): string => new Date(ms).toISOString();

export interface HallSummary {
  id: string;
  name: string;
  createdAt: Date;
  pairedAt: Date | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  hubVersion: string | null;
  /** The hall's current history and the last sequence held of it; null before its first batch. */
  historyId: string | null;
  ackedSeq: number | null;
}

export async function insertHall(
  db: Queryable,
  hall: { id: string; name: string; now: number },
): Promise<void> {
  await db.query('INSERT INTO halls (id, name, created_at) VALUES ($1, $2, $3)', [
    hall.id,
    hall.name,
    iso(hall.now),
  ]);
}

export async function insertPairingCode(
  db: Queryable,
  code: { codeHash: string; hallId: string; now: number; expiresAt: number },
): Promise<void> {
  await db.query(
    `INSERT INTO pairing_codes (code_hash, hall_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4)`,
    [code.codeHash, code.hallId, iso(code.now), iso(code.expiresAt)],
  );
}

/**
 * Marks the code used if it is unused, unexpired and its hall not revoked; its hall, or null.
 * One statement: two hubs racing with one code cannot both have it.
 */
export async function redeemPairingCode(
  tx: Queryable,
  codeHash: string,
  now: number,
): Promise<{ id: string; name: string } | null> {
  const r = await tx.query<{ id: string; name: string }>(
    `UPDATE pairing_codes c SET used_at = $2
       FROM halls h
      WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2
        AND h.id = c.hall_id AND h.revoked_at IS NULL
      RETURNING h.id, h.name`,
    [codeHash, iso(now)],
  );
  return r.rows[0] ?? null;
}

export async function setHallToken(
  tx: Queryable,
  hall: { id: string; tokenHash: string; hubVersion: string; now: number },
): Promise<void> {
  await tx.query(
    'UPDATE halls SET token_hash = $2, hub_version = $3, paired_at = $4 WHERE id = $1',
    [hall.id, hall.tokenHash, hall.hubVersion, iso(hall.now)],
  );
}

export async function hallByTokenHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ id: string; revoked: boolean } | null> {
  const r = await db.query<{ id: string; revoked: boolean }>(
    'SELECT id, revoked_at IS NOT NULL AS revoked FROM halls WHERE token_hash = $1',
    [tokenHash],
  );
  return r.rows[0] ?? null;
}

/** Revokes the hall and its unused codes; false when there is no such hall. */
export async function revokeHall(tx: Queryable, id: string, now: number): Promise<boolean> {
  const r = await tx.query('UPDATE halls SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1', [
    id,
    iso(now),
  ]);
  if (r.rowCount === 0) return false;
  await tx.query('UPDATE pairing_codes SET used_at = $2 WHERE hall_id = $1 AND used_at IS NULL', [
    id,
    iso(now),
  ]);
  return true;
}

export async function listHalls(db: Queryable): Promise<HallSummary[]> {
  const r = await db.query<HallSummary>(
    `SELECT h.id, h.name, h.created_at AS "createdAt", h.paired_at AS "pairedAt",
            h.revoked_at AS "revokedAt", h.last_seen_at AS "lastSeenAt",
            h.hub_version AS "hubVersion", s.history_id AS "historyId", s.acked_seq AS "ackedSeq"
       FROM halls h
       LEFT JOIN hall_histories s ON s.hall_id = h.id AND s.is_current
      ORDER BY h.created_at, h.id`,
  );
  return r.rows;
}
