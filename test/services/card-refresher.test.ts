import type { Actor } from '../../src/services/index.js';
import { pageAnswers, serviceHarness } from '../support/services.js';

/** The round card ends showing the stored count, even when another update (another instance's) lands late. */

const secretary: Actor = { id: 'U-SEC', name: 'Siân' };
const partner: Actor = { id: 'U-P1', name: 'Dewi' };

it('updates the card again when an answer was stored while an update was on its way', async () => {
  // Answers' own card updates wait an hour here, so only the refresh under test updates the card.
  const h = await serviceHarness({ cardIntervalMs: 3_600_000 });
  h.channel.roster = [secretary, partner];
  const started = await h.services.run(h.where, secretary, { name: 'start' });
  if (started.kind !== 'started') throw new Error('not started');
  const pid = h.channel.posted[0]!.partnership.id;
  const answerAll = async (actor: Actor) => {
    for (const c of h.services.deps.frameworks.get('spat')!.characteristics) {
      await h.services.answer({ partnershipId: pid, roundId: started.round.id, actor, input: { characteristicId: c.id, answers: pageAnswers(h.services, c.id, '4') } });
    }
  };
  await answerAll(secretary);
  // While the next update is on its way, the partner finishes (on another instance, say).
  const update = h.channel.updateRound.bind(h.channel);
  let raced = false;
  h.channel.updateRound = async (view) => {
    await update(view);
    if (!raced) {
      raced = true;
      await answerAll(partner);
    }
  };
  h.channel.updated.length = 0;
  await h.services.refresher.refresh(pid, started.round.id);
  expect(h.channel.updated[0]!.progress.answered).toBe(1);
  expect(h.channel.updated.at(-1)!.progress.answered).toBe(2);
  await h.services.flush();
  await h.store.close();
});

it('sends one more update after one held up by the platform, however many answers came meanwhile', async () => {
  const h = await serviceHarness({ cardIntervalMs: 20 });
  const members: Actor[] = [secretary, partner, { id: 'U-P2', name: 'Eira' }, { id: 'U-P3', name: 'Gwen' }];
  h.channel.roster = members;
  const started = await h.services.run(h.where, secretary, { name: 'start' });
  if (started.kind !== 'started') throw new Error('not started');
  const pid = h.channel.posted[0]!.partnership.id;
  const spat = h.services.deps.frameworks.get('spat')!;
  const answerAll = async (actor: Actor) => {
    for (const c of spat.characteristics) {
      await h.services.answer({ partnershipId: pid, roundId: started.round.id, actor, input: { characteristicId: c.id, answers: pageAnswers(h.services, c.id, '4') } });
    }
  };
  // The platform holds the first update until the other three have answered.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const update = h.channel.updateRound.bind(h.channel);
  let calls = 0;
  h.channel.updateRound = async (view) => {
    if (++calls === 1) await held;
    await update(view);
  };
  h.channel.updated.length = 0;
  await answerAll(secretary);
  while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  for (const member of members.slice(1)) {
    await answerAll(member);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  release();
  await h.services.flush();
  expect(h.channel.updated.map((u) => u.progress.answered)).toEqual([1, 4]);
  await h.store.close();
});
