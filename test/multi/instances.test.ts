/**
 * Three instances of the built service on one PostgreSQL database, behind a round-robin proxy
 * as a load balancer would be: a round on Teams and on Slack answered through all three, a
 * resend and a retry reaching another instance, one instance killed with SIGKILL in the middle,
 * and the rounds closed and summarised by the schedule once the clock passes their deadline.
 */
import { jest } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIONS } from '../../src/channels/slack/ids.js';
import { pseudonymiser } from '../../src/store/member-key.js';
import { memberKeyInDatabase } from '../../src/store/pg-member-key.js';
import { PostgresStore } from '../../src/store/pg-store.js';
import { BotConnector } from '../fakes/bot-connector.js';
import { SECRET, SlackTestbed } from '../slack/support.js';
import type { TestApp } from '../support/app.js';
import { spat, slackMember, teamsMember, teamsPageData, TwoPlatforms, slackValues } from '../faults/support.js';
import { actionsOf, BOT, cardOf, CHANNEL, TeamsClient } from '../teams/client.js';
import { describePostgres, freshDatabase } from '../store/pg-support.js';
import { startBuiltService, type BuiltService } from '../support/built-service.js';

const MEMBERS = 4;

type Instance = BuiltService;

/** An instance on loopback with Teams in local mode, whatever else `env` sets. */
const startInstance = (env: Record<string, string>): Promise<Instance> => startBuiltService({ HOST: '127.0.0.1', TEAMS_LOCAL_MODE: 'true', ...env });


/** Round-robin over the instances, passing over one that refuses connections, as a load balancer's health check would. */
function roundRobin(instances: Instance[]): Promise<{ server: Server; url: string; served: number[] }> {
  let next = 0;
  const served = instances.map(() => 0);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number) => {
        const i = next++ % instances.length;
        const target = new URL(instances[i]!.url);
        const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          served[i]!++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && tries < instances.length) attempt(tries + 1);
          else if (!res.headersSent) res.writeHead(502).end();
        });
        out.end(body);
      };
      attempt(1);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served })));
}

/** The Teams and Slack helpers, with a Bot Connector as slow as the real one. */
class Behind extends TwoPlatforms {
  override readonly connector = new BotConnector({ latencyMs: 200 });
}

