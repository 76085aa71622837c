import { readFile } from 'node:fs/promises';
import { encodeFile, roundRanges } from '../../src/store/lowdb-store.js';
import { SCHEMA_VERSION, type PartnershipFile } from '../../src/domain/model.js';

/** What the store would write for `file` at `path` now. */
async function encoded(file: PartnershipFile | null, path = ''): Promise<string> {
  const { content } = await encodeFile(file, path);
  return typeof content === 'string' ? content : Buffer.concat(content).toString();
}
import { pageAnswers, serviceHarness } from '../support/services.js';

describe('the bytes of a partnership file', () => {
  it('are exactly JSON.stringify of it, also when closed rounds are read back from the file', async () => {
    const h = await serviceHarness();
    const members = [{ id: 'U1', name: 'Siân' }, { id: 'U2' }, { id: 'U3', locale: 'cy' }];
    h.channel.roster = members;
    await h.services.ensure(h.where, members[0]!);
    const id = (await h.services.ensure(h.where, members[0]!)).partnership.id;
    const check = async () => {
      const file: PartnershipFile = { schemaVersion: SCHEMA_VERSION, partnership: (await h.services.get(id))! };
      // The closed rounds are read back from where the last write put them.
      expect(await encoded(file, h.store.fileOf(id))).toBe(JSON.stringify(file));
    };
    for (let round = 0; round < 3; round++) {
      const started = await h.services.run(h.where, members[0]!, { name: 'start' });
      if (started.kind !== 'started') throw new Error('not started');
      for (const [i, m] of members.entries()) {
        await h.services.answer({ partnershipId: id, roundId: started.round.id, actor: m, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', String(i + 2)), comment: `"quoted" \\ ${round} – ŵ` } });
        await check();
      }
      await h.services.run(h.where, members[0]!, { name: 'close' });
      await check();
    }
    await h.services.run(h.where, members[1]!, { name: 'forget' });
    await check();
  });

  it('reload closed rounds whose answers and summary read the same, export, forget a member, and write back the same data', async () => {
    const h = await serviceHarness();
    const members = [{ id: 'U1' }, { id: 'U2' }, { id: 'U3' }];
    h.channel.roster = members;
    const id = (await h.services.ensure(h.where, members[0]!)).partnership.id;
    for (let round = 0; round < 2; round++) {
      const started = await h.services.run(h.where, members[0]!, { name: 'start' });
      if (started.kind !== 'started') throw new Error('not started');
      for (const [i, m] of members.entries()) {
        await h.services.answer({ partnershipId: id, roundId: started.round.id, actor: m, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', String(i + 2)), comment: `round ${round}` } });
      }
      await h.services.run(h.where, members[0]!, { name: 'close' });
    }
    const before = structuredClone(await h.services.get(id));
    const bytes = await readFile(h.store.fileOf(id));

    const reloaded = await serviceHarness({ dataDir: h.dataDir });
    const p = (await reloaded.services.get(id))!;
    expect(p.rounds.map((r) => ({ ...r }))).toEqual(before!.rounds);
    const file: PartnershipFile = { schemaVersion: SCHEMA_VERSION, partnership: p };
    // Closed rounds go back as the bytes they were read from; the data is the same.
    const written = await encoded(file, reloaded.store.fileOf(id));
    expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(file)));
    expect(JSON.parse(written)).toEqual(JSON.parse(bytes.toString()));
    const csvOf = async (harness: typeof h) => {
      await harness.services.run(harness.where, members[0]!, { name: 'export' });
      const notice = harness.channel.notices.at(-1)!.notice;
      return notice.kind === 'export' ? notice.csv : '';
    };
    // The export reads the lean rounds' published summaries.
    expect(await csvOf(reloaded)).toBe(await csvOf(h));
    expect((await csvOf(reloaded)).split(',3,0,3.0,').length - 1).toBe(5);

    expect(await reloaded.services.run(reloaded.where, members[1]!, { name: 'forget' })).toMatchObject({ kind: 'forgotten', rounds: 2 });
    const stored = JSON.parse(await readFile(reloaded.store.fileOf(id), 'utf8')) as PartnershipFile;
    expect(stored.partnership.rounds.map((r) => Object.keys(r.responses).length)).toEqual([2, 2]);
    // The figures stay as published; only the forgotten member's comment goes.
    const withoutOneComment = before!.rounds.map((r) => ({
      ...r.summary,
      characteristics: r.summary!.characteristics.map((c) => (c.shown && c.comments.length ? { ...c, comments: c.comments.slice(1) } : c)),
    }));
    expect(stored.partnership.rounds.map((r) => r.summary)).toEqual(withoutOneComment);
  });

  it('show where each round lies, whatever the strings and spacing hold', () => {
    const rounds = [{ id: 'a', note: 'a "quoted" } ] { [ \\ "rounds": [' }, { id: 'b', nested: { rounds: [{ x: 1 }] }, w: 'ŵ' }];
    for (const space of [undefined, 2]) {
      const text = JSON.stringify({ schemaVersion: 1, partnership: { settings: { rounds: [] }, name: '"rounds":[', rounds, after: [{}] } }, null, space);
      const raw = Buffer.from(text);
      const ranges = roundRanges(raw)!;
      expect(ranges.map(([from, to]) => JSON.parse(raw.subarray(from, to).toString()))).toEqual(rounds);
    }
    expect(roundRanges(Buffer.from('{"schemaVersion":1,"partnership":{"rounds":[]}}'))).toEqual([]);
  });

  it('stand for null as JSON does', async () => {
    expect(await encoded(null)).toBe('null');
  });
});
