/**
 * What only a server database has to show: several instances (here, several pools, as
 * several processes would have) on one database, its migrations, its shared member key and
 * shared state, and a health check that follows the database.
 */
import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { createLogger } from '../../src/log.js';
import type { Partnership } from '../../src/domain/model.js';
import { newPartnership } from '../../src/domain/partnership.js';
import { migrate, MIGRATIONS_DIR } from '../../src/store/migrate.js';
import { MemberKeyMismatchError } from '../../src/store/member-key.js';
import { openStore, type OpenedStore } from '../../src/store/open.js';
import { PostgresSharedState } from '../../src/store/pg-shared.js';
import { PostgresStore } from '../../src/store/pg-store.js';
import { startTestApp } from '../support/app.js';
import { SECRET, SlackTestbed } from '../slack/support.js';
import { connect, describePostgres, freshDatabase } from './pg-support.js';

const quiet = createLogger('silent');

function newId(): string {
  return `slack-${randomBytes(16).toString('hex')}`;
}

const addLetter = (id: string, letter: string) => (current: Partnership | undefined) => {
  const base = current ?? newPartnership({ id, platform: 'slack', address: { channel: 'C1' }, now: 1, founder: { id: 'U1' }, settings: { language: 'cy', timeZone: 'Europe/London' } });
  return { next: { ...base, name: `${base.name ?? ''}${letter}` }, result: letter };
};

