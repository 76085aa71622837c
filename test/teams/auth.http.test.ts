import { readdir } from 'node:fs/promises';
import { BotConnector } from '../fakes/bot-connector.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { forgedToken, TeamsClient, user } from './client.js';

const APP_ID = '00000000-0000-4000-8000-000000000001';

describe('Teams in authenticated mode', () => {
  let connector: BotConnector;
  let t: TestApp;
  let teams: TeamsClient;

  beforeAll(async () => {
    connector = await new BotConnector().start();
    t = await startTestApp({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret' });
    teams = new TeamsClient(t.url, connector);
  });
  afterAll(async () => {
    await t.stop();
    await connector.stop();
  });

  const partnershipFiles = async () => (await readdir(t.dataDir)).filter((f) => f.startsWith('teams-'));

  test.each([
    ['no token', {}],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-token' }],
    ['a forged token', { authorization: `Bearer ${forgedToken(APP_ID)}` }],
  ])('a request with %s gets 401 and reaches no handler', async (_name, headers) => {
    const install = await teams.send(teams.activity(user('Alice'), { type: 'conversationUpdate', membersAdded: [{ id: '28:asesu-bot', name: 'asesu' }] }), headers);
    expect(install.status).toBe(401);
    expect(install.body).toEqual({ error: 'unauthorized', message: 'A valid Bot Framework token is required.' });
    const command = await teams.say(user('Alice'), 'start');
    expect(command.status).toBe(401);
    expect(connector.calls).toEqual([]);
    expect(await partnershipFiles()).toEqual([]);
    expect(t.logs.text()).toContain('Bot Framework request refused: no valid token');
    expect(t.logs.text()).not.toContain('not-a-real-secret');
  });

  test('start-up says requests are authenticated', () => {
    expect(t.logs.text()).toContain('every request to /api/messages must carry a valid Bot Framework token');
    expect(t.logs.text()).not.toContain('LOCAL MODE');
  });
});

describe('Teams in local mode', () => {
  test('start-up warns loudly that requests are not authenticated, and a body that is not an activity gets 400', async () => {
    const t = await startTestApp();
    try {
      const warning = t.logs.lines.find((l) => String(l.msg).includes('Teams LOCAL MODE'));
      expect(warning?.level).toBe(40);
      const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message' }) });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'bad_activity', message: 'The body is not a Bot Framework activity.' });
    } finally {
      await t.stop();
    }
  });
});
