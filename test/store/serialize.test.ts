import { serializeFile } from '../../src/store/lowdb-store.js';
import { SCHEMA_VERSION, type PartnershipFile } from '../../src/domain/model.js';
import { pageAnswers, serviceHarness } from '../support/services.js';

describe('the bytes of a partnership file', () => {
  it('are exactly JSON.stringify of it, also when closed rounds are reused from an earlier write', async () => {
    const h = await serviceHarness();
    const members = [{ id: 'U1', name: 'Siân' }, { id: 'U2' }, { id: 'U3', locale: 'cy' }];
    h.channel.roster = members;
    await h.services.ensure(h.where, members[0]!);
    const id = (await h.services.ensure(h.where, members[0]!)).partnership.id;
    const check = async () => {
      const file: PartnershipFile = { schemaVersion: SCHEMA_VERSION, partnership: (await h.services.get(id))! };
      // Twice: the second time closed rounds come from the kept bytes.
      expect(Buffer.concat(serializeFile(file)).toString()).toBe(JSON.stringify(file));
      expect(Buffer.concat(serializeFile(file)).toString()).toBe(JSON.stringify(file));
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

  it('stand for null as JSON does', () => {
    expect(Buffer.concat(serializeFile(null)).toString()).toBe('null');
  });
});
