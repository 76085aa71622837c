/**
 * PostgreSQL for the tests: each test file makes its own database with a random name and
 * drops it at the end, so it never touches anything else. Without a reachable server a
 * developer's run skips these suites and says so; CI (CI=true) fails them instead.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the tests may use (trust authentication); only ever used to create and drop their own databases. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable();
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** `describe` for a suite that needs PostgreSQL. */
export function describePostgres(name: string, suite: () => void): void {
  if (!unreachable) {
    describe(name, suite);
    return;
  }
  const where = new URL(ADMIN_URL);
  const why = `PostgreSQL is not reachable at ${where.host} (${unreachable})`;
  if (inCi) {
    describe(name, () => {
      it('reaches PostgreSQL (CI never skips this suite)', () => {
        throw new Error(`${why}. CI must start PostgreSQL before the tests (.ci/run does).`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${why}. Start PostgreSQL to run it; CI always does.`);
  describe.skip(name, suite);
}

/** A fresh, empty database of the test's own; `drop()` removes it, closing whatever still uses it. */
export async function freshDatabase(): Promise<{ url: string; name: string; admin: (sql: string) => Promise<pg.QueryResult>; drop(): Promise<void> }> {
  const name = `asesu_test_${randomBytes(6).toString('hex')}`;
  const adminQuery = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    admin: adminQuery,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A plain connection to a test database, for looking at or holding rows behind the store's back. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}
