/**
 * `npm run bench -- --scenario quarter-morning [--partnerships N] [--quick]`: the first working
 * morning of a quarter, when every partnership's quarterly schedule falls due at 09:30 at once.
 *
 * Half the partnerships are Teams channels spread over a few tenants (one loopback Bot
 * Connector per tenant, each enforcing Teams' limits), half Slack channels of the one workspace
 * the service's bot token belongs to (one Slack fake enforcing Slack's tiers). Slack members
 * are drawn from one pool of people per workspace, as people sit on several partnerships. The
 * service starts with its clock (CLOCK_OFFSET_FILE) a few seconds before the occurrence;
 * once cards go out, members of partnerships already posted answer at a fixed rate.
 *
 * The floor is the least time any bot could take: for each limited key (a Teams tenant, a
 * Slack method in the workspace) the calls it cannot avoid there, n, under each sliding window
 * of L calls per W ms need at least floor((n − 1) / L) × W ms; the floor is the largest.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { conversationKey } from '../src/channels/teams/activity.js';
import type { Framework } from '../src/domain/framework.js';
import { nextReview } from '../src/domain/calendar.js';
import { partnershipFileSchema, SCHEMA_VERSION, type Partnership, type Platform } from '../src/domain/model.js';
import { newPartnership } from '../src/domain/partnership.js';
import { dueWork } from '../src/scheduler/due.js';
import { createTranslator } from '../src/i18n/translator.js';
import { partnershipId } from '../src/services/index.js';
import { loadMemberKey } from '../src/store/member-key.js';
import { BotConnector, TEAMS_TENANT_LIMITS } from '../test/fakes/bot-connector.js';
import type { Window } from '../test/fakes/rate-windows.js';
import { FakeSlackApi, SLACK_LIMITS } from '../test/fakes/slack-api.js';
import { BOT, TENANT } from '../test/teams/client.js';
import { answersOf } from './load.js';
import type { BenchMember } from './prefill.js';
import { acknowledged, RequestBuilder } from './requests.js';
import { cpuMsOf, memoryOf, startService, stop, type Service } from './service.js';
import { latencySummary, round } from './stats.js';

export interface QuarterMorning {
  partnerships: number;
  lastCardMs: number;
  floorMs: number;
  rateLimited: number;
  lost: number;
  doubled: number;
  givenUp: number;
  liveP50Ms: number;
  liveP99Ms: number;
  rssMb: number;
}

const TENANTS = 4;
const MEMBERS = 12;
/** Live answers a second while the cards go out. */
const LIVE_RATE = 20;
/** The service's clock starts this long before 09:30, so start-up is over when the schedule falls due. */
const LEAD_MS = 15_000;
const DAY = 86_400_000;

interface Seeded {
  id: string;
  platform: Platform;
  tenant: number;
  conversation: string;
  roster: { id: string; name: string; locale: string }[];
}

/** Calls under one limited key: the least time their count needs under its windows. */
function spanOf(n: number, windows: readonly Window[]): number {
  return n <= 1 ? 0 : Math.max(...windows.map((w) => Math.floor((n - 1) / w.limit) * w.ms));
}

