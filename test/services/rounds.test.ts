import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../../src/services/index.js';
import { pageAnswers, serviceHarness, type ServiceHarness } from '../support/services.js';

const secretary: Actor = { id: 'U-SEC', name: 'Siân' };
const partner: Actor = { id: 'U-P1', name: 'Dewi', locale: 'cy-GB' };

async function startedRound(h: ServiceHarness) {
  h.channel.roster = [secretary, partner, { id: 'U-P2' }, { id: 'U-P3' }];
  const result = await h.services.run(h.where, secretary, { name: 'start' });
  if (result.kind !== 'started') throw new Error(`not started: ${JSON.stringify(result)}`);
  return { partnershipId: h.channel.posted[0]!.partnership.id, round: result.round };
}

async function answerAll(h: ServiceHarness, partnershipId: string, roundId: string, actor: Actor, value: string, comment?: string) {
  for (const c of h.services.deps.frameworks.get('spat')!.characteristics) {
    const result = await h.services.answer({ partnershipId, roundId, actor, input: { characteristicId: c.id, answers: pageAnswers(h.services, c.id, value), comment } });
    if (!('saved' in result)) throw new Error(JSON.stringify(result));
  }
}

describe('a review round through the services', () => {
  let h: ServiceHarness;
  beforeEach(async () => {
    h = await serviceHarness();
  });

  it('makes the first person the secretariat and starts a round with a roster snapshot and a 7-day deadline', async () => {
    const { round } = await startedRound(h);
    expect(round).toMatchObject({ number: 1, frameworkId: 'spat', frameworkVersion: '1.0.0', trigger: 'command', deadline: h.clock.now() + 7 * 86_400_000 });
    expect(round.roster.map((m) => m.id)).toEqual(['U-SEC', 'U-P1', 'U-P2', 'U-P3']);
    expect(round.card).toEqual({ ref: 'card-1' });
    expect(h.channel.posted[0]!.progress).toEqual({ answered: 0, roster: 4 });
  });

  it('refuses a partner who tries to start or close, politely and without changing anything', async () => {
    await h.services.ensure(h.where, secretary);
    expect(await h.services.run(h.where, partner, { name: 'start' })).toEqual({ kind: 'refused', reason: 'notSecretariat' });
    const { partnershipId } = await startedRound(h);
    const before = await readFile(join(h.dataDir, `${partnershipId}.json`));
    expect(await h.services.run(h.where, partner, { name: 'close' })).toEqual({ kind: 'refused', reason: 'notSecretariat' });
    expect(await readFile(join(h.dataDir, `${partnershipId}.json`))).toEqual(before);
  });

  it('refuses a second round while one is open, with the open round', async () => {
    const { round } = await startedRound(h);
    const again = await h.services.run(h.where, secretary, { name: 'start' });
    expect(again).toMatchObject({ kind: 'refused', reason: 'roundOpen', round: { id: round.id } });
  });

  it('saves each page, resumes where a member stopped, and counts them once they finish', async () => {
    const { partnershipId, round } = await startedRound(h);
    const first = await h.services.answer({ partnershipId, roundId: round.id, actor: partner, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', '4'), comment: 'Mwy o gyfarfodydd byr' } });
    expect(first).toMatchObject({ kind: 'form', saved: true, at: 1, finishedNow: false });
    const resumed = await h.services.openForm(partnershipId, round.id, partner);
    expect(resumed).toMatchObject({ kind: 'form', at: 1, response: { pages: { purpose: { comment: 'Mwy o gyfarfodydd byr' } } } });
    await answerAll(h, partnershipId, round.id, partner, '4');
    const status = await h.services.run(h.where, partner, { name: 'status' });
    expect(status).toMatchObject({ kind: 'status', progress: { answered: 1, roster: 4 }, mine: { saved: 5, total: 5 } });
    expect(h.channel.notices).toEqual([{ member: { id: 'U-P1', name: 'Dewi', locale: 'cy-GB' }, notice: expect.objectContaining({ kind: 'thanks' }) }]);
    await h.services.flush();
    expect(h.channel.updated.at(-1)!.progress).toEqual({ answered: 1, roster: 4 });
  });

  it('lets a member change an answer until the round closes, keeping one response', async () => {
    const { partnershipId, round } = await startedRound(h);
    await answerAll(h, partnershipId, round.id, partner, '2');
    await h.services.answer({ partnershipId, roundId: round.id, actor: partner, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', '5') } });
    const p = await h.services.get(partnershipId);
    const responses = Object.values(p!.rounds[0]!.responses);
    expect(responses).toHaveLength(1);
    expect(Object.values(responses[0]!.pages.purpose!.answers)).toEqual([5, 5, 5, 5]);
  });

  it('refuses a page with a statement left out or a value off the scale, and saves nothing', async () => {
    const { partnershipId, round } = await startedRound(h);
    const answers = pageAnswers(h.services, 'purpose', '4');
    const [first, second] = Object.keys(answers);
    delete answers[first!];
    answers[second!] = '9';
    const result = await h.services.answer({ partnershipId, roundId: round.id, actor: partner, input: { characteristicId: 'purpose', answers } });
    expect(result).toEqual({ kind: 'refused', reason: 'invalidPage', problems: [{ field: first, problem: 'missing' }, { field: second, problem: 'offScale' }] });
    expect((await h.services.get(partnershipId))!.rounds[0]!.responses).toEqual({});
  });

  it('refuses a stale or foreign round id and a closed round', async () => {
    const { partnershipId, round } = await startedRound(h);
    const input = { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', '4') };
    expect(await h.services.answer({ partnershipId, roundId: 'ffffffffffffffff', actor: partner, input })).toEqual({ kind: 'refused', reason: 'unknownRound' });
    await h.services.run(h.where, secretary, { name: 'close' });
    expect(await h.services.answer({ partnershipId, roundId: round.id, actor: partner, input })).toEqual({ kind: 'refused', reason: 'roundClosed' });
  });

  it('treats a round past its deadline as closed to answers', async () => {
    const { partnershipId, round } = await startedRound(h);
    h.clock.advance(7 * 86_400_000);
    const input = { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', '4') };
    expect(await h.services.answer({ partnershipId, roundId: round.id, actor: partner, input })).toEqual({ kind: 'refused', reason: 'roundClosed' });
  });

  it('changes nothing twice when the same delivery arrives again', async () => {
    const { partnershipId, round } = await startedRound(h);
    const request = { partnershipId, roundId: round.id, actor: partner, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', '4') }, delivery: 'slack:V1:h1' };
    await h.services.answer(request);
    const file = join(h.dataDir, `${partnershipId}.json`);
    const before = await readFile(file);
    const again = await h.services.answer({ ...request, input: { ...request.input, answers: pageAnswers(h.services, 'purpose', '1') } });
    expect(again).toMatchObject({ kind: 'duplicate', form: { at: 1 } });
    expect(await readFile(file)).toEqual(before);
  });

  it('closes once, stores the summary with the round and posts it', async () => {
    const { partnershipId, round } = await startedRound(h);
    for (const [actor, value] of [[secretary, '4'], [partner, '5'], [{ id: 'U-P2' }, '3']] as const) await answerAll(h, partnershipId, round.id, actor, value);
    const closed = await h.services.run(h.where, secretary, { name: 'close' });
    expect(closed).toMatchObject({ kind: 'closed', summary: { enough: true, respondents: 3, rosterSize: 4 } });
    if (closed.kind !== 'closed') return;
    expect(closed.summary.characteristics.map((c) => c.shown && c.tenths)).toEqual([40, 40, 40, 40, 40]);
    expect(await h.services.run(h.where, secretary, { name: 'close' })).toEqual({ kind: 'refused', reason: 'noOpenRound' });
    expect(h.channel.summaries).toHaveLength(1);
    expect((await h.services.get(partnershipId))!.rounds[0]!.summary).toEqual(closed.summary);
    expect(h.channel.updated.at(-1)!.round.closedAt).toBe(h.clock.now());
  });

  it('shows the trend against the previous round in the next summary', async () => {
    const first = await startedRound(h);
    for (const [actor, value] of [[secretary, '3'], [partner, '3'], [{ id: 'U-P2' }, '3']] as const) await answerAll(h, first.partnershipId, first.round.id, actor, value);
    await h.services.run(h.where, secretary, { name: 'close' });
    const second = await h.services.run(h.where, secretary, { name: 'start', durationMs: 30 * 60_000 });
    if (second.kind !== 'started') throw new Error('not started');
    expect(second.round.number).toBe(2);
    for (const [actor, value] of [[secretary, '4'], [partner, '4'], [{ id: 'U-P2' }, '4']] as const) await answerAll(h, first.partnershipId, second.round.id, actor, value);
    const closed = await h.services.run(h.where, secretary, { name: 'close' });
    if (closed.kind !== 'closed') throw new Error('not closed');
    expect(closed.summary.characteristics.map((c) => c.shown && c.trendTenths)).toEqual([10, 10, 10, 10, 10]);
  });

  it('erases a member\'s answers in every round on "forget me" and says how many', async () => {
    const { partnershipId, round } = await startedRound(h);
    await answerAll(h, partnershipId, round.id, partner, '4');
    expect(await h.services.run(h.where, partner, { name: 'forget' })).toEqual({ kind: 'forgotten', rounds: 1, open: 1 });
    expect((await h.services.get(partnershipId))!.rounds[0]!.responses).toEqual({});
    expect(await h.services.run(h.where, partner, { name: 'forget' })).toEqual({ kind: 'refused', reason: 'noAnswers' });
  });

  it('keeps raw member ids out of responses', async () => {
    const { partnershipId, round } = await startedRound(h);
    await answerAll(h, partnershipId, round.id, partner, '4');
    const text = await readFile(join(h.dataDir, `${partnershipId}.json`), 'utf8');
    const responses = JSON.stringify(JSON.parse(text).partnership.rounds[0].responses);
    expect(responses).not.toContain('U-P1');
    expect(Object.keys(JSON.parse(responses))[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sends the secretariat a CSV of aggregates that withholds what fewer than k answered', async () => {
    const { partnershipId, round } = await startedRound(h);
    for (const [actor, value] of [[secretary, '4'], [partner, '5']] as const) await answerAll(h, partnershipId, round.id, actor, value, 'A comment, "quoted"');
    await h.services.answer({ partnershipId, roundId: round.id, actor: { id: 'U-P2' }, input: { characteristicId: 'purpose', answers: pageAnswers(h.services, 'purpose', '3'), comment: '=HYPERLINK("x")' } });
    await h.services.run(h.where, secretary, { name: 'close' });
    expect(await h.services.run(h.where, partner, { name: 'export' })).toEqual({ kind: 'refused', reason: 'notSecretariat' });
    const result = await h.services.run(h.where, { ...secretary, locale: 'en-GB' }, { name: 'export' });
    expect(result).toMatchObject({ kind: 'exported', fileName: expect.stringMatching(/^asesu-1-\d{4}-\d\d-\d\d\.csv$/) });
    const notice = h.channel.notices.find((n) => n.notice.kind === 'export')!;
    expect(notice.member.id).toBe('U-SEC');
    const csv = (notice.notice as { csv: string }).csv;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Level,Characteristic,Statement,Answered,Don\'t know,Score,Band,Strongly disagree,Disagree,Neither agree nor disagree,Agree,Strongly agree,Note');
    expect(lines[1]).toBe('Characteristic,Clear purpose and focus,,3,0,4.0,Strength,0,0,4,4,4,');
    expect(lines).toContain('Characteristic,"Meaningful, continuous engagement",,,,,,,,,,,Too few answers');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"A comment, ""quoted"""');
    expect(lines.some((l) => l.includes('U-P'))).toBe(false);
  });
});
