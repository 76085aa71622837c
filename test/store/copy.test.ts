/** Moving from the lowdb files to PostgreSQL with `npm run store:copy`. */
import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { copyFilesToPostgres } from '../../src/store/copy.js';
import { createLogger } from '../../src/log.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { pseudonymiser } from '../../src/store/member-key.js';
import { openStore } from '../../src/store/open.js';
import { PostgresStore } from '../../src/store/pg-store.js';
import { pageAnswers, serviceHarness } from '../support/services.js';
import { describePostgres, freshDatabase } from './pg-support.js';

/** A data folder as a service leaves it: three partnerships, one with a closed round of answers, and the member key. */
async function dataFolder(): Promise<{ dir: string; ids: string[]; answered: string }> {
  const h = await serviceHarness();
  const secretary = { id: 'U0' };
  const members = Array.from({ length: 5 }, (_, i) => ({ id: `U${i}` }));
  h.channel.roster = members;
  await h.services.ensure(h.where, secretary);
  const started = await h.services.run(h.where, secretary, { name: 'start' });
  if (started.kind !== 'started') throw new Error('not started');
  const answered = h.channel.posted[0]!.partnership.id;
  for (const [i, actor] of members.entries()) {
    await h.services.answer({ partnershipId: answered, roundId: started.round.id, actor, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', String(i + 1)) } });
  }
  await h.services.run(h.where, secretary, { name: 'close' });
  await h.services.flush();
  for (const channel of ['C2', 'C3']) await h.services.ensure({ ...h.where, key: `T1:${channel}`, address: { team: 'T1', channel } }, secretary);
  await h.services.flush();
  await h.store.close();
  return { dir: h.dataDir, ids: (await (await LowdbStore.open(h.dataDir)).ids()).sort(), answered };
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}

function runCopy(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'store-copy.ts'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describePostgres('copying a data folder into PostgreSQL', () => {
  // Each test starts services and databases of its own: on a loaded machine that takes longer than the default.
  jest.setTimeout(120_000);
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let folder: Awaited<ReturnType<typeof dataFolder>>;
  beforeAll(async () => {
    db = await freshDatabase();
    folder = await dataFolder();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('copies every partnership and the member key, checks them, and leaves the folder as it was', async () => {
    expect(folder.ids).toHaveLength(3);
    const before = await snapshot(folder.dir);
    const report = await copyFilesToPostgres(folder.dir, db.url);
    expect(report).toEqual({ copied: folder.ids, alreadyThere: [], refused: [], unreadable: [], mismatched: [], memberKey: 'copied' });
    expect(await snapshot(folder.dir)).toEqual(before);

    // An instance on the database sees the same partnerships, and finds each member's answers under the same pseudonym ("forget me" still finds them).
    const files = await LowdbStore.open(folder.dir);
    const opened = await openStore({ dataDir: '', database: { url: db.url, migrate: true }, memberKey: undefined }, createLogger('silent'));
    try {
      expect(await opened.store.ids()).toEqual(folder.ids);
      for (const id of folder.ids) expect(JSON.parse(JSON.stringify(await opened.store.get(id)))).toEqual(JSON.parse(JSON.stringify(await files.get(id))));
      const round = (await opened.store.get(folder.answered))!.rounds[0]!;
      expect(Object.keys(round.responses)).toContain(pseudonymiser(opened.memberKey)('slack', 'U3'));
      expect(round.closedAt).toBeDefined();
    } finally {
      await opened.store.close();
    }

    // Run again (after an interruption, say): nothing is written twice.
    expect(await copyFilesToPostgres(folder.dir, db.url)).toMatchObject({ copied: [], alreadyThere: folder.ids, refused: [], memberKey: 'same' });
  });

  it('never overwrites a partnership the database holds differently, and says which', async () => {
    const target = await freshDatabase();
    try {
      const changed = folder.ids[1]!;
      const store = await PostgresStore.open(target.url, { migrate: true });
      const mine = (await (await LowdbStore.open(folder.dir)).get(changed))!;
      await store.update(changed, () => ({ next: { ...mine, name: 'changed since' }, result: undefined }));
      await store.close();

      const { code, out } = await runCopy(['--from', folder.dir, '--to', target.url]);
      expect(code).toBe(1);
      expect(out).toContain(`REFUSED ${changed}: the database already holds this partnership, differently; left as it was`);
      expect(out).toContain('copied: 2');

      const check = await PostgresStore.open(target.url, { migrate: false });
      expect((await check.get(changed))?.name).toBe('changed since');
      expect(await check.ids()).toEqual(folder.ids);
      await check.close();
    } finally {
      await target.drop();
    }
  });

  it('copies nothing when the database already has another member key', async () => {
    const target = await freshDatabase();
    try {
      const other = await openStore({ dataDir: '', database: { url: target.url, migrate: true }, memberKey: randomBytes(32) }, createLogger('silent'));
      await other.store.close();
      await expect(copyFilesToPostgres(folder.dir, target.url)).rejects.toThrow(/member key .* differs from the one already in the database/);
      const check = await PostgresStore.open(target.url, { migrate: false });
      expect(await check.ids()).toEqual([]);
      await check.close();
    } finally {
      await target.drop();
    }
  });
});

describe('the copy command without a database to copy to', () => {
  it('says how to use it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'asesu-copy-'));
    const { code, out } = await runCopy(['--from', folder]);
    expect(code).toBe(2);
    expect(out).toContain('usage: npm run store:copy -- --from ./data --to postgres://');
  });
});
