import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/channels/slack/ids.js';
import { INPUT, VERB } from '../../src/channels/teams/actions.js';
import { partnershipId } from '../../src/services/index.js';
import type { AppOptions } from '../../src/app.js';
import { BotConnector } from '../fakes/bot-connector.js';
import type { StoredView } from '../fakes/slack-api.js';
import { spat } from '../support/builders.js';
import { picked, SlackTestbed, trigger, typedText } from '../slack/support.js';
import { actionsOf, BOT, cardOf, CHANNEL, TeamsClient, user, type User } from '../teams/client.js';

export { spat };

/**
 * The real service with both channels on (Teams in local mode, Slack with its secrets), a
 * loopback Bot Connector and a loopback Slack Web API, and a round open on each platform.
 */
export class TwoPlatforms {
  readonly connector = new BotConnector();
  readonly bed = new SlackTestbed();
  teams!: TeamsClient;
  teamsRound = '';
  slackAnswer = '';
  readonly secretary = user('Alice');

  async start(env: Record<string, string> = {}, options: AppOptions = {}): Promise<this> {
    await this.connector.start();
    await this.bed.start(options, env);
    this.teams = new TeamsClient(this.bed.app.url, this.connector);
    return this;
  }

  async stop(): Promise<void> {
    await this.bed.stop();
    await this.connector.stop();
  }

  get dataDir(): string {
    return this.bed.app.config.dataDir;
  }

  readonly teamsPartnership = partnershipId('teams', CHANNEL);
  get slackPartnership(): string {
    return partnershipId('slack', `${this.bed.slack.teamId}:${this.bed.channel}`);
  }

  /** Sets up both partnerships and opens a round in each, with `members` people in each channel. */
  async openRounds(members: number): Promise<void> {
    const people = Array.from({ length: members }, (_, i) => teamsMember(i));
    this.connector.members.set(CHANNEL, [this.secretary, ...people, BOT].map((p) => ({ id: p.id, name: p.name })));
    await this.teams.install(this.secretary);
    await this.teams.say(this.secretary, 'start');
    const card = cardOf(this.connector.posted(CHANNEL).filter((c) => c.method === 'send').at(-1));
    this.teamsRound = String(actionsOf(card!)[0]!.roundId);

    this.bed.seed([{ id: 'USEC', name: 'siân', realName: 'Siân Rees', locale: 'cy-GB' }, ...Array.from({ length: members }, (_, i) => ({ id: slackMember(i), name: `m${i}`, locale: i % 2 ? 'cy-GB' : 'en-GB' }))]);
    const start = this.bed.command('USEC', 'start');
    await start.send();
    const posted = await this.bed.slack.waitFor('chat.postMessage', (a) => a.channel === this.bed.channel && JSON.stringify(a.blocks).includes(ACTIONS.answer));
    const button = (posted.args.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.answer)!;
    this.slackAnswer = button.value!;
  }

  /** A Teams dialog page submitted by a member, every statement answered with `value`. */
  teamsPage(by: User, index: number, value: string, extra: Record<string, unknown> = {}) {
    return this.teams.submit(by, teamsPageData(this.teamsRound, index, value, extra));
  }

  /** Opens a member's Slack modal from the round message. */
  async slackOpen(userId: string): Promise<StoredView> {
    const t = trigger();
    await this.bed.clickMessageButton(userId, ACTIONS.answer, this.slackAnswer, t);
    return this.bed.slack.viewOpenedBy(t);
  }

  /** Submits the page a Slack modal shows, every statement answered with `value`. */
  slackPage(userId: string, view: StoredView, value: string, comment: string | null = null, headers?: Record<string, string>) {
    return this.bed.submitView(userId, view, slackValues(view, value, comment), headers ? { headers } : {});
  }
}

export function teamsMember(i: number): User {
  return user(`Member${i}`, i % 2 ? 'cy-GB' : 'en-GB');
}

export function slackMember(i: number): string {
  return `UM${i}`;
}

export function teamsPageData(roundId: string, index: number, value: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const c = spat.characteristics[index]!;
  const data: Record<string, unknown> = { verb: VERB.save, roundId, characteristicId: c.id, page: index };
  for (const s of c.statements) data[`${INPUT.answerPrefix}${s.id}`] = value;
  data[INPUT.comment] = '';
  return { ...data, ...extra };
}

export function slackValues(view: StoredView, value: string, comment: string | null = null): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of view.view.blocks as { type: string; block_id?: string }[]) {
    if (b.type !== 'input') continue;
    if (b.block_id?.startsWith(BLOCKS.statementPrefix)) values[b.block_id] = picked(value);
    if (b.block_id === BLOCKS.comment) values[b.block_id] = typedText(comment);
  }
  return values;
}

export function isPage(view: StoredView): boolean {
  return view.view.callback_id === VIEWS.page;
}

/** A fingerprint of every file in the data folder: the test compares them before and after. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.json') || name === 'due-index.json') continue;
    out.set(name, createHash('sha256').update(await readFile(join(dir, name))).digest('hex'));
  }
  return out;
}

/** A small tmpfs of our own, so a full or read-only disk is real. Needs root, as CI has. */
export class SmallDisk {
  dir = '';
  async mount(kilobytes: number): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), 'asesu-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k,mode=0700`, 'tmpfs', this.dir]);
    return this;
  }
  readOnly(on: boolean): void {
    execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, this.dir]);
  }
  unmount(): void {
    if (this.dir) execFileSync('umount', ['-l', this.dir]);
  }
}
