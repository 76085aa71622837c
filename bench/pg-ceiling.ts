/**
 * The PostgreSQL side of the benchmark's database: a database of the run's own, made with a
 * random name and dropped at the end, and the durability ceiling the service is held to (the
 * rate of single-row `UPDATE … SET doc = $1` of a partnership-sized JSONB document, each its
 * own committed transaction, as the 20 KB durable file write is for the files).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LoadResult } from './load.js';

/**
 * The server the benchmark may use: trust authentication, as the tests use. Only ever used to
 * create and drop the run's own database.
 */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery<R extends pg.QueryResultRow>(sql: string): Promise<pg.QueryResult<R>> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query<R>(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database for one run; `drop()` removes it, closing whatever still uses it. */
export async function benchDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `asesu_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

/** The server's version and how many more connections it would accept now (max_connections less those in use and reserved). */
export async function serverInfo(): Promise<{ version: string; spareConnections: number; synchronousCommit: string }> {
  const { rows } = await adminQuery<{ version: string; spare: number; sync: string }>(
    `SELECT current_setting('server_version') AS version,
            current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*) FROM pg_stat_activity)::int AS spare,
            current_setting('synchronous_commit') AS sync`,
  );
  return { version: rows[0]!.version, spareConnections: rows[0]!.spare, synchronousCommit: rows[0]!.sync };
}

/**
 * `rows` rows holding `doc`, then `connections` clients each updating one row after another
 * (each row in turn, so no two clients wait on the same row) for `seconds`: the rate at which
 * the server commits such writes durably. The document changes with every write, as a
 * partnership's does.
 */
export async function updateCeiling(url: string, o: { doc: string; rows: number; connections: number; seconds: number }): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: url, max: o.connections, application_name: 'asesu-bench-ceiling' });
  try {
    await pool.query('DROP TABLE IF EXISTS bench_ceiling');
    await pool.query('CREATE TABLE bench_ceiling (id integer PRIMARY KEY, doc jsonb NOT NULL, version bigint NOT NULL DEFAULT 0)');
    await pool.query('INSERT INTO bench_ceiling (id, doc) SELECT i, $1::jsonb FROM generate_series(0, $2::int - 1) AS i', [o.doc, o.rows]);
    await pool.query('VACUUM ANALYZE bench_ceiling');
    // The marker goes inside the document's first object, so each write stores a different value.
    const open = o.doc.indexOf('{') + 1;
    const head = o.doc.slice(0, open);
    const tail = o.doc.slice(open);
    const latencies: number[] = [];
    let next = 0;
    let errors = 0;
    const started = performance.now();
    const deadline = started + o.seconds * 1000;
    let last = started;
    await Promise.all(
      Array.from({ length: o.connections }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < deadline) {
            const n = next++;
            const t = performance.now();
            try {
              await client.query('UPDATE bench_ceiling SET doc = $1::jsonb, version = version + 1 WHERE id = $2', [`${head}"benchWrite":${n},${tail}`, n % o.rows]);
              last = performance.now();
              latencies.push(last - t);
            } catch {
              errors++;
            }
          }
        } finally {
          client.release();
        }
      }),
    );
    await pool.query('DROP TABLE bench_ceiling');
    const seconds = (last - started) / 1000;
    return {
      requests: latencies.length,
      acknowledged: latencies.length,
      refused: 0,
      errors,
      seconds,
      latenciesMs: latencies,
      byPlatform: { teams: [], slack: [] },
      byPage: { last: [], others: [] },
      all: { requests: latencies.length + errors, notAcknowledged: errors },
    };
  } finally {
    await pool.end();
  }
}
