import { partnershipId } from '../../src/services/index.js';
import { INPUT, VERB } from '../../src/channels/teams/actions.js';
import { BotConnector } from '../fakes/bot-connector.js';
import { startTestApp, TestClock, type TestApp } from '../support/app.js';
import { spat } from '../support/builders.js';
import { actionsOf, BOT, cardOf, CHANNEL, dialogCard, inputsOf, TeamsClient, textsOf, user } from './client.js';

/** A whole review round in a Teams channel, through the real server, adapter and a loopback Bot Connector. */

const alice = user('Alice'); // secretariat
const bryn = user('Bryn', 'cy-GB'); // answers in Welsh
const carys = user('Carys'); // stops half way and comes back
const dafydd = user('Dafydd');
const eleri = user('Eleri');
const partners = [alice, bryn, carys, dafydd, eleri];

/** The value each partner gives every statement of a characteristic. */
const ANSWERS: Record<string, number[]> = {
  purpose: [5, 5, 4, 4, 4], // 4.4 strength
  engagement: [4, 4, 3, 3, 3], // 3.4 developing
  principles: [2, 2, 3, 3, 2], // 2.4 priority
  cascade: [3, 3, 3, 3, 3], // 3.0 developing
  monitoring: [5, 4, 5, 4, 5], // 4.6 strength
};
const INJECTION = '<at>General</at> see [this](http://evil.example) **now** @channel';

function pageData(roundId: string, who: number, index: number): Record<string, unknown> {
  const c = spat.characteristics[index]!;
  const data: Record<string, unknown> = { verb: VERB.save, roundId, characteristicId: c.id, page: index };
  for (const s of c.statements) data[`${INPUT.answerPrefix}${s.id}`] = String(ANSWERS[c.id]![who]);
  data[INPUT.comment] = who === 3 && c.id === 'principles' ? INJECTION : '';
  return data;
}