/** A view of the Slack testbed that sends to one address (the proxy, or one instance). */
function slackVia(bed: SlackTestbed, url: string): SlackTestbed {
  return Object.assign(Object.create(bed) as SlackTestbed, { app: { url } as TestApp });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describePostgres('three instances on one PostgreSQL database behind a round-robin proxy', () => {
  jest.setTimeout(180_000);

  it('answers a round on Teams and Slack through all three, survives a SIGKILL, and closes and summarises each round once', async () => {
    const db = await freshDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'asesu-multi-'));
    const offsetFile = join(dir, 'clock-offset');
    await writeFile(offsetFile, '0');
    const both = new Behind();
    await both.connector.start();
    await both.bed.slack.start();
    const env = { DATABASE_URL: db.url, DATA_DIR: dir, CLOCK_OFFSET_FILE: offsetFile, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: both.bed.slack.token, SLACK_API_URL: both.bed.slack.apiUrl };
    const instances = await Promise.all([1, 2, 3].map(() => startInstance(env)));
    const proxy = await roundRobin(instances);
    const reader = await PostgresStore.open(db.url, { migrate: false, poolSize: 2 });
    try {
      both.teams = new TeamsClient(proxy.url, both.connector);
      both.bed.app = { url: proxy.url } as TestApp;

      // Teams: install and start a five-minute round, through the proxy.
      const people = Array.from({ length: MEMBERS }, (_, i) => teamsMember(i));
      both.connector.members.set(CHANNEL, [both.secretary, ...people, BOT].map((p) => ({ id: p.id, name: p.name })));
      await both.teams.install(both.secretary);
      await both.teams.say(both.secretary, 'start 5m');
      const channelSends = () => both.connector.posted(CHANNEL).filter((c) => c.method === 'send');
      const cards = () => channelSends().filter((c) => { const card = cardOf(c); return card !== undefined && actionsOf(card).some((a) => a.verb === 'answer'); });
      await until('the Teams round card', () => (cards().length ? true : undefined));
      both.teamsRound = String(actionsOf(cardOf(cards()[0])!)[0]!.roundId);

      // Slack: the same, with the slash command.
      both.bed.seed([{ id: 'USEC', name: 'siân', realName: 'Siân Rees', locale: 'en-GB' }, ...Array.from({ length: MEMBERS }, (_, i) => ({ id: slackMember(i), name: `m${i}`, locale: 'en-GB' }))]);
      expect((await both.bed.command('USEC', 'start 5m').send()).status).toBe(200);
      const roundMessages = () => both.bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === both.bed.channel && JSON.stringify(c.args.blocks).includes(ACTIONS.answer));
      const posted = await both.bed.slack.waitFor('chat.postMessage', (a) => a.channel === both.bed.channel && JSON.stringify(a.blocks).includes(ACTIONS.answer), 15_000);
      both.slackAnswer = (posted.args.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.answer)!.value!;

      // Every Teams member answers every page, spread over the instances; one instance is killed half-way.
      const acked = new Map<string, number>();
      const pages = spat.characteristics.length;
      const answerPage = async (m: number, page: number) => {
        const res = await both.teamsPage(people[m]!, page, String((m % 5) + 1));
        if (res.status === 200) acked.set(`${people[m]!.id}:${page}`, (m % 5) + 1);
        return res.status;
      };
      for (let page = 0; page < pages; page++) {
        if (page === Math.floor(pages / 2)) {
          const exited = new Promise((resolve) => instances[2]!.child.once('exit', resolve));
          instances[2]!.child.kill('SIGKILL');
          await exited;
        }
        const statuses = await Promise.all(people.map((_, m) => answerPage(m, page)));
        // A request cut off by the kill is sent again, as Teams would; it reaches a live instance.
        for (const [m, status] of statuses.entries()) if (status !== 200) await answerPage(m, page);
      }

      // A Teams resend of one submission, first to one instance and then to another, is stored once.
      const direct = [0, 1].map((i) => new TeamsClient(instances[i]!.url, both.connector));
      const resent = teamsPageData(both.teamsRound, 0, '5');
      expect((await direct[0]!.submit(people[0]!, resent, 'resend-1')).status).toBe(200);
      expect((await direct[1]!.submit(people[0]!, resent, 'resend-1')).status).toBe(200);

      // Slack: each member answers the page their modal shows; one submission is retried by Slack on another instance.
      const slackAcked: string[] = [];
      for (let i = 0; i < MEMBERS; i++) {
        const view = await both.slackOpen(slackMember(i));
        const first = await both.slackPage(slackMember(i), view, '3');
        if (first.status === 200) slackAcked.push(slackMember(i));
        if (i === 0) {
          const retried = await slackVia(both.bed, instances[1]!.url).submitView(slackMember(i), view, slackValues(view, '3'), { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
          expect(retried.status).toBe(200);
        }
      }

      // Every acknowledged answer is stored, once.
      const key = pseudonymiser((await memberKeyInDatabase(reader.pool, undefined)).key);
      const teamsStored = (await reader.get(both.teamsPartnership))!;
      const teamsRound = teamsStored.rounds[0]!;
      expect(Object.keys(teamsRound.responses)).toHaveLength(MEMBERS);
      for (const [ack, value] of acked) {
        const [id, page] = [ack.slice(0, ack.lastIndexOf(':')), Number(ack.slice(ack.lastIndexOf(':') + 1))];
        const answers = Object.values(teamsRound.responses[key('teams', id)]!.pages[spat.characteristics[page]!.id]!.answers);
        expect([ack, answers]).toEqual([ack, answers.map(() => (id === people[0]!.id && page === 0 ? 5 : value))]);
      }
      expect(acked.size).toBe(MEMBERS * pages);
      expect(teamsStored.deliveries.filter((d) => d.id === 'teams:resend-1')).toHaveLength(1);
      const slackStored = (await reader.get(both.slackPartnership))!;
      expect(Object.keys(slackStored.rounds[0]!.responses).sort()).toEqual(slackAcked.map((m) => key('slack', m)).sort());
      expect(slackAcked).toHaveLength(MEMBERS);

      // The clock passes both deadlines; the two live instances close the rounds and post each summary once.
      const sendsBefore = channelSends().length;
      const slackPostsBefore = both.bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === both.bed.channel).length;
      await writeFile(offsetFile, String(6 * 60_000));
      for (const pid of [both.teamsPartnership, both.slackPartnership]) {
        await until(`the summary of ${pid}`, async () => ((await reader.get(pid))!.rounds[0]!.done.includes('summary') ? true : undefined));
      }
      // Further looks by both instances change nothing.
      await new Promise((r) => setTimeout(r, 5_000));
      expect(channelSends().length - sendsBefore).toBe(1);
      expect(both.bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === both.bed.channel).length - slackPostsBefore).toBe(1);
      expect(cards()).toHaveLength(1);
      expect(roundMessages()).toHaveLength(1);
      for (const pid of [both.teamsPartnership, both.slackPartnership]) {
        const p = (await reader.get(pid))!;
        expect(p.rounds[0]!.closedAt).toBeDefined();
        expect(p.claims).toEqual({});
      }
      // All three instances took requests before the kill.
      expect(proxy.served.every((n) => n > 0)).toBe(true);
    } finally {
      for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
      proxy.server.close();
      await reader.close();
      await both.connector.stop();
      await both.bed.slack.stop();
      await db.drop();
    }
  });
});
