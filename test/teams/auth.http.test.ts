import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
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

  test('a request without a valid token is refused before its body is read', async () => {
    // The body never ends: the refusal can only come from the headers.
    const url = new URL(`${t.url}/api/messages`);
    const answer = await new Promise<{ status: number; body: string; bodyEnded: boolean }>((resolve, reject) => {
      let ended = false;
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(200_000), authorization: `Bearer ${forgedToken(APP_ID)}` } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body, bodyEnded: ended });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.write(`{"type": "message", "text": "${'x'.repeat(1_000)}`);
      req.on('close', () => (ended = true));
    });
    expect(answer.status).toBe(401);
    expect(answer.bodyEnded).toBe(false);
    expect(JSON.parse(answer.body)).toEqual({ error: 'unauthorized', message: 'A valid Bot Framework token is required.' });
    expect(connector.calls).toEqual([]);
  });

  test('start-up says requests are authenticated', () => {
    expect(t.logs.text()).toContain('every request to /api/messages must carry a valid Bot Framework token');
    expect(t.logs.text()).not.toContain('LOCAL MODE');
  });
});

describe('Teams without an app id', () => {
  test('a Slack-only deployment (on every interface) refuses unauthenticated Teams activities and keeps no service URL', async () => {
    const connector = await new BotConnector().start();
    const t = await startTestApp({ HOST: '0.0.0.0', SLACK_SIGNING_SECRET: 'slack-secret', SLACK_BOT_TOKEN: 'xoxb-slack-only', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    try {
      const teams = new TeamsClient(t.url, connector);
      const install = await teams.install(user('Mallory'));
      expect(install.status).toBe(404);
      expect(install.body).toEqual({ error: 'teams_off', message: 'Teams is not set up on this service.' });
      expect((await teams.say(user('Mallory'), 'start')).status).toBe(404);
      expect(await readdir(t.dataDir)).not.toContainEqual(expect.stringMatching(/^teams-/));
      expect(connector.calls).toEqual([]);
      expect(t.logs.text()).not.toContain('LOCAL MODE');
      expect(t.logs.text()).toContain('Teams: off');
    } finally {
      await t.stop();
      await connector.stop();
    }
  });

  test('local mode can still be chosen for a try-out on every interface, and says so', async () => {
    const connector = await new BotConnector().start();
    const t = await startTestApp({ HOST: '0.0.0.0', TEAMS_LOCAL_MODE: 'true' });
    try {
      const teams = new TeamsClient(t.url, connector);
      expect((await teams.install(user('Alice'))).status).toBe(200);
      expect(t.logs.lines.find((l) => String(l.msg).includes('Teams LOCAL MODE'))?.level).toBe(40);
    } finally {
      await t.stop();
      await connector.stop();
    }
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
