import { LowdbStore } from '../../src/store/lowdb-store.js';
import { loadMemberKey, pseudonymiser } from '../../src/store/member-key.js';
import { dialogCard, textsOf } from '../teams/client.js';
import { isPage, slackMember, snapshot, teamsMember, teamsPageData, TwoPlatforms } from './support.js';

/** Deliveries sent twice and at once, and many members answering at the same instant, over HTTP. */
describe('concurrent and repeated deliveries', () => {
  const both = new TwoPlatforms();
  beforeAll(async () => {
    await both.start();
    await both.openRounds(50);
  });
  afterAll(() => both.stop());

  const reread = async (id: string) => (await LowdbStore.open(both.dataDir)).get(id);

  it('stores a Teams page sent twice at the same time once, and answers both alike', async () => {
    const member = teamsMember(0);
    const activity = { ...both.teams.activity(member, { type: 'invoke', name: 'task/submit', value: { data: teamsPageData(both.teamsRound, 0, '4'), context: { theme: 'default' } } }, 'card'), id: 'f:duplicate-1' };
    const [a, b] = await Promise.all([both.teams.send(activity), both.teams.send(activity)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(textsOf(dialogCard(a.body))).toEqual(textsOf(dialogCard(b.body)));
    const before = await snapshot(both.dataDir);
    // And once more, later, with other answers in it: still nothing changes.
    const late = { ...activity, value: { data: teamsPageData(both.teamsRound, 0, '1'), context: { theme: 'default' } } };
    expect((await both.teams.send(late)).status).toBe(200);
    expect(await snapshot(both.dataDir)).toEqual(before);
    const p = await reread(both.teamsPartnership);
    const responses = Object.values(p!.rounds[0]!.responses);
    expect(responses).toHaveLength(1);
    expect(Object.values(responses[0]!.pages.purpose!.answers)).toEqual([4, 4, 4, 4]);
    expect(p!.deliveries.filter((d) => d.id === 'teams:f:duplicate-1')).toHaveLength(1);
  });

  it('stores a Slack submission sent twice at the same time (and retried by Slack) once', async () => {
    const view = await both.slackOpen(slackMember(0));
    const [a, b, c] = await Promise.all([
      both.slackPage(slackMember(0), view, '2'),
      both.slackPage(slackMember(0), view, '2'),
      both.slackPage(slackMember(0), view, '2', null, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }),
    ]);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    const p = await reread(both.slackPartnership);
    expect(Object.values(p!.rounds[0]!.responses)).toHaveLength(1);
    expect(p!.deliveries.filter((d) => d.id === `slack:${view.id}:${view.hash}`)).toHaveLength(1);
  });

  it('stores all 50 members of one Teams partnership answering at the same instant', async () => {
    const members = Array.from({ length: 50 }, (_, i) => teamsMember(i));
    const results = await Promise.all(members.map((m, i) => both.teamsPage(m, 1, String((i % 5) + 1))));
    expect(results.map((r) => r.status)).toEqual(members.map(() => 200));
    const p = await reread(both.teamsPartnership);
    const key = pseudonymiser((await loadMemberKey(both.dataDir)).key);
    for (const [i, m] of members.entries()) {
      expect([m.id, Object.values(p!.rounds[0]!.responses[key('teams', m.id)]?.pages.engagement?.answers ?? {})]).toEqual([m.id, [1, 2, 3, 4].map(() => (i % 5) + 1)]);
    }
  });

  it('stores all 50 members of one Slack partnership answering at the same instant', async () => {
    const members = Array.from({ length: 50 }, (_, i) => slackMember(i));
    const views = await Promise.all(members.map((m) => both.slackOpen(m)));
    expect(views.every(isPage)).toBe(true);
    const results = await Promise.all(members.map((m, i) => both.slackPage(m, views[i]!, String((i % 5) + 1))));
    expect(results.map((r) => (r.json() as { response_action: string }).response_action)).toEqual(members.map(() => 'update'));
    const p = await reread(both.slackPartnership);
    const key = pseudonymiser((await loadMemberKey(both.dataDir)).key);
    // Each member's modal showed where they stood (UM0 had saved a page before): that page is stored with their value.
    const shown = views.map((v) => (JSON.parse(String(v.view.private_metadata)) as { c: string }).c);
    const stored = members.map((m, i) => Object.values(p!.rounds[0]!.responses[key('slack', m)]?.pages[shown[i]!]?.answers ?? {})[0]);
    expect(stored).toEqual(members.map((_, i) => (i % 5) + 1));
  });
});
