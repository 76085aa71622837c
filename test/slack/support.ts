import { randomBytes } from 'node:crypto';
import { signSlackRequest } from '../../src/channels/slack/verify.js';
import { COMMANDS, SLACK_PATH } from '../../src/channels/slack/ids.js';
import type { AppOptions } from '../../src/app.js';
import { partnershipId } from '../../src/services/index.js';
import { FakeSlackApi, type FakeUser, type StoredView } from '../fakes/slack-api.js';
import { startTestApp, type TestApp } from '../support/app.js';

export const SECRET = 'test-signing-secret-0123456789';

/** People of a partnership's channel, English and Welsh speakers. */
export const PEOPLE: FakeUser[] = [
  { id: 'U1', name: 'alun', realName: 'Alun Jones', locale: 'en-GB' },
  { id: 'U2', name: 'sara', realName: 'Sara Owen', locale: 'cy-GB' },
  { id: 'U3', name: 'rhys', realName: 'Rhys Price', locale: 'en-GB' },
  { id: 'U4', name: 'ffion', realName: 'Ffion Hughes', locale: 'cy-GB' },
];

export interface SentRequest {
  status: number;
  body: string;
  json(): unknown;
}

/** How a request is signed: the right way, with another secret, or at another time. */
export interface Signing {
  secret?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  headers?: Record<string, string>;
}

/** The real service with Slack on, pointed at a loopback Slack Web API, and ways to send it signed requests like Slack's. */
export class SlackTestbed {
  readonly slack: FakeSlackApi;
  app!: TestApp;
  readonly channel = 'C0PARTNER';

  /** `limits: true` makes the fake Slack answer 429 past its published limits. */
  constructor(options: { limits?: boolean } = {}) {
    this.slack = new FakeSlackApi({ token: 'xoxb-test-token', ...options });
  }

  async start(options: AppOptions = {}, env: Record<string, string> = {}): Promise<this> {
    await this.slack.start();
    this.app = await startTestApp({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: this.slack.token, SLACK_API_URL: this.slack.apiUrl, ...env }, { cardIntervalMs: 50, ...options });
    return this;
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.slack.stop();
  }

  /** The id of the partnership of the testbed's channel. */
  get partnershipId(): string {
    return partnershipId('slack', `${this.slack.teamId}:${this.channel}`);
  }

  /** Adds people and the partnership's channel, with the bot in it. */
  seed(users: FakeUser[], extraMembers: string[] = []): void {
    for (const u of users) this.slack.addUser(u);
    this.slack.addChannel({ id: this.channel, name: 'partneriaeth', members: [this.slack.bot.userId, ...users.map((u) => u.id), ...extraMembers] });
  }

  /** Posts a raw body to /slack/events, signed as Slack signs it. */
  async post(body: string, contentType: string, signing: Signing = {}): Promise<SentRequest> {
    const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.app.url}${SLACK_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(signing.secret ?? SECRET, timestamp, body),
        ...signing.headers,
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text, json: () => JSON.parse(text) as unknown };
  }

  /** A slash command as Slack sends it (form-encoded). */
  command(userId: string, text: string, options: { command?: string; triggerId?: string; responseUrl?: string; channel?: string } & Signing = {}) {
    const fields = {
      token: 'legacy-verification-token',
      team_id: this.slack.teamId,
      team_domain: 'asesu-test',
      channel_id: options.channel ?? this.channel,
      channel_name: 'partneriaeth',
      user_id: userId,
      user_name: userId.toLowerCase(),
      command: options.command ?? COMMANDS.en,
      text,
      api_app_id: 'A0ASESU',
      is_enterprise_install: 'false',
      response_url: options.responseUrl ?? this.slack.responseUrl(),
      trigger_id: options.triggerId ?? trigger(),
    };
    const body = new URLSearchParams(fields).toString();
    return { fields, send: () => this.post(body, 'application/x-www-form-urlencoded', options) };
  }

  /** An interactivity payload (block_actions, view_submission) as Slack sends it: form field `payload` holding JSON. */
  interaction(payload: Record<string, unknown>, signing: Signing = {}): Promise<SentRequest> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', signing);
  }

  /** An Events API delivery (JSON). */
  event(event: Record<string, unknown>, options: { eventId?: string } & Signing = {}): Promise<SentRequest> {
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: this.slack.teamId,
      api_app_id: 'A0ASESU',
      event,
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.slack.teamId, user_id: this.slack.bot.userId, is_bot: true }],
    });
    return this.post(body, 'application/json', options);
  }

  /** A click on a message button (the round message's Answer). */
  clickMessageButton(userId: string, actionId: string, value: string, triggerId = trigger()): Promise<SentRequest> {
    return this.interaction({
      type: 'block_actions',
      user: { id: userId, username: userId.toLowerCase(), team_id: this.slack.teamId },
      api_app_id: 'A0ASESU',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: '1.1', channel_id: this.channel, is_ephemeral: false },
      trigger_id: triggerId,
      team: { id: this.slack.teamId, domain: 'asesu-test' },
      channel: { id: this.channel, name: 'partneriaeth' },
      response_url: this.slack.responseUrl(),
      actions: [{ action_id: actionId, block_id: 'b1', value, type: 'button', action_ts: '1.2' }],
    });
  }

  /** A click on a button inside a modal (the review page's Change). */
  clickViewButton(userId: string, view: StoredView, actionId: string, value: string): Promise<SentRequest> {
    return this.interaction({
      type: 'block_actions',
      user: { id: userId, team_id: this.slack.teamId },
      api_app_id: 'A0ASESU',
      container: { type: 'view', view_id: view.id },
      trigger_id: trigger(),
      team: { id: this.slack.teamId, domain: 'asesu-test' },
      view: { ...view.view, id: view.id, hash: view.hash, state: { values: {} } },
      actions: [{ action_id: actionId, block_id: 'b2', value, type: 'button', action_ts: '1.3' }],
    });
  }

  /** Submits a modal with the given state values, as Slack does when the member presses the submit button. */
  submitView(userId: string, view: StoredView, values: Record<string, Record<string, unknown>>, signing: Signing = {}): Promise<SentRequest> {
    return this.interaction(
      {
        type: 'view_submission',
        team: { id: this.slack.teamId, domain: 'asesu-test' },
        user: { id: userId, team_id: this.slack.teamId },
        api_app_id: 'A0ASESU',
        trigger_id: trigger(),
        view: {
          ...view.view,
          id: view.id,
          hash: view.hash,
          team_id: this.slack.teamId,
          app_id: 'A0ASESU',
          state: { values },
        },
        response_urls: [],
      },
      signing,
    );
  }
}

export function trigger(): string {
  return `${Date.now()}.${randomBytes(3).readUIntBE(0, 3)}.${randomBytes(8).toString('hex')}`;
}

/** A radio button choice in a submitted view's state. */
export function picked(value: string): Record<string, unknown> {
  return { value: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: value }, value } } };
}

export function typedText(value: string | null): Record<string, unknown> {
  return { value: { type: 'plain_text_input', value } };
}

/** Everything a block holds that a person reads, joined: for asserting on what is shown. */
export function readable(blocks: unknown): string {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') for (const [k, inner] of Object.entries(v)) (k === 'text' && typeof inner === 'string' ? out.push(inner) : visit(inner));
  };
  visit(blocks);
  return out.join('\n');
}
