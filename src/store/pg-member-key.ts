import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { MemberKeyMismatchError } from './member-key.js';

/**
 * The member key every instance shares, kept in the database. The first instance (or
 * `store:copy`) inserts one, MEMBER_KEY's if given, else a new random one; ON CONFLICT keeps
 * instances starting together from making two. Given a key that differs from the stored
 * one, it refuses: two keys would split each member in two.
 */
export async function memberKeyInDatabase(pool: pg.Pool, given?: Buffer): Promise<{ key: Buffer; created: boolean }> {
  const offered = (given ?? randomBytes(32)).toString('hex');
  const inserted = await pool.query(`INSERT INTO installation_secrets (name, value) VALUES ('member-key', $1) ON CONFLICT (name) DO NOTHING`, [offered]);
  const { rows } = await pool.query<{ value: string }>(`SELECT value FROM installation_secrets WHERE name = 'member-key'`);
  const key = Buffer.from(rows[0]!.value, 'hex');
  if (given && !key.equals(given)) throw new MemberKeyMismatchError('the database');
  return { key, created: inserted.rowCount === 1 };
}
