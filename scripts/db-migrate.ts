/** `npm run db:migrate`: applies the database migrations not yet applied to DATABASE_URL's database, then stops. */
import pg from 'pg';
import { ConfigError, loadConfig } from '../src/config.js';
import { migrate } from '../src/store/migrate.js';

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  if (!config.database) {
    console.error('db:migrate: set DATABASE_URL to the PostgreSQL database to migrate (the lowdb files need no migration)');
    return 2;
  }
  const pool = new pg.Pool({ connectionString: config.database.url, max: 1, application_name: 'asesu db:migrate' });
  try {
    const applied = await migrate(pool);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:migrate: ${error instanceof ConfigError ? `configuration: ${error.message}` : error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
