/** Which store an instance runs on, and the member key it must agree on with the data. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { ROOT } from '../../src/paths.js';
import { LocalSharedState } from '../../src/store/local-shared.js';
import { MemberKeyMismatchError } from '../../src/store/member-key.js';
import { describeStore, openStore } from '../../src/store/open.js';
import { ENTRY } from '../support/built-service.js';

const quiet = createLogger('silent');

describe('choosing the store', () => {
  it('runs on the files unless DATABASE_URL is set; migrates at start unless DB_MIGRATE=false', () => {
    expect(loadConfig({}, '/srv/asesu')).toMatchObject({ database: undefined, memberKey: undefined });
    expect(loadConfig({ DATABASE_URL: 'postgres://asesu:pw@db.internal:5432/asesu' }).database).toEqual({ url: 'postgres://asesu:pw@db.internal:5432/asesu', migrate: true });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/asesu', DB_MIGRATE: 'false' }).database).toEqual({ url: 'postgresql://db/asesu', migrate: false });
    const key = 'ab'.repeat(32);
    expect(loadConfig({ MEMBER_KEY: key }).memberKey).toEqual(Buffer.from(key, 'hex'));
  });

  it.each([
    [{ DATABASE_URL: 'mysql://db/asesu' }, 'DATABASE_URL: a postgres:// or postgresql:// URL'],
    [{ DATABASE_URL: 'postgres://' + '%zz' + '@[' }, 'DATABASE_URL: a postgres:// or postgresql:// URL'],
    [{ DATABASE_URL: 'postgres://db/asesu', DB_MIGRATE: 'no' }, 'DB_MIGRATE: must be one of true, false'],
    [{ MEMBER_KEY: 'abc' }, 'MEMBER_KEY: 64 hexadecimal digits (a 256-bit key)'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('names the database in the start-up line without its password', () => {
    expect(describeStore({ dataDir: '/srv/data', database: undefined })).toBe('/srv/data');
    expect(describeStore({ dataDir: '/srv/data', database: { url: 'postgres://asesu:s3cret@db.internal:5433/asesu', migrate: true } })).toBe('PostgreSQL db.internal:5433/asesu');
  });
});

describe('the member key with the files', () => {
  it('takes MEMBER_KEY for a new data folder, and keeps it there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asesu-key-'));
    const given = randomBytes(32);
    const opened = await openStore({ dataDir: dir, database: undefined, memberKey: given }, quiet);
    expect(opened.backend).toBe('lowdb');
    expect(opened.shared).toBeInstanceOf(LocalSharedState);
    expect(opened.memberKey).toEqual(given);
    expect((await readFile(join(dir, 'member-key'), 'utf8')).trim()).toBe(given.toString('hex'));
    await opened.store.close();
    const again = await openStore({ dataDir: dir, database: undefined, memberKey: undefined }, quiet);
    expect(again.memberKey).toEqual(given);
    await again.store.close();
  });

  it('refuses a MEMBER_KEY that differs from the key already in the data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asesu-key-'));
    await (await openStore({ dataDir: dir, database: undefined, memberKey: undefined }, quiet)).store.close();
    await expect(openStore({ dataDir: dir, database: undefined, memberKey: randomBytes(32) }, quiet)).rejects.toThrow(MemberKeyMismatchError);
  });

  it('keeps the service from starting, saying why in one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asesu-key-'));
    await (await openStore({ dataDir: dir, database: undefined, memberKey: undefined }, quiet)).store.close();
    const child = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dir, MEMBER_KEY: randomBytes(32).toString('hex') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain('asesu: could not start: MEMBER_KEY differs from the member key already kept in');
    expect(out).not.toContain('listening on port');
  });
});

describe('shared state in one process', () => {
  it('takes a delivery once while it is remembered', async () => {
    let now = 0;
    const shared = new LocalSharedState(() => now);
    expect(await shared.firstDelivery('slack:event:Ev1', 1_000)).toBe(true);
    expect(await shared.firstDelivery('slack:event:Ev1', 1_000)).toBe(false);
    now = 1_000;
    expect(await shared.firstDelivery('slack:event:Ev1', 1_000)).toBe(true);
  });

  it('gives a held value to its owner only, once', async () => {
    const shared = new LocalSharedState();
    await shared.hold('x', 'member-1', 'csv', 60_000);
    expect(await shared.take('x', 'member-2')).toBeUndefined();
    expect(await shared.take('x', 'member-1')).toBe('csv');
    expect(await shared.take('x', 'member-1')).toBeUndefined();
  });
});