describePostgres('PostgreSQL with several instances', () => {
  // Each test starts services and databases of its own: on a loaded machine that takes longer than the default.
  jest.setTimeout(120_000);
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const opened: PostgresStore[] = [];
  const open = async () => {
    const store = await PostgresStore.open(db.url, { migrate: true, poolSize: 4 });
    opened.push(store);
    return store;
  };
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
    await db.drop();
  });

  it('migrates once when instances start together, and a later start finds nothing to do', async () => {
    const fresh = await freshDatabase();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(fresh.url, { migrate: true, poolSize: 2 })));
      const client = await connect(fresh.url);
      const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
      await client.end();
      expect(rows.map((r) => r.name)).toEqual(['001_init.sql', '002_media.sql']);
      expect(await migrate(stores[0]!.pool)).toEqual([]);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await fresh.drop();
    }
  });

  it('migrates with npm run db:migrate, once', async () => {
    const fresh = await freshDatabase();
    const run = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'db-migrate.ts')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: fresh.url }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      return new Promise<{ code: number | null; out: string }>((resolve) => child.on('exit', (code) => resolve({ code, out })));
    };
    try {
      expect(await run()).toEqual({ code: 0, out: 'applied: 001_init.sql, 002_media.sql\n' });
      expect(await run()).toEqual({ code: 0, out: 'the database is up to date\n' });
      const store = await PostgresStore.open(fresh.url, { migrate: false });
      await store.close();
    } finally {
      await fresh.drop();
    }
  });

  it('with DB_MIGRATE=false, refuses a database that still needs its migrations and says how to apply them', async () => {
    const fresh = await freshDatabase();
    try {
      await expect(PostgresStore.open(fresh.url, { migrate: false })).rejects.toThrow(/needs migrations \(001_init\.sql, 002_media\.sql\): run npm run db:migrate/);
    } finally {
      await fresh.drop();
    }
    expect(MIGRATIONS_DIR).toMatch(/src[/\\]store[/\\]migrations$/);
  });

  it('loses no change when two instances change one partnership at the same time', async () => {
    const [a, b] = [await open(), await open()];
    const id = newId();
    const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
    await Promise.all(letters.flatMap((l) => [a.update(id, addLetter(id, l)), b.update(id, addLetter(id, l.toUpperCase()))]));
    const name = (await (await open()).get(id))?.name ?? '';
    expect(name).toHaveLength(52);
    // Each instance reads the other's writes, not a copy it kept.
    expect((await a.get(id))?.name).toBe(name);
    expect((await b.get(id))?.name).toBe(name);
  });

  it('acknowledges a change only after it is committed: while another transaction holds the row, the change waits', async () => {
    const store = await open();
    const id = newId();
    await store.update(id, addLetter(id, 'a'));
    const other = await connect(db.url);
    await other.query('BEGIN');
    await other.query('SELECT 1 FROM partnerships WHERE id = $1 FOR UPDATE', [id]);
    let acknowledged = false;
    const change = store.update(id, addLetter(id, 'b')).then(() => {
      acknowledged = true;
    });
    // Wait until the store's transaction is queued behind the held lock, then look.
    const watcher = await connect(db.url);
    for (;;) {
      const { rows } = await watcher.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (rows[0]!.n !== '0') break;
      await new Promise((r) => setImmediate(r));
    }
    await watcher.end();
    expect(acknowledged).toBe(false);
    expect((await store.get(id))?.name).toBe('a');
    await other.query('COMMIT');
    await other.end();
    await change;
    expect((await (await open()).get(id))?.name).toBe('ab');
  });

  it('keeps one member key for every instance, takes MEMBER_KEY when it is the first, and refuses one that differs', async () => {
    const fresh = await freshDatabase();
    const given = randomBytes(32);
    const stores: OpenedStore[] = [];
    try {
      const config = { dataDir: '', database: { url: fresh.url, migrate: true } };
      stores.push(await openStore({ ...config, memberKey: given }, quiet));
      stores.push(await openStore({ ...config, memberKey: undefined }, quiet));
      expect(stores.map((s) => s.memberKey.toString('hex'))).toEqual([given.toString('hex'), given.toString('hex')]);
      await expect(openStore({ ...config, memberKey: randomBytes(32) }, quiet)).rejects.toThrow(MemberKeyMismatchError);
    } finally {
      await Promise.all(stores.map((s) => s.store.close()));
      await fresh.drop();
    }
  });

  it('creates one member key when instances start together on an empty database', async () => {
    const fresh = await freshDatabase();
    try {
      const config = { dataDir: '', database: { url: fresh.url, migrate: true }, memberKey: undefined };
      const stores = await Promise.all([1, 2, 3].map(() => openStore(config, quiet)));
      expect(new Set(stores.map((s) => s.memberKey.toString('hex'))).size).toBe(1);
      await Promise.all(stores.map((s) => s.store.close()));
    } finally {
      await fresh.drop();
    }
  });

  it('takes a delivery once across instances, however many race for it', async () => {
    const [a, b] = [new PostgresSharedState((await open()).pool), new PostgresSharedState((await open()).pool)];
    const key = `slack:event:${randomBytes(4).toString('hex')}`;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).firstDelivery(key, 60_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await a.firstDelivery(`${key}-other`, 60_000)).toBe(true);
    // Remembered only as long as asked: a key whose time is over is new again.
    const brief = `${key}-brief`;
    expect(await a.firstDelivery(brief, 0)).toBe(true);
    expect(await b.firstDelivery(brief, 60_000)).toBe(true);
    expect(await a.firstDelivery(brief, 60_000)).toBe(false);
  });

  it('holds a value for its owner on every instance, given out once', async () => {
    const [a, b] = [new PostgresSharedState((await open()).pool), new PostgresSharedState((await open()).pool)];
    await a.hold('teams-export:1', 'member-1', 'csv', 60_000);
    expect(await b.take('teams-export:1', 'member-2')).toBeUndefined();
    expect(await b.take('teams-export:1', 'member-1')).toBe('csv');
    expect(await a.take('teams-export:1', 'member-1')).toBeUndefined();
  });

  it('reports the database in /healthz, and answers 503 while it cannot be reached', async () => {
    const app = await startTestApp({ DATABASE_URL: db.url });
    const name = db.name;
    try {
      const ok = await fetch(`${app.url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ store: 'postgres', ok: true });
      await db.admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await db.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      const down = await fetch(`${app.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ store: 'postgres', ok: false, status: 'degraded' });
      await db.admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await db.admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await app.stop();
    }
  });

  it('does nothing again when Slack retries a command at another instance', async () => {
    const bed = new SlackTestbed();
    await bed.start({}, { DATABASE_URL: db.url });
    const first = bed.app;
    const second = await startTestApp({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: bed.slack.token, SLACK_API_URL: bed.slack.apiUrl, DATABASE_URL: db.url });
    try {
      bed.seed([{ id: 'U1', name: 'Alun Jones' }]);
      const help = bed.command('U1', 'help');
      expect((await help.send()).status).toBe(200);
      await bed.slack.waitFor('response_url', (c) => c.url === new URL(help.fields.response_url).pathname);
      const calls = bed.slack.calls.length;
      bed.app = second;
      const retried = await help.send();
      bed.app = first;
      // Closing the second instance waits for any work the retry started.
      await second.stop();
      expect(retried.status).toBe(200);
      expect(bed.slack.calls.length).toBe(calls);
      expect(second.logs.lines.some((l) => l.msg === 'slack delivery already taken; nothing done again')).toBe(true);
    } finally {
      bed.app = first;
      await bed.stop();
    }
  });
});
