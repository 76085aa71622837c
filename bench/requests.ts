/**
 * The requests a member's answers arrive as, byte for byte as the platforms send them: a Teams
 * `task/submit` invoke from the round card's dialog, and a signed Slack `view_submission` of
 * the form modal (with the view Slack would echo back, blocks and all).
 */
import { randomBytes } from 'node:crypto';
import { pageView } from '../src/channels/slack/blocks/form.js';
import { ACTIONS, BLOCKS, SLACK_PATH, VIEWS } from '../src/channels/slack/ids.js';
import { signSlackRequest } from '../src/channels/slack/verify.js';
import { memberWording } from '../src/channels/slack/wording.js';
import { INPUT, INVOKE, MESSAGES_PATH, VERB } from '../src/channels/teams/actions.js';
import type { Framework } from '../src/domain/framework.js';
import type { Group } from '../src/domain/model.js';
import { newPartnership } from '../src/domain/partnership.js';
import { openRound } from '../src/domain/round.js';
import type { Translator } from '../src/i18n/translator.js';
import { BOT, TENANT } from '../test/teams/client.js';
import type { BenchMember } from './prefill.js';

/** One page of answers, as the member picks them. */
export interface PageAnswers {
  characteristicId: string;
  answers: Record<string, string>;
  comment: string;
}

/** A request ready for autocannon, and the delivery id the service remembers it by. */
export interface BuiltRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  delivery: string;
}

/** Builds the HTTP requests of both platforms for one run. */
export class RequestBuilder {
  private readonly views = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly o: { framework: Framework; groups: Group[]; serviceUrl: string; slackTeam: string; signingSecret: string; translator: Translator },
  ) {}

  /** The request that saves page `index` of `member`'s form. */
  page(member: BenchMember, memberIndex: number, index: number, page: PageAnswers): BuiltRequest {
    return member.platform === 'teams' ? this.teams(member, index, page) : this.slack(member, memberIndex, index, page);
  }

  private teams(m: BenchMember, index: number, page: PageAnswers): BuiltRequest {
    const id = `f:${randomBytes(9).toString('hex')}`;
    const data: Record<string, unknown> = { verb: VERB.save, roundId: m.roundId, characteristicId: page.characteristicId, page: index };
    for (const [statement, value] of Object.entries(page.answers)) data[`${INPUT.answerPrefix}${statement}`] = value;
    data[INPUT.comment] = page.comment;
    if (index === 0 && m.group) data[INPUT.group] = m.group;
    const activity = {
      type: 'invoke',
      name: INVOKE.taskSubmit,
      id,
      channelId: 'msteams',
      serviceUrl: this.o.serviceUrl,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      from: { id: m.userId, name: m.name, aadObjectId: `aad-${m.userId.slice(3)}` },
      recipient: BOT,
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${m.conversation};messageid=${m.cardActivityId}` },
      locale: m.locale,
      channelData: { tenant: { id: TENANT }, team: { id: m.conversation, name: 'Partneriaeth' }, channel: { id: m.conversation }, source: { name: 'message' } },
      value: { data, context: { theme: 'default' } },
    };
    return { path: MESSAGES_PATH, headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), delivery: `teams:${id}` };
  }

  private slack(m: BenchMember, memberIndex: number, index: number, page: PageAnswers): BuiltRequest {
    const viewId = `VB${String(memberIndex).padStart(8, '0')}`;
    const hash = `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
    const values: Record<string, Record<string, unknown>> = {};
    if (index === 0 && m.group) values[BLOCKS.group] = { [ACTIONS.input]: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: m.group, emoji: true }, value: m.group } } };
    for (const [statement, value] of Object.entries(page.answers)) {
      values[`${BLOCKS.statementPrefix}${statement}`] = { [ACTIONS.input]: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: value, emoji: true }, value } } };
    }
    values[BLOCKS.comment] = { [ACTIONS.input]: { type: 'plain_text_input', value: page.comment || null } };
    const payload = {
      type: 'view_submission',
      team: { id: this.o.slackTeam, domain: 'asesu-bench' },
      user: { id: m.userId, username: m.userId.toLowerCase(), name: m.userId.toLowerCase(), team_id: this.o.slackTeam },
      api_app_id: 'A0ASESU',
      token: 'legacy-verification-token',
      trigger_id: `${Date.now()}.${randomBytes(3).readUIntBE(0, 3)}.${randomBytes(8).toString('hex')}`,
      view: {
        ...this.view(m, index),
        id: viewId,
        team_id: this.o.slackTeam,
        private_metadata: JSON.stringify({ p: m.partnershipId, r: m.roundId, c: page.characteristicId }),
        state: { values },
        hash,
        previous_view_id: null,
        root_view_id: viewId,
        app_id: 'A0ASESU',
        external_id: '',
        app_installed_team_id: this.o.slackTeam,
        bot_id: 'BASESU',
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      path: SLACK_PATH,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(this.o.signingSecret, timestamp, body),
      },
      body,
      delivery: `slack:${viewId}:${hash}`,
    };
  }

  /** The modal page as the service rendered it (Slack sends the view back with the submission). */
  private view(m: BenchMember, index: number): Record<string, unknown> {
    const key = `${m.locale}:${m.group ? 'groups' : ''}:${index}`;
    let view = this.views.get(key);
    if (!view) {
      const base = newPartnership({ id: m.partnershipId, platform: 'slack', address: {}, now: 0, founder: { id: m.userId }, settings: { language: 'cy+en', timeZone: 'Europe/London' } });
      const partnership = { ...base, settings: { ...base.settings, groups: m.group ? this.o.groups : [] } };
      const round = openRound({ id: m.roundId, number: 5, framework: this.o.framework, now: Date.now(), durationMs: 7 * 86_400_000, trigger: 'command', roster: [] });
      const w = memberWording(this.o.translator, partnership, { language: 'cy+en', timeZone: 'Europe/London' }, m.locale);
      view = { ...pageView(w, { kind: 'form', partnership, round, framework: this.o.framework, response: undefined, at: index }, index) };
      this.views.set(key, view);
    }
    return view;
  }
}

/**
 * Whether a response acknowledges the page: the member is shown the next page (or the review
 * after the last), which the service only does once the page is stored.
 */
export function acknowledged(platform: BenchMember['platform'], framework: Framework, index: number, status: number, body: string): boolean {
  if (status !== 200) return false;
  const next = framework.characteristics[index + 1];
  if (platform === 'teams') {
    if (!body.includes('"type":"continue"')) return false;
    return next ? body.includes(`"characteristicId":"${next.id}"`) : body.includes(`"verb":"${VERB.done}"`);
  }
  if (!body.includes('"response_action":"update"')) return false;
  return next ? body.includes(`"callback_id":"${VIEWS.page}"`) && body.includes(`\\"c\\":\\"${next.id}\\"`) : body.includes(`"callback_id":"${VIEWS.review}"`);
}