export async function quarterMorning(o: { partnerships: number; framework: Framework; work: string; say: (text: string) => void; nodeArgs?: string[] }): Promise<QuarterMorning & { floorBy: string; tenants: number; live: number; liveRefused: number; handedBack: number }> {
  const { say } = o;
  const dataDir = join(o.work, 'quarter-data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const connectors = await Promise.all(Array.from({ length: TENANTS }, () => new BotConnector({ limits: true }).start()));
  const slack = await new FakeSlackApi({ token: `xoxb-bench-${randomBytes(6).toString('hex')}`, limits: true }).start();
  // Real Slack pages conversations.members up to the limit asked for (the service asks 200).
  slack.pageSize = 200;
  let service: Service | undefined;
  try {
    const settings = { language: 'cy+en' as const, timeZone: 'Europe/London' };
    const now = Date.now();
    const month = (Number(new Intl.DateTimeFormat('en-GB', { timeZone: settings.timeZone, month: 'numeric' }).format(now)) % 12) + 1;
    const schedule = { kind: 'quarterly' as const, month };
    const setAt = now - 2 * DAY;
    const probe = newPartnership({ id: 'probe', platform: 'slack', address: {}, now: setAt, founder: { id: 'U0' }, settings });
    const occurrence = nextReview(schedule, probe.settings, setAt);
    if (occurrence === null || occurrence <= now) throw new Error('no quarterly occurrence ahead');
    say(`quarter morning: ${o.partnerships} partnerships due at ${new Date(occurrence).toISOString()} (09:30 Europe/London)`);

    // The member key the service would have made on its first start.
    await loadMemberKey(dataDir);
    const slackPeople = Array.from({ length: Math.max(MEMBERS, Math.ceil(o.partnerships / 2)) }, (_, j) => ({ id: `UQ${String(j).padStart(6, '0')}`, name: `Aelod ${j}`, locale: j % 3 ? 'en-GB' : 'cy-GB' }));
    for (const u of slackPeople) slack.addUser({ id: u.id, name: u.id.toLowerCase(), realName: u.name, locale: u.locale });
    const seeded: Seeded[] = [];
    for (let i = 0; i < o.partnerships; i++) {
      const platform: Platform = i % 2 === 0 ? 'teams' : 'slack';
      const tenant = Math.floor(i / 2) % TENANTS;
      let id: string;
      let address: Partnership['address'];
      let conversation: string;
      let roster: Seeded['roster'];
      if (platform === 'teams') {
        conversation = `19:quarter-${i.toString(16).padStart(6, '0')}@thread.tacv2`;
        const convKey = conversationKey(conversation);
        id = partnershipId('teams', convKey);
        address = { channelId: 'msteams', serviceUrl: connectors[tenant]!.url, bot: { id: BOT.id, name: BOT.name }, conversation: { id: convKey, conversationType: 'channel', isGroup: true, tenantId: `tenant-q${tenant}` } };
        roster = Array.from({ length: MEMBERS }, (_, j) => ({ id: `29:q-${i}-${j}`, name: `Aelod ${i}-${j}`, locale: j % 3 ? 'en-GB' : 'cy-GB' }));
        connectors[tenant]!.members.set(convKey, roster.map((m) => ({ id: m.id, name: m.name })));
      } else {
        conversation = `CQ${String(i).padStart(7, '0')}`;
        id = partnershipId('slack', `${slack.teamId}:${conversation}`);
        address = { team: slack.teamId, channel: conversation };
        roster = Array.from({ length: MEMBERS }, (_, j) => slackPeople[(i * 5 + j) % slackPeople.length]!);
        slack.addChannel({ id: conversation, name: `partneriaeth-${i}`, members: [slack.bot.userId, ...roster.map((m) => m.id)] });
      }
      const founder = { id: roster[0]!.id, name: roster[0]!.name };
      let p: Partnership = { ...newPartnership({ id, platform, address, name: `Partneriaeth ${i}`, now: setAt - 30 * DAY, founder, settings }), welcomed: true };
      p = { ...p, settings: { ...p.settings, schedule }, scheduleState: { lastOccurrence: setAt, noticeFor: occurrence } };
      const owed = dueWork(p, occurrence - LEAD_MS).due;
      if (owed.length) throw new Error(`partnership ${i} would owe ${owed.map((d) => d.kind).join(', ')} before 09:30`);
      if (!dueWork(p, occurrence).due.some((d) => d.kind === 'start')) throw new Error(`partnership ${i} would not start a round at 09:30`);
      const file = partnershipFileSchema.parse({ schemaVersion: SCHEMA_VERSION, partnership: p });
      await writeFile(join(dataDir, `${id}.json`), JSON.stringify(file), { mode: 0o600 });
      seeded.push({ id, platform, tenant, conversation, roster });
    }

    const offsetFile = join(o.work, 'clock-offset');
    const offset = occurrence - LEAD_MS - Date.now();
    await writeFile(offsetFile, String(offset));
    const signingSecret = randomBytes(16).toString('hex');
    const env = { DATA_DIR: dataDir, SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl, MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '', CLOCK_OFFSET_FILE: offsetFile };
    service = await startService(env, o.nodeArgs);
    const dueAt = occurrence - offset;
    say(`service up in ${Math.round(service.startupMs)} ms; 09:30 on its clock in ${Math.round(dueAt - Date.now())} ms`);

    // Cards as the fakes saw them (Teams: a post to the channel thread; Slack: chat.postMessage
    // to the channel), read incrementally so that watching costs the service no CPU.
    const cards = new Map<string, { n: number; firstAt: number }>();
    const seen = { teams: connectors.map(() => 0), slack: 0 };
    const collect = () => {
      const at = Date.now();
      const note = (conversation: string) => {
        const c = cards.get(conversation);
        if (c) c.n++;
        else cards.set(conversation, { n: 1, firstAt: at });
      };
      connectors.forEach((c, t) => {
        for (; seen.teams[t]! < c.calls.length; seen.teams[t]!++) {
          const call = c.calls[seen.teams[t]!]!;
          if (call.method === 'send' && call.conversationId.startsWith('19:')) note(call.conversationId);
        }
      });
      for (; seen.slack < slack.calls.length; seen.slack++) {
        const call = slack.calls[seen.slack]!;
        if (call.method === 'chat.postMessage' && typeof call.args.channel === 'string' && call.args.channel.startsWith('CQ')) note(call.args.channel);
      }
    };
    const cardsOf = (s: Seeded) => cards.get(s.conversation)?.n ?? 0;
    const rateLimitedSoFar = () => connectors.reduce((n, c) => n + c.rateLimited, 0) + slack.rateLimited;
    // The floor: the least time the calls any bot needs would take under the fakes' limits.
    // Teams: per tenant, one roster read and one card per partnership at 50/s (a thread's two
    // calls never bind). Slack, one workspace: conversations.members once per channel (a page
    // holds 200) and users.info once per person (Tier 4, 100 a minute each); one
    // chat.postMessage per channel never binds.
    const slackSeeded = seeded.filter((s) => s.platform === 'slack');
    const people = new Set(slackSeeded.flatMap((s) => s.roster.map((r) => r.id)));
    const spans = [
      ...connectors.map((_, t) => ({ key: `Teams tenant ${t}: 2 calls × ${seeded.filter((s) => s.platform === 'teams' && s.tenant === t).length} partnerships at 50/s`, ms: spanOf(2 * seeded.filter((s) => s.platform === 'teams' && s.tenant === t).length, TEAMS_TENANT_LIMITS) })),
      { key: `Slack conversations.members: ${slackSeeded.length} channels at 100/min`, ms: spanOf(slackSeeded.length, SLACK_LIMITS['conversations.members']!.windows) },
      { key: `Slack users.info: ${people.size} people at 100/min`, ms: spanOf(people.size, SLACK_LIMITS['users.info']!.windows) },
    ].sort((a, b) => b.ms - a.ms);
    const floor = spans[0]!;
    const builder = new RequestBuilder({ framework: o.framework, groups: [], serviceUrl: connectors[0]!.url, slackTeam: slack.teamId, signingSecret, translator: createTranslator() });
    const pages = o.framework.characteristics.length;
    const posted = new Set<string>();
    const queue: { m: BenchMember; index: number; page: number; tenant: number }[] = [];
    const live: number[] = [];
    const liveBy: Record<Platform, number[]> = { teams: [], slack: [] };
    let liveRefused = 0;
    let memberIndex = 0;
    // Long enough for a slow bot to finish: what is still missing after it is lost.
    const deadline = dueAt + Math.max(900_000, 3 * floor.ms);

    const enqueue = async (s: Seeded) => {
      const text = await readFile(join(dataDir, `${s.id}.json`), 'utf8');
      const p = partnershipFileSchema.parse(JSON.parse(text)).partnership;
      const open = p.rounds.find((r) => r.closedAt === undefined);
      if (!open?.card) return false;
      // Half of each roster answers while the morning goes on.
      for (const r of s.roster.slice(0, MEMBERS / 2)) {
        queue.push({
          m: { platform: s.platform, partnershipId: s.id, roundId: open.id, userId: r.id, name: r.name, locale: r.locale, conversation: s.conversation, cardActivityId: open.card.activityId ?? '', pseudonym: '' },
          index: memberIndex++,
          page: 0,
          tenant: s.tenant,
        });
      }
      return true;
    };

    const answerOne = async () => {
      const next = queue.shift();
      if (!next) return;
      const built = builder.page(next.m, next.index, next.page, answersOf(o.framework, next.index, next.page));
      // The builder speaks for one tenant; a member of another tenant's partnership says so.
      const body = next.m.platform === 'teams' ? built.body.replaceAll(TENANT, `tenant-q${next.tenant}`).replaceAll(connectors[0]!.url, connectors[next.tenant]!.url) : built.body;
      const t = performance.now();
      const res = await fetch(`${service!.url}${built.path}`, { method: 'POST', headers: built.headers, body });
      const answer = await res.text();
      const ms = performance.now() - t;
      live.push(ms);
      liveBy[next.m.platform].push(ms);
      if (acknowledged(next.m.platform, o.framework, next.page, res.status, answer)) {
        if (next.page + 1 < pages) queue.push({ ...next, page: next.page + 1 });
      } else if (++liveRefused <= 3) say(`live answer not acknowledged (${next.m.platform}, ${res.status}): ${answer.slice(0, 200)}`);
    };

    const ticker = setInterval(() => void answerOne().catch(() => liveRefused++), 1000 / LIVE_RATE);
    let lastReport = 0;
    let last = { cpu: 0, own: 0 };
    try {
      for (;;) {
        collect();
        for (const s of seeded) {
          if (posted.has(s.id) || cardsOf(s) === 0) continue;
          if (await enqueue(s)) posted.add(s.id);
        }
        if (posted.size === seeded.length || Date.now() > deadline) break;
        if (Date.now() - lastReport > 5_000) {
          const [m, cpu] = await Promise.all([memoryOf(service.process.pid!), cpuMsOf(service.process.pid!)]);
          const own = process.cpuUsage();
          const span = Date.now() - lastReport;
          const busy = lastReport ? ` · CPU: service ${Math.round(((cpu - last.cpu) / span) * 100)} %, benchmark ${Math.round(((own.user + own.system - last.own) / 1000 / span) * 100)} %` : '';
          last = { cpu, own: own.user + own.system };
          lastReport = Date.now();
          say(`quarter morning: ${posted.size}/${seeded.length} cards · 429s ${rateLimitedSoFar()} · ${live.length} live answers · RSS ${Math.round(m.nowMb)} MB${busy}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      // Any card posted twice would have shown by now; give late doubles a moment more.
      await new Promise((r) => setTimeout(r, 2_000));
      collect();
    } finally {
      clearInterval(ticker);
    }
    const memory = await memoryOf(service.process.pid!);
    await stop(service.process);
    const problems = service.problems;
    service = undefined;

    const lastCardAt = Math.max(0, ...[...cards.values()].map((c) => c.firstAt));
    const slackCalls = new Map<string, number>();
    for (const c of slack.calls) slackCalls.set(c.method, (slackCalls.get(c.method) ?? 0) + 1);
    say(`Slack calls answered: ${[...slackCalls].map(([m, n]) => `${m} ${n}`).join(', ')}; refused with 429: ${[...slack.rateLimitedBy].map(([m, n]) => `${m} ${n}`).join(', ') || 'none'}; Teams 429s: ${connectors.map((c) => c.rateLimited).join(' / ')}`);
    for (const platform of ['teams', 'slack'] as const) {
      const times = seeded.filter((s) => s.platform === platform).map((s) => cards.get(s.conversation)?.firstAt ?? Infinity);
      say(`last ${platform} card ${((Math.max(...times) - dueAt) / 1000).toFixed(1)} s after 09:30`);
    }
    const counts = seeded.map((s) => cardsOf(s));
    const lost = counts.filter((n) => n === 0).length;
    const doubled = counts.filter((n) => n > 1).length;
    const givenUp = problems.filter((l) => /giving up/i.test(l)).length;
    const handedBack = problems.filter((l) => l.includes('waits for the platform')).length;
    const latency = latencySummary(live);
    for (const platform of ['teams', 'slack'] as const) {
      const l = latencySummary(liveBy[platform]);
      say(`live answers on ${platform}: ${liveBy[platform].length}, p50 ${round(l.p50Ms)} ms, p99 ${round(l.p99Ms)} ms, max ${round(l.maxMs)} ms`);
    }
    const rateLimited = rateLimitedSoFar();
    if (problems.length) say(`the service logged ${problems.length} warning(s) or error(s); the first: ${problems.slice(0, 2).join(' | ')}`);
    return {
      partnerships: o.partnerships,
      lastCardMs: lastCardAt ? Math.round(lastCardAt - dueAt) : -1,
      floorMs: floor.ms,
      floorBy: floor.key,
      tenants: TENANTS,
      rateLimited,
      lost,
      doubled,
      givenUp,
      liveP50Ms: round(latency.p50Ms),
      liveP99Ms: round(latency.p99Ms),
      live: live.length,
      liveRefused,
      handedBack,
      rssMb: Math.round(memory.peakMb),
    };
  } finally {
    if (service) await stop(service.process);
    await Promise.all(connectors.map((c) => c.stop()));
    await slack.stop();
  }
}
