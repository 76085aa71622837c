/**
 * The Store contract, run against every backend alike: what the services rely on, whichever
 * store the instance was started with.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from '../../src/channels/shared/replies.js';
import type { Partnership } from '../../src/domain/model.js';
import { newPartnership } from '../../src/domain/partnership.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { PostgresStore } from '../../src/store/pg-store.js';
import { StoreClosedError, StoreError, UnknownPartnershipIdError, type Store } from '../../src/store/store.js';
import { connect, describePostgres, freshDatabase } from './pg-support.js';

/** One backend as the contract sees it: instances on the same data, and ways to hurt the data behind the store's back. */
interface Backend {
  /** Another instance on the same data (for PostgreSQL, another pool: what another process would have). */
  open(): Promise<Store>;
  /** From now on, writes of this partnership fail in the backend itself. */
  breakWrites(id: string): Promise<void>;
  mendWrites(id: string): Promise<void>;
  /** Replaces the stored partnership with something that is not one. */
  corrupt(id: string): Promise<void>;
  /** Whether an instance opened after a failed write still reads the data from before it. */
  durableAfterFailedWrite: boolean;
}

function newId(): string {
  return `slack-${randomBytes(16).toString('hex')}`;
}

function partnership(id: string, name?: string): Partnership {
  return newPartnership({ id, platform: 'slack', address: { channel: 'C1' }, now: 1, founder: { id: 'U1' }, name, settings: { language: 'cy', timeZone: 'Europe/London' } });
}

/** A change that adds one letter to the name, creating the partnership when it is missing. */
const addLetter = (id: string, letter: string) => (current: Partnership | undefined) => {
  const base = current ?? partnership(id);
  return { next: { ...base, name: `${base.name ?? ''}${letter}` }, result: letter };
};

