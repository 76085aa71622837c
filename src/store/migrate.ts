import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { ROOT } from '../paths.js';

/** Read from the sources at run time (like the built-in frameworks), so dist/ needs no copy of them. */
export const MIGRATIONS_DIR = join(ROOT, 'src', 'store', 'migrations');

/** One number for asesu's migrations, so instances starting together take turns. */
const MIGRATION_LOCK = 0x61736573_75;

const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

interface Migration {
  version: string;
  name: string;
  sql: string;
}

async function migrations(): Promise<Migration[]> {
  const names = (await readdir(MIGRATIONS_DIR)).filter((n) => FILE.test(n)).sort();
  return Promise.all(names.map(async (name) => ({ version: FILE.exec(name)![1]!, name, sql: await readFile(join(MIGRATIONS_DIR, name), 'utf8') })));
}

async function applied(client: pg.ClientBase): Promise<Set<string>> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return new Set();
  const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((r) => r.version));
}

/** The migrations not yet applied to the database, by file name. */
export async function pendingMigrations(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    const done = await applied(client);
    return (await migrations()).filter((m) => !done.has(m.version)).map((m) => m.name);
  } finally {
    client.release();
  }
}

/**
 * Applies every migration not yet applied, each in its own transaction, under an advisory
 * lock: an instance that starts while another migrates waits, then finds nothing left to do.
 * Resolves with the names applied by this call.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const done: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const already = await applied(client);
      for (const m of await migrations()) {
        if (already.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        done.push(m.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return done;
}
