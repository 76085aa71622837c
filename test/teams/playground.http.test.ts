import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { answerForm, type DialogOrigin } from '../../scripts/teams-dialog.js';
import { partnershipId } from '../../src/services/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The bot's outbound calls checked against Microsoft's own Bot Connector implementation: the
 * one the Microsoft 365 Agents Playground serves (npm, no browser). A small proxy in front of it
 * records each call and the status the Playground gave it.
 */

interface Person {
  id: string;
  name: string;
}
interface Config {
  tenantId: string;
  bot: Person;
  currentUser: Person;
  users: Person[];
  teams: { id: string; name: string; channels: { id: string; name: string }[] }[];
}

const PLAYGROUND_CLI = join(process.cwd(), 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

describe('asesu against the Agents Playground’s Bot Connector', () => {
  let t: TestApp;
  let playground: ChildProcess;
  let proxy: Server;
  let proxyUrl = '';
  let config: Config;
  const calls: { method: string; path: string; status: number }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ DEFAULT_LANGUAGE: 'en' });
    const port = await freePort();
    // It writes its log under devTools/ in its working folder: the test's data folder, not the project.
    playground = spawn(process.execPath, [PLAYGROUND_CLI, '-e', `${t.url}/api/messages`, '-c', 'msteams', '--disable-telemetry', '-p', String(port)], {
      cwd: t.dataDir,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Playground did not start')), 20_000);
      playground.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      playground.once('exit', (code) => reject(new Error(`the Playground exited (${code})`)));
    });
    proxy = createServer((req, res) => {
      const forward = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        calls.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    config = ((await (await fetch(`http://127.0.0.1:${port}/_internal/v1/config`)).json()) as { config: Config }).config;
  }, 40_000);

  afterAll(async () => {
    playground?.kill();
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    await t?.stop();
  });

  test('a whole round in the General channel: every call the bot makes is one the connector accepts', async () => {
    const team = config.teams[0]!;
    const channel = team.channels[0]!;
    const origin = (from: Person): DialogOrigin => ({
      endpoint: `${t.url}/api/messages`,
      serviceUrl: `${proxyUrl}/_connector`,
      tenantId: config.tenantId,
      bot: config.bot,
      conversation: { id: channel.id, conversationType: 'channel', isGroup: true },
      team: { id: team.id, name: team.name },
      from,
    });
    const send = async (from: Person, fields: Record<string, unknown>) => {
      const o = origin(from);
      const activity = {
        id: `pg-${calls.length}-${Math.random()}`,
        channelId: 'msteams',
        serviceUrl: o.serviceUrl,
        timestamp: new Date().toISOString(),
        locale: 'en-GB',
        from,
        recipient: o.bot,
        conversation: { ...o.conversation, tenantId: o.tenantId },
        channelData: { tenant: { id: o.tenantId }, team: o.team, channel: { id: channel.id } },
        ...fields,
      };
      const res = await fetch(o.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBeLessThan(300);
    };
    const say = (from: Person, text: string) =>
      send(from, { type: 'message', text: `<at>${config.bot.name}</at> ${text}`, entities: [{ type: 'mention', text: `<at>${config.bot.name}</at>`, mentioned: config.bot }] });
    const alex = config.currentUser;

    // Installed by someone the event names by id only: the welcome asks the connector who it was.
    await send({ id: alex.id } as Person, { type: 'conversationUpdate', membersAdded: [config.bot] });
    await say(alex, 'start 2h');
    const pid = partnershipId('teams', channel.id);
    const p = (await t.app.services.get(pid))!;
    expect(p.secretariat.map((m) => m.name)).toEqual([alex.name]);
    const round = p.rounds[0]!;
    expect(round.rosterUnknown).toBeUndefined();
    expect(round.roster.length).toBeGreaterThanOrEqual(5);
    expect(round.card?.activityId).toBeTruthy();

    for (const person of config.users.slice(0, 3)) {
      const pages = await answerForm(origin(person), round.id, (choices) => choices[3]!);
      expect(pages.at(-1)).toContain('Your answers');
    }
    await t.app.services.flush();
    await say(alex, 'close');
    await t.app.services.flush();

    const closed = (await t.app.services.get(pid))!.rounds[0]!;
    expect(closed.summary?.respondents).toBe(3);
    expect(closed.done).toContain('summary');
    const refused = calls.filter((c) => c.status >= 300);
    expect(refused).toEqual([]);
    const paths = calls.map((c) => `${c.method} ${c.path.replace(/\/conversations\/[^/]+/, '/conversations/:id').replace(/\/activities\/[^/]+$/, '/activities/:id').replace(/\/members\/[^/]+$/, '/members/:member')}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /_connector/v3/conversations/:id/members/:member', 'GET /_connector/v3/conversations/:id/pagedmembers', 'PUT /_connector/v3/conversations/:id/activities/:id', 'POST /_connector/v3/conversations']));
  }, 60_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