function contract(backend: () => Backend): void {
  const opened: Store[] = [];
  const open = async () => {
    const store = await backend().open();
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
  });

  it('stores a new partnership, and what it acknowledges is there for another instance', async () => {
    const store = await open();
    const id = newId();
    expect(await store.get(id)).toBeUndefined();
    expect(await store.update(id, () => ({ next: partnership(id, 'Partneriaeth'), result: 'made' }))).toBe('made');
    expect(await store.get(id)).toEqual(partnership(id, 'Partneriaeth'));
    const other = await open();
    expect(await other.get(id)).toEqual(partnership(id, 'Partneriaeth'));
    expect(await other.ids()).toContain(id);
  });

  it('stores nothing for a change that returns nothing or throws, and keeps the changes queued beside it', async () => {
    const store = await open();
    const id = newId();
    await store.update(id, () => ({ next: partnership(id, 'a'), result: undefined }));
    const writes: Partnership[] = [];
    store.onWrite((p) => p.id === id && writes.push(p));
    expect(await store.update(id, () => ({ result: 'read only' }))).toBe('read only');
    const outcomes = await Promise.allSettled([
      store.update(id, addLetter(id, 'b')),
      store.update(id, () => {
        throw new Error('refused');
      }),
      store.update(id, addLetter(id, 'c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
    expect((await (await open()).get(id))?.name).toBe('abc');
    expect(writes.at(-1)?.name).toBe('abc');
  });

  it('stores nothing at all for a new partnership whose first change throws or stores nothing', async () => {
    const store = await open();
    const id = newId();
    await expect(store.update(id, () => { throw new Error('no'); })).rejects.toThrow('no');
    await store.update(id, () => ({ result: undefined }));
    expect(await store.get(id)).toBeUndefined();
    expect(await (await open()).ids()).not.toContain(id);
  });

  it('applies concurrent changes one at a time: none is lost, on a new partnership or a stored one', async () => {
    const store = await open();
    const fresh = newId();
    const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
    await Promise.all(letters.map((l) => store.update(fresh, addLetter(fresh, l))));
    const name = (await (await open()).get(fresh))?.name ?? '';
    expect([...name].sort()).toEqual(letters);
    await Promise.all(letters.map((l) => store.update(fresh, addLetter(fresh, l.toUpperCase()))));
    expect((await (await open()).get(fresh))?.name).toHaveLength(52);
  });

  it('leaves other partnerships untouched', async () => {
    const store = await open();
    const [a, b] = [newId(), newId()];
    await store.update(b, () => ({ next: partnership(b, 'B'), result: undefined }));
    const written: string[] = [];
    store.onWrite((p) => written.push(p.id));
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.update(a, addLetter(a, String(i)))));
    expect(await (await open()).get(b)).toEqual(partnership(b, 'B'));
    expect(new Set(written)).toEqual(new Set([a]));
  });

  it('tells onWrite of each stored change, with the partnership as stored', async () => {
    const store = await open();
    const id = newId();
    const seen: (string | undefined)[] = [];
    store.onWrite((p) => p.id === id && seen.push(p.name));
    await store.update(id, () => ({ next: partnership(id, 'x'), result: undefined }));
    await store.update(id, () => ({ result: undefined }));
    await store.update(id, addLetter(id, 'y'));
    expect(seen).toEqual(['x', 'xy']);
  });

  it('acknowledges no change it could not store, reports it as "could not save", and keeps the data as it was', async () => {
    const store = await open();
    const id = newId();
    await store.update(id, () => ({ next: partnership(id, 'before'), result: undefined }));
    const writes: string[] = [];
    store.onWrite((p) => writes.push(p.name ?? ''));
    await backend().breakWrites(id);
    const failed = await store.update(id, addLetter(id, '!')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(StoreError);
    expect(errorCode(failed)).toBe('saveFailed');
    expect(writes).toEqual([]);
    expect((await store.get(id))?.name).toBe('before');
    if (backend().durableAfterFailedWrite) expect((await (await open()).get(id))?.name).toBe('before');
    await backend().mendWrites(id);
    await store.update(id, addLetter(id, '2'));
    expect((await (await open()).get(id))?.name).toBe('before2');
  });

  it('reports data it cannot read as "unavailable", and keeps serving other partnerships', async () => {
    const store = await open();
    const [bad, good] = [newId(), newId()];
    await store.update(good, () => ({ next: partnership(good, 'good'), result: undefined }));
    await backend().corrupt(bad);
    const other = await open();
    const failed = await other.get(bad).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(StoreError);
    expect(errorCode(failed)).toBe('storeUnavailable');
    await expect(other.update(bad, addLetter(bad, 'x'))).rejects.toBeInstanceOf(StoreError);
    expect((await other.get(good))?.name).toBe('good');
  });

  it('refuses anything that is not a partnership id', async () => {
    const store = await open();
    await expect(store.get('../../etc/passwd')).rejects.toThrow(UnknownPartnershipIdError);
    await expect(store.update("teams-x' OR '1'='1", () => ({ result: 1 }))).rejects.toThrow(UnknownPartnershipIdError);
  });

  it('reports itself healthy, finishes the changes under way on close, then refuses new ones', async () => {
    const store = await open();
    const id = newId();
    expect(await store.health()).toEqual({ ok: true, detail: 'ok' });
    const pending = Promise.all(['a', 'b', 'c'].map((l) => store.update(id, addLetter(id, l))));
    await store.close();
    await pending;
    await expect(store.update(id, addLetter(id, 'd'))).rejects.toThrow(StoreClosedError);
    expect((await (await open()).get(id))?.name).toHaveLength(3);
  });
}

describe('the Store contract on the lowdb files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asesu-contract-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  contract(() => ({
    open: () => LowdbStore.open(dir),
    // The file's place taken by a folder: the rename that would replace it fails, as a full or failing disk would.
    breakWrites: async (id) => {
      await rm(join(dir, `${id}.json`), { force: true });
      await mkdir(join(dir, `${id}.json`, 'in-the-way'), { recursive: true });
    },
    mendWrites: (id) => rm(join(dir, `${id}.json`), { recursive: true, force: true }),
    corrupt: (id) => writeFile(join(dir, `${id}.json`), '{"schemaVersion":1,"partnership":{"id":'),
    durableAfterFailedWrite: false,
  }));
});

describePostgres('the Store contract on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });
  const sql = async (text: string, values: unknown[] = []) => {
    const client = await connect(db.url);
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  const constraint = (id: string) => `refuse_${id.replace(/-/g, '_')}`;
  contract(() => ({
    open: () => PostgresStore.open(db.url, { migrate: true, poolSize: 4 }),
    // A constraint the row's next version breaks: the database itself refuses the write.
    breakWrites: (id) => sql(`ALTER TABLE partnerships ADD CONSTRAINT ${constraint(id)} CHECK (id <> '${id}') NOT VALID`),
    mendWrites: (id) => sql(`ALTER TABLE partnerships DROP CONSTRAINT ${constraint(id)}`),
    corrupt: (id) => sql(`INSERT INTO partnerships (id, schema_version, doc, version) VALUES ($1, 1, '{"id":"nope"}', 1)`, [id]),
    durableAfterFailedWrite: true,
  }));
});
