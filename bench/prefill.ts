/**
 * The benchmark's data: partnerships as the service would have stored them after a year of
 * use (four closed review rounds, each with answers, deliveries, a summary and its card), plus
 * one open round whose members the load generator then walks through the form. Everything is
 * built with the domain's own functions and checked against the file schema, then written
 * straight into the data directory before the service starts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conversationKey } from '../src/channels/teams/activity.js';
import type { Framework } from '../src/domain/framework.js';
import { partnershipFileSchema, SCHEMA_VERSION, type Group, type Partnership, type Platform, type Round } from '../src/domain/model.js';
import { newPartnership, previousSummary, rememberDelivery, replaceRound } from '../src/domain/partnership.js';
import { checkPage, closeRound, DONE, openRound, progress, savePage, type PageInput } from '../src/domain/round.js';
import { summarise } from '../src/domain/summary.js';
import type { Language } from '../src/domain/text.js';
import { nextReview } from '../src/domain/calendar.js';
import { dueWork } from '../src/scheduler/due.js';
import { partnershipId } from '../src/services/index.js';
import { loadMemberKey, pseudonymiser } from '../src/store/member-key.js';
import type { BotConnector } from '../test/fakes/bot-connector.js';
import type { FakeSlackApi } from '../test/fakes/slack-api.js';
import { BOT, TENANT } from '../test/teams/client.js';

/** How the prefilled data is shaped. */
export interface PrefillOptions {
  dataDir: string;
  partnerships: number;
  closedRounds: number;
  members: number;
  framework: Framework;
  /** The loopback Bot Connector's URL: the `serviceUrl` stored in Teams addresses. */
  serviceUrl: string;
  /** The Slack workspace the loopback Slack Web API answers for. */
  slackTeam: string;
  now: number;
}

/** One member of an open round, who the load generator will walk through the form. */
export interface BenchMember {
  platform: Platform;
  partnershipId: string;
  roundId: string;
  userId: string;
  name: string;
  locale: string;
  /** Teams: the channel's conversation id; Slack: the channel id. */
  conversation: string;
  /** Teams: the round card's activity id (dialogs are opened from its thread). */
  cardActivityId: string;
  /** The partner group the member picks on the first page, if the partnership has groups. */
  group?: string;
  pseudonym: string;
}

/** What the Slack fake must know for the service's calls to succeed: users, channels and round messages. */
export interface SlackSeed {
  users: { id: string; name: string; locale: string }[];
  channels: { id: string; name: string; members: string[] }[];
  messages: { channel: string; ts: string }[];
}

export interface Prefill {
  members: BenchMember[];
  slack: SlackSeed;
  /** The Teams round cards already posted, for the Bot Connector fake to know. */
  teamsCards: { conversation: string; activityId: string }[];
  /** Mean size of a partnership file, in bytes. */
  meanFileBytes: number;
}

