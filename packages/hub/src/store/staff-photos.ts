import type Database from 'better-sqlite3';
import { sql } from './sql.js';

/** A clerk's photo as kept: its type (checked by its first bytes) and its bytes. */
export interface StaffPhoto {
  type: 'image/jpeg' | 'image/png';
  data: Buffer;
}

const KEY = 'staff_photo:';

/**
 * 好差评's "who is rated": each clerk's photo, shown on the rating pad. Kept in the hall's file
 * (in `meta`, one row per staff code, the bytes in base64), so that a backup and a restore keep
 * them. What may be kept (type, size) is features/staff-photos'.
 */
export class StaffPhotoRecords {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      get: sql(db, `SELECT value FROM meta WHERE key = @key`),
      put: sql(
        db,
        `INSERT INTO meta (key, value) VALUES (@key, @value)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
      remove: sql(db, `DELETE FROM meta WHERE key = @key`),
    };
  }

  get(staffCode: string): StaffPhoto | null {
    const row = this.q.get.get<{ value: string }>({ key: KEY + staffCode });
    if (!row) return null;
    const kept = JSON.parse(row.value) as { type: StaffPhoto['type']; data: string };
    return { type: kept.type, data: Buffer.from(kept.data, 'base64') };
  }

  put(staffCode: string, photo: StaffPhoto): void {
    const value = JSON.stringify({ type: photo.type, data: photo.data.toString('base64') });
    this.q.put.run({ key: KEY + staffCode, value });
  }

  /** False when there was none. */
  remove(staffCode: string): boolean {
    return this.q.remove.run({ key: KEY + staffCode }).changes === 1;
  }
}
