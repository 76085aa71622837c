import { mkdtemp, readFile, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPartnership } from '../../src/domain/partnership.js';
import type { Partnership } from '../../src/domain/model.js';
import { StoreFileError } from '../../src/store/durable-file.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { loadMemberKey, pseudonymiser } from '../../src/store/member-key.js';
import { UnknownPartnershipIdError } from '../../src/store/store.js';
import { pageAnswers, serviceHarness } from '../support/services.js';

const ID_A = `slack-${'a'.repeat(32)}`;
const ID_B = `slack-${'b'.repeat(32)}`;

function partnership(id: string): Partnership {
  return newPartnership({ id, platform: 'slack', address: { channel: 'C1' }, now: 1, founder: { id: 'U1' }, settings: { language: 'cy', timeZone: 'Europe/London' } });
}

async function freshStore() {
  const dir = await mkdtemp(join(tmpdir(), 'asesu-store-'));
  return { dir, store: await LowdbStore.open(dir) };
}

describe('the lowdb store', () => {
  it('keeps one file per partnership, on disk as soon as the write resolves', async () => {
    const { dir, store } = await freshStore();
    await store.update(ID_A, () => ({ next: partnership(ID_A), result: undefined }));
    const file = JSON.parse(await readFile(join(dir, `${ID_A}.json`), 'utf8'));
    expect(file).toMatchObject({ schemaVersion: 1, partnership: { id: ID_A } });
    expect(await (await LowdbStore.open(dir)).get(ID_A)).toEqual(partnership(ID_A));
    expect(await store.ids()).toEqual([ID_A]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when a change stores nothing or throws', async () => {
    const { dir, store } = await freshStore();
    await store.update(ID_A, () => ({ next: partnership(ID_A), result: undefined }));
    const before = await stat(join(dir, `${ID_A}.json`));
    expect(await store.update(ID_A, () => ({ result: 'read only' }))).toBe('read only');
    await expect(store.update(ID_A, () => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect((await stat(join(dir, `${ID_A}.json`))).mtimeMs).toBe(before.mtimeMs);
  });

  it('refuses ids that are not partnership ids before touching the disk', async () => {
    const { store } = await freshStore();
    await expect(store.get('../../etc/passwd')).rejects.toThrow(UnknownPartnershipIdError);
    await expect(store.update('teams-__proto__', () => ({ result: 1 }))).rejects.toThrow(UnknownPartnershipIdError);
  });

  it('reports a corrupt file by name, never overwrites it, and keeps serving other partnerships', async () => {
    const { dir, store } = await freshStore();
    await store.update(ID_B, () => ({ next: partnership(ID_B), result: undefined }));
    const corrupt = join(dir, `${ID_A}.json`);
    const bytes = Buffer.from('{"schemaVersion":1,"partnership":{"id":"nope"');
    await writeFile(corrupt, bytes);
    const fresh = await LowdbStore.open(dir);
    await expect(fresh.get(ID_A)).rejects.toThrow(new StoreFileError(corrupt, 'corrupt', 'not valid JSON'));
    await expect(fresh.update(ID_A, () => ({ next: partnership(ID_A), result: undefined }))).rejects.toThrow(`${corrupt}: is corrupt`);
    expect(await readFile(corrupt)).toEqual(bytes);
    expect(await fresh.get(ID_B)).toEqual(partnership(ID_B));
    expect(await fresh.health()).toEqual({ ok: false, detail: '1 unreadable file(s)' });
  });

  it('names the path inside a file that fails its schema', async () => {
    const { dir, store } = await freshStore();
    const file = join(dir, `${ID_A}.json`);
    await writeFile(file, JSON.stringify({ schemaVersion: 1, partnership: { ...partnership(ID_A), settings: { ...partnership(ID_A).settings, k: 'three' } } }));
    await expect(store.get(ID_A)).rejects.toThrow(/is corrupt \(partnership\.settings\.k: /);
  });

  it('refuses a file from a schema version it does not know', async () => {
    const { dir, store } = await freshStore();
    await writeFile(join(dir, `${ID_A}.json`), JSON.stringify({ schemaVersion: 99, partnership: partnership(ID_A) }));
    await expect(store.get(ID_A)).rejects.toThrow(/schemaVersion/);
  });
});

describe('the member key', () => {
  it('is created once, readable by the service user only, and gives stable pseudonyms', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asesu-key-'));
    const first = await loadMemberKey(dir);
    expect(first.created).toBe(true);
    expect((await stat(join(dir, 'member-key'))).mode & 0o777).toBe(0o600);
    const second = await loadMemberKey(dir);
    expect(second).toMatchObject({ created: false, looseMode: false });
    expect(pseudonymiser(second.key)('slack', 'U1')).toBe(pseudonymiser(first.key)('slack', 'U1'));
    expect(pseudonymiser(first.key)('slack', 'U1')).not.toBe(pseudonymiser(first.key)('teams', 'U1'));
  });
});

describe('a store that keeps fewer partnerships loaded than it holds', () => {
  /** A partnership with one closed round, two members on its roster and `answering` of them answered, in a fresh data folder. */
  async function closedRound(answering = 2) {
    const h = await serviceHarness();
    const members = [{ id: 'U1' }, { id: 'U2' }];
    h.channel.roster = members;
    const id = (await h.services.ensure(h.where, members[0]!)).partnership.id;
    const started = await h.services.run(h.where, members[0]!, { name: 'start' });
    if (started.kind !== 'started') throw new Error('not started');
    for (const m of members.slice(0, answering)) await h.services.answer({ partnershipId: id, roundId: started.round.id, actor: m, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', '4'), comment: `gan ${m.id}` } });
    await h.services.run(h.where, members[0]!, { name: 'close' });
    return { h, id, file: h.store.fileOf(id), stored: structuredClone(await h.services.get(id))! };
  }

  it('reads back and changes a partnership it dropped from memory, closed rounds included', async () => {
    const { h, id, stored } = await closedRound(1);

    // Room for one: touching two others drops it, and the next read comes from its file.
    const store = await LowdbStore.open(h.dataDir, { cacheSize: 1 });
    expect(await store.get(id)).toEqual(stored);
    await store.update(ID_A, () => ({ next: partnership(ID_A), result: undefined }));
    await store.update(ID_B, () => ({ next: partnership(ID_B), result: undefined }));
    const reread = (await store.get(id))!;
    expect(reread).toEqual(stored);
    expect(Object.values(reread.rounds[0]!.responses)).toHaveLength(1);

    await store.update(id, (p) => ({ next: { ...p!, name: 'ar ôl' }, result: undefined }));
    await store.get(ID_A);
    expect(await store.get(id)).toEqual({ ...stored, name: 'ar ôl' });
    expect(await store.get(ID_A)).toEqual(partnership(ID_A));
    expect(await (await LowdbStore.open(h.dataDir)).get(id)).toEqual({ ...stored, name: 'ar ôl' });
  });

  it('writes closed rounds back from their file, and reads their answers from it when asked', async () => {
    const { h, id, file, stored } = await closedRound();
    const store = await LowdbStore.open(h.dataDir);
    await store.update(id, (p) => ({ next: { ...p!, name: 'un' }, result: undefined }));
    await store.update(id, (p) => ({ next: { ...p!, name: 'dau' }, result: undefined }));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ schemaVersion: 1, partnership: { ...stored, name: 'dau' } });
    const round = (await store.get(id))!.rounds[0]!;
    expect(round.responses).toEqual(stored.rounds[0]!.responses);
    expect(round.roster).toEqual(stored.rounds[0]!.roster);
    expect(round.summary).toEqual(stored.rounds[0]!.summary);
  });

  it('reads a file written another way (spaced out, as by hand), and keeps its closed rounds as they were written', async () => {
    const { h, id, file, stored } = await closedRound();
    const spaced = JSON.stringify(JSON.parse(await readFile(file, 'utf8')), null, 2);
    await writeFile(file, spaced);
    const store = await LowdbStore.open(h.dataDir);
    expect(await store.get(id)).toEqual(stored);
    await store.update(id, (p) => ({ next: { ...p!, name: 'newydd' }, result: undefined }));
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual({ schemaVersion: 1, partnership: { ...stored, name: 'newydd' } });
    expect(text).toContain(spaced.slice(spaced.indexOf('"rounds": [') + 11, spaced.lastIndexOf(']', spaced.indexOf('"scheduleState"'))).trim());
    expect((await store.get(id))!.rounds[0]!.responses).toEqual(stored.rounds[0]!.responses);
  });

  it('does not write over a file changed behind its back, and reads it again for the next change', async () => {
    const { h, id, file, stored } = await closedRound();
    const store = await LowdbStore.open(h.dataDir);
    await store.get(id);
    // Someone edits the closed round's comments in the file while the service runs.
    const edited = (await readFile(file, 'utf8')).replaceAll('gan U1', 'gan XX');
    await writeFile(file, edited);
    await expect(store.update(id, (p) => ({ next: { ...p!, name: 'coll' }, result: undefined }))).rejects.toThrow(`${file}: could not be written (changed on disk since it was read)`);
    expect(await readFile(file, 'utf8')).toBe(edited);
    await store.update(id, (p) => ({ next: { ...p!, name: 'wedyn' }, result: undefined }));
    const now = JSON.parse(await readFile(file, 'utf8')) as { partnership: Partnership };
    expect(now.partnership.name).toBe('wedyn');
    // The edit is kept: the closed round was read again from the file, not written back from memory.
    expect(JSON.stringify(now.partnership.rounds[0]!.responses)).toContain('gan XX');
    expect(JSON.stringify(stored.rounds[0]!.responses)).not.toContain('gan XX');
  });

  it('still reads a closed round held from before its file was read again and rewritten', async () => {
    const { h, id, stored } = await closedRound();
    const store = await LowdbStore.open(h.dataDir, { cacheSize: 1 });
    const held = (await store.get(id))!.rounds[0]!;
    await store.get(ID_A).catch(() => undefined);
    await store.update(ID_A, () => ({ next: partnership(ID_A), result: undefined }));
    // Read again and written with a longer name: the round now lies further into the file.
    await store.update(id, (p) => ({ next: { ...p!, name: 'enw hirach o lawer na’r un cyntaf' }, result: undefined }));
    expect(held.responses).toEqual(stored.rounds[0]!.responses);
    expect(held.summary).toEqual(stored.rounds[0]!.summary);
  });
});

describe('concurrent answers', () => {
  it('from 50 members of one partnership at the same instant are all stored', async () => {
    const h = await serviceHarness();
    const members = Array.from({ length: 50 }, (_, i) => ({ id: `U${i}` }));
    h.channel.roster = members;
    await h.services.ensure(h.where, members[0]!);
    const started = await h.services.run(h.where, members[0]!, { name: 'start' });
    if (started.kind !== 'started') throw new Error('not started');
    const partnershipId = h.channel.posted[0]!.partnership.id;
    const results = await Promise.all(
      members.map((actor, i) => h.services.answer({ partnershipId, roundId: started.round.id, actor, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', String((i % 5) + 1)) } })),
    );
    expect(results.every((r) => r.kind === 'form')).toBe(true);
    const reread = await (await LowdbStore.open(h.dataDir)).get(partnershipId);
    expect(Object.keys(reread!.rounds[0]!.responses)).toHaveLength(50);
  });
});