const DAY = 86_400_000;
/** The partner groups half the partnerships use. */
export const GROUPS: Group[] = [
  { id: 'g1', label: 'Llywodraeth / Government' },
  { id: 'g2', label: 'Cyflogwyr / Employers' },
  { id: 'g3', label: 'Undebau llafur / Trade unions' },
  { id: 'g4', label: 'Y trydydd sector / Third sector' },
];
const FIRST = ['Alun', 'Bethan', 'Carys', 'Dafydd', 'Eleri', 'Ffion', 'Gareth', 'Heledd', 'Iwan', 'Llinos', 'Meirion', 'Nia', 'Owain', 'Rhian', 'Sioned', 'Tomos'];
const LAST = ['Jones', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Hughes', 'Lewis', 'Morgan', 'Griffiths', 'Price', 'Owen', 'Williams'];
const COMMENTS = [
  'Mwy o amser i drafod yn y cyfarfodydd, os gwelwch yn dda.',
  'The terms of reference have not been looked at for two years; a short review would help everyone.',
  'Byddai crynodeb byr ar ôl pob cyfarfod yn help mawr i’r rhai sy’n methu dod.',
  'Papers arrive the night before; a week would let us consult our members properly.',
  'We hear little about what happened after decisions were taken. A standing item on impact would close the loop.',
  'Mae angen i’r sector gwirfoddol gael llais cyn i’r penderfyniadau gael eu gwneud, nid ar ôl.',
];

/** A small deterministic generator, so two runs build the same answers. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A page as a member would submit it: every statement on the scale or "don't know", now and then a comment. */
export function pageAnswers(framework: Framework, index: number, rnd: () => number, lean: number): { characteristicId: string; answers: Record<string, string>; comment: string } {
  const c = framework.characteristics[index]!;
  const answers: Record<string, string> = {};
  for (const s of c.statements) {
    const r = rnd();
    answers[s.id] = r < 0.05 ? 'dk' : String(Math.min(5, Math.max(1, Math.round(lean + (rnd() - 0.5) * 3))));
  }
  const comment = rnd() < 0.2 ? COMMENTS[Math.floor(rnd() * COMMENTS.length)]! : '';
  return { characteristicId: c.id, answers, comment };
}

function teamsConversation(i: number): string {
  return `19:bench-${i.toString(16).padStart(6, '0')}@thread.tacv2`;
}

function slackChannel(i: number): string {
  return `CB${String(i).padStart(7, '0')}`;
}

function memberOf(platform: Platform, i: number, j: number, rnd: () => number): { id: string; name: string; locale: string } {
  const name = `${FIRST[(i + j) % FIRST.length]} ${LAST[(i * 7 + j) % LAST.length]}`;
  const locale = rnd() < 0.3 ? 'cy-GB' : 'en-GB';
  const id = platform === 'teams' ? `29:bench-${i}-${j}-${randomBytes(6).toString('hex')}` : `UB${String(i).padStart(5, '0')}${String(j).padStart(2, '0')}`;
  return { id, name, locale };
}

/** The address each channel stores for its conversation (Teams: a conversation reference; Slack: team and channel). */
function whereOf(platform: Platform, i: number, o: PrefillOptions): { id: string; address: Partnership['address']; name: string; conversation: string } {
  if (platform === 'teams') {
    const conversation = teamsConversation(i);
    const key = conversationKey(conversation);
    return {
      id: partnershipId('teams', key),
      address: {
        channelId: 'msteams',
        serviceUrl: o.serviceUrl,
        bot: { id: BOT.id, name: BOT.name },
        conversation: { id: key, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      },
      name: `Partneriaeth ${i} › General`,
      conversation,
    };
  }
  const channel = slackChannel(i);
  return { id: partnershipId('slack', `${o.slackTeam}:${channel}`), address: { team: o.slackTeam, channel }, name: `partneriaeth-${i}`, conversation: channel };
}

function cardOf(platform: Platform, channel: string, at: number): Record<string, string> {
  if (platform === 'teams') return { activityId: `1:${randomBytes(8).toString('hex')}` };
  return { ts: `${Math.floor(at / 1000)}.${String(Math.floor(at % 1000) * 1000).padStart(6, '0')}`, channel };
}

function deliveryOf(platform: Platform): string {
  return platform === 'teams' ? `teams:f:${randomBytes(8).toString('hex')}` : `slack:V${randomBytes(5).toString('hex').toUpperCase()}:${Date.now()}.${randomBytes(4).toString('hex')}`;
}

/** One partnership with its history and open round, as the service would have stored it. */
function buildPartnership(i: number, o: PrefillOptions, pseudonymise: (platform: string, id: string) => string) {
  const platform: Platform = i % 2 === 0 ? 'teams' : 'slack';
  const rnd = random(i + 1);
  const where = whereOf(platform, i, o);
  const roster = Array.from({ length: o.members }, (_, j) => memberOf(platform, i, j, rnd));
  const language: Language = (['cy+en', 'en', 'cy'] as const)[i % 3]!;
  const createdAt = o.now - (o.closedRounds * 91 + 30) * DAY - Math.floor(rnd() * DAY);
  const founder = { id: roster[0]!.id, name: roster[0]!.name };
  let p: Partnership = {
    ...newPartnership({ id: where.id, platform, address: where.address, name: where.name, now: createdAt, founder, settings: { language, timeZone: 'Europe/London' } }),
    welcomed: true,
  };
  const groups = i % 4 < 2 ? GROUPS : [];
  p = { ...p, settings: { ...p.settings, groups }, secretariat: [founder, { id: roster[1]!.id, name: roster[1]!.name }] };
  const people = roster.map((m) => ({ id: m.id, name: m.name }));

  for (let r = 1; r <= o.closedRounds; r++) {
    const openedAt = createdAt + (r - 1) * 91 * DAY + DAY;
    let round: Round = { ...openRound({ id: randomBytes(8).toString('hex'), number: r, framework: o.framework, now: openedAt, durationMs: p.settings.defaultDurationMs, trigger: 'command', roster: people }), card: cardOf(platform, where.conversation, openedAt) };
    p = { ...p, rounds: [...p.rounds, round] };
    const lean = 2 + rnd() * 3;
    const respondents = o.members - Math.floor(rnd() * 4);
    for (let j = 0; j < respondents; j++) {
      const member = roster[j]!;
      const pages = j === respondents - 1 && rnd() < 0.5 ? 2 : o.framework.characteristics.length;
      for (let k = 0; k < pages; k++) {
        const at = openedAt + Math.floor(((j * 5 + k) / (o.members * 5)) * 6 * DAY);
        const page = pageAnswers(o.framework, k, rnd, lean);
        const input: PageInput = { ...page, ...(k === 0 && groups.length ? { group: groups[j % groups.length]!.id } : {}) };
        const checked = checkPage(o.framework, groups, input);
        if (!checked.ok) throw new Error(`prefill built a page the service would refuse: ${JSON.stringify(checked.problems)}`);
        round = savePage(round, pseudonymise(platform, member.id), checked.value);
        p = rememberDelivery(replaceRound(p, round), deliveryOf(platform), at);
      }
    }
    const closedAt = round.deadline;
    const summary = summarise({ framework: o.framework, responses: Object.values(round.responses), rosterSize: progress(round, o.framework).roster ?? 0, k: p.settings.k, groups, previous: previousSummary(p, round) });
    round = { ...closeRound(round, closedAt, summary), done: [...p.settings.nudgeOffsetsMs.map((ms) => DONE.nudge(ms)), DONE.summary] };
    p = replaceRound(p, round);
  }

  // A quarter of them set a quarterly schedule two days ago; it counts from then. Its first
  // round falls in the month after next, counted from now: "next month" counted from two days
  // ago is this month on its first days, whose 1st may already be past, and a round owed now
  // would start mid-benchmark. The quarter before it fell well before two days ago.
  if (i % 4 === 1) {
    const setAt = o.now - 2 * DAY;
    const month = ((Number(new Intl.DateTimeFormat('en-GB', { timeZone: p.settings.timeZone, month: 'numeric' }).format(o.now)) + 1) % 12) + 1;
    p = { ...p, settings: { ...p.settings, schedule: { kind: 'quarterly', month } }, scheduleState: { lastOccurrence: setAt } };
  }

  const openedAt = o.now - Math.floor(rnd() * 6 * 3_600_000) - 60_000;
  const open: Round = {
    ...openRound({ id: randomBytes(8).toString('hex'), number: o.closedRounds + 1, framework: o.framework, now: openedAt, durationMs: p.settings.defaultDurationMs, trigger: 'command', roster: people }),
    card: cardOf(platform, where.conversation, openedAt),
  };
  p = { ...p, rounds: [...p.rounds, open] };

  // A notice of the next scheduled round that fell due before now would have been sent already.
  for (const item of dueWork(p, o.now).due) {
    if (item.kind === 'notice') p = { ...p, scheduleState: { ...p.scheduleState, noticeFor: item.occurrence } };
    else throw new Error(`prefilled partnership ${p.id} would owe scheduled work now (${item.kind})`);
  }
  if (p.settings.schedule && (nextReview(p.settings.schedule, p.settings, p.scheduleState.lastOccurrence!) ?? 0) <= o.now) throw new Error('schedule already due');

  const members: BenchMember[] = roster.map((m, j) => ({
    platform,
    partnershipId: p.id,
    roundId: open.id,
    userId: m.id,
    name: m.name,
    locale: m.locale,
    conversation: where.conversation,
    cardActivityId: open.card!.activityId ?? '',
    ...(groups.length ? { group: groups[j % groups.length]!.id } : {}),
    pseudonym: pseudonymise(platform, m.id),
  }));
  return { p, members, roster, channel: where.conversation, card: open.card!, cards: p.rounds.map((r) => r.card!) };
}

/** Builds and writes every partnership file; returns the open rounds' members and what the Slack fake must know. */
export async function prefill(o: PrefillOptions, onProgress: (done: number) => void = () => {}): Promise<Prefill> {
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  const { key } = await loadMemberKey(o.dataDir);
  const pseudonymise = pseudonymiser(key);
  const members: BenchMember[] = [];
  const slack: SlackSeed = { users: [], channels: [], messages: [] };
  const teamsCards: Prefill['teamsCards'] = [];
  let bytes = 0;
  for (let i = 0; i < o.partnerships; i++) {
    const built = buildPartnership(i, o, pseudonymise);
    const file = partnershipFileSchema.parse({ schemaVersion: SCHEMA_VERSION, partnership: built.p });
    const text = JSON.stringify(file);
    bytes += Buffer.byteLength(text);
    await writeFile(join(o.dataDir, `${built.p.id}.json`), text, { mode: 0o600 });
    members.push(...built.members);
    if (built.p.platform === 'slack') {
      slack.users.push(...built.roster.map((m) => ({ id: m.id, name: m.name, locale: m.locale })));
      slack.channels.push({ id: built.channel, name: built.p.name!, members: built.roster.map((m) => m.id) });
      for (const card of built.cards) slack.messages.push({ channel: card.channel!, ts: card.ts! });
    } else {
      for (const card of built.cards) teamsCards.push({ conversation: built.channel, activityId: card.activityId! });
    }
    if (i % 50 === 49) onProgress(i + 1);
  }
  return { members, slack, teamsCards, meanFileBytes: Math.round(bytes / Math.max(1, o.partnerships)) };
}

/** Tells the fakes what the prefilled partnerships have already posted and who is where, as the platforms would know it. */
export function seedFakes(data: Prefill, fakes: { connector: BotConnector; slack: FakeSlackApi }): void {
  const { connector, slack } = fakes;
  for (const u of data.slack.users) slack.addUser({ id: u.id, name: u.id.toLowerCase(), realName: u.name, locale: u.locale });
  for (const c of data.slack.channels) slack.addChannel({ id: c.id, name: c.name, members: [slack.bot.userId, ...c.members] });
  for (const m of data.slack.messages) slack.messages.set(`${m.channel}/${m.ts}`, { channel: m.channel, ts: m.ts, text: '', blocks: [] });
  for (const c of data.teamsCards) connector.knowActivity(c.conversation, c.activityId);
}