describe('a review round in a Teams channel', () => {
  let connector: BotConnector;
  let t: TestApp;
  let teams: TeamsClient;
  const pid = partnershipId('teams', CHANNEL);

  // Each test gets its own server and data, and first replays the story up to its own step.
  beforeEach(async () => {
    connector = await new BotConnector().start();
    // Monday 2 March 2026, 10:00 in London; updates at most once a minute, so a burst is one update.
    t = await startTestApp({ DEFAULT_LANGUAGE: 'en' }, { cardIntervalMs: 60_000, clock: new TestClock(Date.UTC(2026, 2, 2, 10, 0)) });
    teams = new TeamsClient(t.url, connector);
    connector.members.set(CHANNEL, [...partners.map((p) => ({ id: p.id, name: p.name })), { id: BOT.id, name: BOT.name }]);
  });
  afterEach(async () => {
    await t.stop();
    await connector.stop();
  });

  async function installed(): Promise<void> {
    if ((await teams.install(alice)).status !== 200) throw new Error('install refused');
  }

  /** Alice starts a two-hour round; its id and the card's activity id. */
  async function started(): Promise<{ roundId: string; cardId: string }> {
    await installed();
    if ((await teams.say(alice, 'start 2h')).status !== 200) throw new Error('start refused');
    const posts = connector.posted(CHANNEL).filter((c) => c.method === 'send');
    return { roundId: String(actionsOf(cardOf(posts[posts.length - 1])!)[0]!.roundId), cardId: posts[posts.length - 1]!.activityId! };
  }

  /** Carys saves the first two pages and closes the dialog. */
  async function halfWay(): Promise<{ roundId: string; cardId: string }> {
    const round = await started();
    for (const index of [0, 1]) await teams.submit(carys, pageData(round.roundId, 2, index));
    return round;
  }

  /** Every member saves all but the last page (Carys from where she stopped). */
  async function allButLastPages(roundId: string): Promise<void> {
    for (const member of partners) {
      const from = member === carys ? 2 : 0;
      for (let index = from; index < 4; index++) await teams.submit(member, pageData(roundId, partners.indexOf(member), index));
    }
  }

  /** Every member saves the last page at once; their answers, in the order of `partners`. */
  function lastPages(roundId: string) {
    return Promise.all(partners.map((member) => teams.submit(member, pageData(roundId, partners.indexOf(member), 4))));
  }

  async function allAnswered(): Promise<{ roundId: string; cardId: string }> {
    const round = await halfWay();
    await allButLastPages(round.roundId);
    await lastPages(round.roundId);
    await t.app.services.flush();
    return round;
  }

  test('installing posts one welcome card, however often Teams says so', async () => {
    expect((await teams.install(alice)).status).toBe(200);
    expect((await teams.install(alice)).status).toBe(200);
    expect((await teams.send(teams.activity(alice, { type: 'installationUpdate', action: 'add' }))).status).toBe(200);
    const posts = connector.posted(CHANNEL);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.method).toBe('send');
    const texts = textsOf(cardOf(posts[0]));
    expect(texts[0]).toBe('Hello from asesu');
    expect(texts.join(' ')).toContain('Alice is the secretariat for now and can start a review round with @asesu start.');
    expect((await t.app.services.get(pid))?.secretariat.map((m) => m.id)).toEqual([alice.id]);
  });

  test('start posts the round card with progress as a count and an Answer button', async () => {
    await installed();
    const before = connector.calls.length;
    expect((await teams.say(alice, 'start 2h')).status).toBe(200);
    const posts = connector.posted(CHANNEL).filter((c) => c.method === 'send');
    const card = cardOf(posts[posts.length - 1]);
    const texts = textsOf(card);
    expect(texts).toContain('Review round 1');
    expect(texts).toContain('0 of 5 partners have answered');
    expect(texts).toContain('Closes: Monday 2 March at 12:00');
    const answer = actionsOf(card!)[0]!;
    expect(answer).toMatchObject({ verb: VERB.answer, title: 'Answer', msteams: { type: 'task/fetch' } });
    const cardId = posts[posts.length - 1]!.activityId!;
    const round = (await t.app.services.get(pid))!.rounds[0]!;
    expect(round.card).toEqual({ activityId: cardId });
    expect(round.roster.map((m) => m.id).sort()).toEqual(partners.map((p) => p.id).sort());
    // Nothing else went to the channel: the card is the answer to "start".
    expect(connector.calls.slice(before).filter((c) => c.method !== 'create' && !c.conversationId.startsWith('a:'))).toHaveLength(1);
  });

  test('a partner trying close is refused privately, and nothing changes', async () => {
    await started();
    const channelBefore = connector.posted(CHANNEL).length + connector.calls.filter((c) => c.method === 'reply').length;
    expect((await teams.say(dafydd, 'close')).status).toBe(200);
    expect(connector.privateTexts(dafydd.id)).toEqual(["Only the partnership's secretariat can do that. If it needs doing, please ask one of them: Alice."]);
    expect(connector.posted(CHANNEL).length + connector.calls.filter((c) => c.method === 'reply').length).toBe(channelBefore);
    expect((await t.app.services.get(pid))!.rounds[0]!.closedAt).toBeUndefined();
  });

  test('the dialog opens on the first page, in the member’s own language', async () => {
    const { roundId, cardId } = await started();
    const english = dialogCard((await teams.openDialog(dafydd, roundId, cardId)).body)!;
    expect(textsOf(english)).toContain('Section 1 of 5');
    expect(textsOf(english)).toContain('Clear purpose and focus');
    const welsh = dialogCard((await teams.openDialog(bryn, roundId, cardId)).body)!;
    const words = textsOf(welsh);
    expect(words).toContain('Adran 1 o 5');
    expect(words).toContain('Pwrpas a ffocws clir');
    expect(words).toContain('Cadw a pharhau');
    expect(words).not.toContain('Save and continue');
    expect(inputsOf(welsh).filter((i) => i.id.startsWith(INPUT.answerPrefix)).map((i) => i.choices)[0]).toEqual(['1', '2', '3', '4', '5', 'dk']);
  });

  test('a page with a statement left out comes back marked and saves nothing', async () => {
    const { roundId } = await started();
    const data = pageData(roundId, 2, 0);
    delete data[`${INPUT.answerPrefix}purpose-focus`];
    const card = dialogCard((await teams.submit(carys, data)).body)!;
    expect(textsOf(card)).toContain('Please check the answers marked below.');
    expect(textsOf(card)).toContain('Please choose an answer.');
    expect(inputsOf(card).find((i) => i.id === `${INPUT.answerPrefix}purpose-defined`)?.value).toBe('4');
    const off = dialogCard((await teams.submit(carys, { ...pageData(roundId, 2, 0), [`${INPUT.answerPrefix}purpose-focus`]: '9' })).body)!;
    expect(textsOf(off)).toContain('Please choose one of the answers shown.');
    expect((await t.app.services.get(pid))!.rounds[0]!.responses).toEqual({});
  });

  test('a stale round id is refused as not this partnership’s', async () => {
    await started();
    const card = dialogCard((await teams.submit(carys, pageData('0123456789abcdef', 2, 0))).body)!;
    expect(textsOf(card).join(' ')).toContain("That review round doesn't belong to this partnership.");
  });

  test('a member who closes the dialog half way resumes where they stopped, answers pre-filled', async () => {
    const { roundId, cardId } = await started();
    for (const index of [0, 1]) {
      const next = dialogCard((await teams.submit(carys, pageData(roundId, 2, index))).body)!;
      expect(textsOf(next)).toContain(`Section ${index + 2} of 5`);
    }
    const reopened = dialogCard((await teams.openDialog(carys, roundId, cardId)).body)!;
    expect(textsOf(reopened)).toContain('Section 3 of 5');
    const back = actionsOf(reopened).find((a) => a.verb === VERB.goto)!;
    const first = dialogCard((await teams.submit(carys, { verb: VERB.goto, roundId, page: 0 })).body)!;
    expect(back.page).toBe(1);
    expect(inputsOf(first).filter((i) => i.id.startsWith(INPUT.answerPrefix)).map((i) => i.value)).toEqual(['4', '4', '4', '4']);
  });

  test('five members answer every page; the last page shows their own answers; the card moves in one coalesced update', async () => {
    const { roundId, cardId } = await halfWay();
    await allButLastPages(roundId);
    expect(connector.updates(cardId)).toHaveLength(0);
    const last = await lastPages(roundId);
    const review = dialogCard(last[1]!.body)!;
    expect(textsOf(review)).toContain('Eich atebion');
    expect(actionsOf(review).filter((a) => a.verb === VERB.goto)).toHaveLength(5);
    expect(textsOf(dialogCard(last[0]!.body))).toContain('Your answers');
    await t.app.services.flush();
    const updates = connector.updates(cardId);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThan(partners.length);
    expect(textsOf(cardOf(updates[updates.length - 1]))).toContain('5 of 5 partners have answered');
    for (const update of updates) expect(JSON.stringify(update.body)).not.toMatch(/Alice|Bryn|Carys|Dafydd|Eleri|evil/);
    expect(connector.privateTexts(bryn.id).join(' ')).toContain('Diolch.');
    expect(connector.privateTexts(eleri.id).join(' ')).toContain('Thank you.');
  });

  test('a replayed invoke changes nothing', async () => {
    const { roundId } = await allAnswered();
    const before = JSON.stringify(await t.app.services.get(pid));
    const thanks = connector.privateTexts(eleri.id).length;
    const data = { ...pageData(roundId, 4, 0), [`${INPUT.answerPrefix}purpose-defined`]: '1' };
    const first = await teams.submit(eleri, data, 'f:replayed');
    const changed = JSON.stringify(await t.app.services.get(pid));
    expect(changed).not.toBe(before);
    const again = await teams.submit(eleri, data, 'f:replayed');
    expect(again.status).toBe(200);
    expect(JSON.stringify(await t.app.services.get(pid))).toBe(changed);
    expect(textsOf(dialogCard(again.body))).toEqual(textsOf(dialogCard(first.body)));
    // Put the answer back as it was, with a new delivery.
    await teams.submit(eleri, pageData(roundId, 4, 0));
    expect(connector.privateTexts(eleri.id)).toHaveLength(thanks);
  });

  test('close marks the card closed and posts the summary with the right scores', async () => {
    const { cardId } = await allAnswered();
    expect((await teams.say(alice, 'close')).status).toBe(200);
    const closed = connector.updates(cardId).pop();
    expect(actionsOf(cardOf(closed)!)).toEqual([]);
    expect(textsOf(cardOf(closed)).join(' ')).toContain('This round is closed.');
    const summary = cardOf(connector.posted(CHANNEL).filter((c) => c.method === 'send').pop())!;
    const texts = textsOf(summary);
    expect(texts[0]).toBe('Summary of review round 1');
    const scoreAfter = (title: string) => texts[texts.indexOf(title) + 1];
    expect(scoreAfter('1. Clear purpose and focus')).toBe('4.4');
    expect(scoreAfter('2. Meaningful, continuous engagement')).toBe('3.4');
    expect(scoreAfter('3. Commitment to partnership principles')).toBe('2.4');
    expect(scoreAfter('5. Monitoring and review')).toBe('4.6');
    expect(texts).toContain('• Monitoring and review (4.6)');
    expect(texts).toContain('• Commitment to partnership principles (2.4)');
    expect(texts).toContain('Response rate: 5/5 (100%)');
    const json = JSON.stringify(summary);
    expect(json).not.toContain('<at>');
    expect(json).not.toContain('http://evil');
    expect(json).not.toMatch(/"type":"TextBlock","text":"[^"]*evil/);
    expect(texts.some((x) => x.includes('evil') && x.includes('‹at›'))).toBe(true);
  });

  test('no log line carries a member\'s platform id', async () => {
    // The whole story, refusals, a replay and the close included, so every kind of line is written.
    await teams.send(teams.activity(alice, { type: 'installationUpdate', action: 'add' }));
    const { roundId, cardId } = await allAnswered();
    await teams.say(dafydd, 'close');
    await teams.openDialog(bryn, roundId, cardId);
    await teams.submit(carys, { ...pageData(roundId, 2, 0), [`${INPUT.answerPrefix}purpose-focus`]: '9' });
    await teams.submit(carys, pageData('0123456789abcdef', 2, 0));
    await teams.submit(eleri, pageData(roundId, 4, 0), 'f:replayed');
    await teams.submit(eleri, pageData(roundId, 4, 0), 'f:replayed');
    await teams.say(alice, 'close');
    const logs = t.logs.text();
    expect(logs.length).toBeGreaterThan(0);
    for (const p of partners) expect(logs).not.toContain(p.id);
  });
});
