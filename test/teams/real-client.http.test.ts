import { partnershipId } from '../../src/services/index.js';
import { BotConnector, readable } from '../fakes/bot-connector.js';
import { startTestApp, TestClock, type TestApp } from '../support/app.js';
import { answerForm } from '../../scripts/teams-dialog.js';
import { BOT, cardOf, CHANNEL, TeamsClient, TENANT, textsOf, user, type User } from './client.js';

/**
 * What Microsoft's own client showed that the tests had missed: a connector that answers as
 * slowly as the real one (200 ms) and refuses what it refuses. Each case failed before.
 */

const alice = user('Alice');
const partners: User[] = [alice, ...['Bryn', 'Carys', 'Dafydd', 'Eleri', 'Ffion', 'Gwyn'].map((n) => user(n))];

describe('Teams against a connector as strict and slow as the real one', () => {
  let connector: BotConnector;
  let t: TestApp;
  let teams: TeamsClient;
  let clock: TestClock;
  const pid = partnershipId('teams', CHANNEL);

  beforeEach(async () => {
    // Two members a page, so the roster takes four pages and three continuation tokens.
    connector = await new BotConnector({ latencyMs: 200, pageSize: 2 }).start();
    clock = new TestClock(Date.UTC(2026, 2, 2, 10, 0)); // Monday 2 March 2026
    t = await startTestApp({ DEFAULT_LANGUAGE: 'en' }, { clock });
    teams = new TeamsClient(t.url, connector);
    connector.members.set(CHANNEL, [...partners.map((p) => ({ id: p.id, name: p.name })), { id: BOT.id, name: BOT.name }]);
  });
  afterEach(async () => {
    await t.stop();
    await connector.stop();
  });

  const lastChannelCard = () => cardOf(connector.posted(CHANNEL).filter((c) => c.method === 'send').pop());
  const install = async (by: User) => {
    // The install event names nobody: Teams sends the installer's id only.
    expect((await teams.send(teams.activity(by, { type: 'conversationUpdate', membersAdded: [BOT], from: { id: by.id } }))).status).toBe(200);
  };

  test('the welcome names the installer, looked up by id, and never shows an id', async () => {
    await install(alice);
    const texts = textsOf(cardOf(connector.posted(CHANNEL)[0])).join(' ');
    expect(texts).toContain('Alice is the secretariat for now');
    expect(texts).not.toContain(alice.id);
  });

  test('when the installer cannot be looked up, the welcome names nobody', async () => {
    connector.refuseWhen = (method, path) => (method === 'GET' && path.includes('/members/') ? { status: 404, code: 'MemberNotFoundInConversation', message: 'The member is not found in conversation.' } : undefined);
    await install(alice);
    const texts = textsOf(cardOf(connector.posted(CHANNEL)[0])).join(' ');
    expect(texts).toContain('Whoever added asesu here is the secretariat for now');
    expect(texts).not.toContain(alice.id);
  });

  test('start reads every page of members, asking for the first with no token at all', async () => {
    await install(alice);
    expect((await teams.say(alice, 'start 2h')).status).toBe(200);
    const round = (await t.app.services.get(pid))!.rounds[0]!;
    expect(round.roster.map((m) => m.id).sort()).toEqual(partners.map((p) => p.id).sort());
    expect(textsOf(lastChannelCard())).toContain('0 of 7 partners have answered');
    expect(connector.refusals).toEqual([]);
  });

  test('a roster the connector will not give never stops a round: it starts, counts answers, and the secretariat is told', async () => {
    await install(alice);
    connector.refuseWhen = (method, path) => (path.endsWith('/pagedmembers') ? { status: 403, code: 'BadArgument', message: 'Failed to decrypt members continuationToken' } : undefined);
    expect((await teams.say(alice, 'start 2h')).status).toBe(200);
    const p = (await t.app.services.get(pid))!;
    expect(p.rounds).toHaveLength(1);
    expect(p.rounds[0]!.rosterUnknown).toBe(true);
    // A 403 that is not "the bot was removed" leaves the schedule and the partnership alone.
    expect(textsOf(lastChannelCard())).toContain('0 partners have answered');
    expect(connector.privateTexts(alice.id).join('\n')).toContain("I couldn't read the list of members here");
  });

  test('a scheduled round starts without a roster, and the schedule goes on', async () => {
    await install(alice);
    expect((await teams.say(alice, 'schedule monthly')).status).toBe(200);
    connector.refuseWhen = (method, path) => (path.endsWith('/pagedmembers') ? { status: 403, code: 'BadArgument', message: 'Failed to decrypt members continuationToken' } : undefined);
    clock.at = Date.UTC(2026, 3, 1, 8, 30); // Wednesday 1 April, 09:30 in London
    await t.app.scheduler.tick();
    await t.app.services.flush();
    const p = (await t.app.services.get(pid))!;
    expect(p.rounds.map((r) => r.trigger)).toEqual(['schedule']);
    expect(p.settings.schedule).toEqual(expect.objectContaining({ kind: 'monthly' }));
    expect(connector.privateTexts(alice.id).join('\n')).toContain('Review round 1 has started on schedule');
  });

  test('a bot removed from the team stops the schedule', async () => {
    await install(alice);
    expect((await teams.say(alice, 'schedule monthly')).status).toBe(200);
    connector.removed.add(CHANNEL);
    clock.at = Date.UTC(2026, 3, 1, 8, 30);
    await t.app.scheduler.tick();
    await t.app.services.flush();
    const p = (await t.app.services.get(pid))!;
    expect(p.settings.schedule).toBeNull();
    expect(p.rounds).toEqual([]);
  });

  test('close and the schedule racing each other post one summary and close the card once', async () => {
    await install(alice);
    expect((await teams.say(alice, 'start 2h')).status).toBe(200);
    const cardId = (await t.app.services.get(pid))!.rounds[0]!.card!.activityId!;
    const postsBefore = connector.posted(CHANNEL).length;
    const closing = teams.say(alice, 'close');
    // The command is now waiting on the connector for the card update: the tick lands in between.
    await until(() => connector.updates(cardId).length > 0);
    await t.app.scheduler.tick();
    expect((await closing).status).toBe(200);
    await t.app.scheduler.tick();
    await t.app.services.flush();
    const summaries = connector.posted(CHANNEL).slice(postsBefore).filter((c) => textsOf(cardOf(c)).some((text) => text.startsWith('Summary')));
    expect(summaries).toHaveLength(1);
    expect(connector.updates(cardId)).toHaveLength(1);
    expect((await t.app.services.get(pid))!.claims).toEqual({});
  });

  test('a private reply that cannot reach the personal chat is never shown in the channel', async () => {
    await install(alice);
    connector.refuseWhen = (method, path) => (method === 'POST' && path === '/v3/conversations' ? { status: 403, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } : undefined);
    const before = connector.calls.filter((c) => c.method === 'reply').length;
    expect((await teams.say(partners[1]!, 'status')).status).toBe(200);
    const replies = connector.calls.filter((c) => c.method === 'reply').slice(before).map(readable);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("Bryn: I couldn't send you a private message");
    expect(replies[0]).not.toContain('No review round');
    expect(replies[0]).not.toContain("haven't answered");
  });

  test('a client with no dialogs can answer the open round through the same invokes (scripts/playground-answer.ts)', async () => {
    await install(alice);
    expect((await teams.say(alice, 'start 2h')).status).toBe(200);
    const bryn = partners[1]!;
    const origin = { endpoint: `${t.url}/api/messages`, serviceUrl: connector.url, tenantId: TENANT, bot: BOT, conversation: { id: CHANNEL, conversationType: 'channel' as const, isGroup: true }, team: { id: CHANNEL, name: 'Wales Social Partnership' }, from: bryn };
    const pages = await answerForm(origin, undefined, (choices) => choices[3]!);
    expect(pages).toHaveLength(6);
    expect(pages.at(-1)).toContain('Your answers');
    await t.app.services.flush();
    expect(textsOf(cardOf(connector.updates((await t.app.services.get(pid))!.rounds[0]!.card!.activityId!).pop()))).toContain('1 of 7 partners have answered');
  });

  test('status before any round says when the first scheduled review is', async () => {
    await install(alice);
    expect((await teams.say(alice, 'schedule monthly')).status).toBe(200);
    expect((await teams.say(alice, 'status')).status).toBe(200);
    const status = connector.privateTexts(alice.id).pop()!;
    expect(status).toContain('No review round has run yet.');
    expect(status).toContain('Next review: Wednesday 1 April at 09:30.');
  });
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
