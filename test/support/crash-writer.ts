/**
 * A child process for the crash test: sets up a few partnerships with an open round, then
 * stores a stream of answers through the real services and store, printing one line per
 * acknowledged answer. The test kills it with SIGKILL at a moment of its choosing.
 */
import { serviceHarness, pageAnswers } from './services.js';

const dataDir = process.argv[2]!;
const partnerships = Number(process.argv[3] ?? 3);
const h = await serviceHarness({ dataDir });
const rounds: { partnershipId: string; roundId: string }[] = [];
for (let i = 0; i < partnerships; i++) {
  const where = { ...h.where, key: `T1:C${i}` };
  const founder = { id: 'U-founder' };
  await h.services.ensure(where, founder);
  const started = await h.services.run(where, founder, { name: 'start' });
  if (started.kind !== 'started') throw new Error('could not start');
  rounds.push({ partnershipId: h.channel.posted.at(-1)!.partnership.id, roundId: started.round.id });
}
process.stdout.write('ready\n');

let n = 0;
async function answerOne(): Promise<void> {
  const i = n++;
  const { partnershipId, roundId } = rounds[i % rounds.length]!;
  const value = String((i % 5) + 1);
  const result = await h.services.answer({ partnershipId, roundId, actor: { id: `U${i}` }, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', value) } });
  if (result.kind !== 'form') throw new Error(`not saved: ${JSON.stringify(result)}`);
  process.stdout.write(`ack ${partnershipId} U${i} ${value}\n`);
}
// Eight answers in flight at any moment, so the kill can land mid-write, mid-rename or between.
await Promise.all(Array.from({ length: 8 }, async () => {
  for (;;) await answerOne();
}));
