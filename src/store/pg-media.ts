import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { MEDIA_KEEP_MS, type MediaStore } from './store.js';

/** Chart images in the database, so the instance a Teams client asks need not be the one that drew them. */
export class PostgresMediaStore implements MediaStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(bytes: Buffer, contentType: 'image/png'): Promise<string> {
    const token = randomBytes(24).toString('hex');
    // Expired images go as new ones come, so the table holds about a month of charts.
    await this.pool.query(
      `WITH gone AS (DELETE FROM media WHERE expires_at <= now())
       INSERT INTO media (token, content_type, bytes, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')`,
      [token, contentType, bytes, MEDIA_KEEP_MS],
    );
    return token;
  }

  async get(token: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer; content_type: string }>('SELECT bytes, content_type FROM media WHERE token = $1 AND expires_at > now()', [token]);
    const row = rows[0];
    return row && { bytes: row.bytes, contentType: row.content_type };
  }
}
