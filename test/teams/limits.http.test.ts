import { partnershipId } from '../../src/services/index.js';
import { INPUT, VERB } from '../../src/channels/teams/actions.js';
import { BotConnector } from '../fakes/bot-connector.js';
import { startTestApp, TestClock, type TestApp } from '../support/app.js';
import { spat } from '../support/builders.js';
import { actionsOf, BOT, cardOf, CHANNEL, TeamsClient, textsOf, user } from './client.js';

/** A round in a Teams channel while Teams answers 429 Too Many Requests: the work is done later, once. */

const alice = user('Alice');
const bryn = user('Bryn', 'cy-GB');
const carys = user('Carys');
const partners = [alice, bryn, carys];

function pageData(roundId: string, index: number): Record<string, unknown> {
  const c = spat.characteristics[index]!;
  const data: Record<string, unknown> = { verb: VERB.save, roundId, characteristicId: c.id, page: index };
  for (const s of c.statements) data[`${INPUT.answerPrefix}${s.id}`] = '4';
  data[INPUT.comment] = '';
  return data;
}

describe('a Teams round inside the platform limits', () => {
  let connector: BotConnector;
  let t: TestApp;
  let teams: TeamsClient;
  const pid = partnershipId('teams', CHANNEL);

  beforeEach(async () => {
    connector = await new BotConnector({ limits: true }).start();
    t = await startTestApp({ DEFAULT_LANGUAGE: 'en' }, { cardIntervalMs: 60_000, clock: new TestClock(Date.UTC(2026, 2, 2, 10, 0)) });
    teams = new TeamsClient(t.url, connector);
    connector.members.set(CHANNEL, [...partners.map((p) => ({ id: p.id, name: p.name })), { id: BOT.id, name: BOT.name }]);
  });
  afterEach(async () => {
    await t.stop();
    await connector.stop();
  });

  test('throttled card, roster and summary are each done once, after the wait Teams asked for, and every answer is kept', async () => {
    expect((await teams.install(alice)).status).toBe(200);
    // More 429s in a row than any small fixed number of retries would outlast.
    connector.throttleNext(5, 1, (method, path) => path.startsWith(`/v3/conversations/${CHANNEL}`));
    expect((await teams.say(alice, 'start 2h')).status).toBe(200);
    await t.app.services.flush();
    const cards = connector.posted(CHANNEL).filter((c) => c.method === 'send' && textsOf(cardOf(c)).includes('Review round 1'));
    expect(cards).toHaveLength(1);
    const roundId = String(actionsOf(cardOf(cards[0])!)[0]!.roundId);
    const round = (await t.app.services.get(pid))!.rounds[0]!;
    expect(round.card).toEqual({ activityId: cards[0]!.activityId });
    expect(round.roster.map((m) => m.id).sort()).toEqual(partners.map((p) => p.id).sort());

    for (const member of partners) for (let index = 0; index < 5; index++) expect((await teams.submit(member, pageData(roundId, index))).status).toBe(200);
    connector.throttleNext(3, 1, (method, path) => method === 'POST' && path === `/v3/conversations/${CHANNEL}/activities`);
    expect((await teams.say(alice, 'close')).status).toBe(200);
    await t.app.services.flush();

    const summaries = connector.posted(CHANNEL).filter((c) => textsOf(cardOf(c))[0] === 'Summary of review round 1');
    expect(summaries).toHaveLength(1);
    const closed = (await t.app.services.get(pid))!.rounds[0]!;
    expect(closed.closedAt).toBeDefined();
    expect(Object.keys(closed.responses)).toHaveLength(partners.length);
    expect(connector.rateLimited).toBe(8);
  }, 30_000);

  test('a post Teams keeps refusing for longer than a few retries is still posted once, not dropped', async () => {
    expect((await teams.install(alice)).status).toBe(200);
    // Retry-After: 0 keeps the test quick; twenty refusals outlast botbuilder's own retries and any small fixed cap.
    connector.throttleNext(20, 0, (method, path) => method === 'POST' && path === `/v3/conversations/${CHANNEL}/activities`);
    expect((await teams.say(alice, 'start 2h')).status).toBe(200);
    await t.app.services.flush();
    expect(connector.rateLimited).toBe(20);
    const cards = connector.posted(CHANNEL).filter((c) => c.method === 'send' && textsOf(cardOf(c)).includes('Review round 1'));
    expect(cards).toHaveLength(1);
    expect((await t.app.services.get(pid))!.rounds[0]!.card).toEqual({ activityId: cards[0]!.activityId });
  }, 30_000);
});
