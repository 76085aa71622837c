import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../log.js';
import { away } from '../../services/turns.js';
import { Pacer, type Lane, type Slot, type Window } from '../shared/pacing.js';
import type { Block, ModalView } from './blocks/kit.js';
import { slackLogger } from './slack-logger.js';

/** A Slack user as this channel needs them: to name them, pick their language, and leave bots out. */
export interface SlackUser {
  id: string;
  name?: string;
  locale?: string;
  human: boolean;
}

const userInfo = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    deleted: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    is_app_user: z.boolean().optional(),
    locale: z.string().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});
const posted = z.object({ ts: z.string(), channel: z.string() });
const membersPage = z.object({ members: z.array(z.string()), response_metadata: z.object({ next_cursor: z.string().optional() }).optional() });
const opened = z.object({ channel: z.object({ id: z.string() }) });
const viewOpened = z.object({ view: z.object({ id: z.string() }) });
const channelInfo = z.object({ channel: z.object({ id: z.string(), is_member: z.boolean().optional() }) });
const authTest = z.object({ user_id: z.string(), bot_id: z.string().optional(), team_id: z.string().optional() });

const USER_TTL_MS = 60 * 60_000;
const MEMBERS_TTL_MS = 10 * 60_000;
const USER_CACHE_MAX = 20_000;
const CHANNEL_CACHE_MAX = 5_000;
/** users.info calls at once while reading a channel's members. */
const LOOKUP_CONCURRENCY = 8;

/**
 * Slack's limits, per method per workspace per app, from "Rate limits"
 * (https://docs.slack.dev/apis/web-api/rate-limits): Tier 3 is 50+ a minute, Tier 4 100+ a
 * minute, and chat.postMessage about one message a second in a channel
 * (https://docs.slack.dev/reference/methods/chat.postMessage). Each method's tier is on its
 * reference page under https://docs.slack.dev/reference/methods/: chat.update,
 * conversations.open and conversations.info Tier 3; conversations.members, users.info,
 * files.getUploadURLExternal and files.completeUploadExternal Tier 4. The floors are kept to:
 * what Slack promises, not what it may allow on a quiet day.
 */
const TIER_3: readonly Window[] = [{ limit: 50, ms: 60_000 }];
const TIER_4: readonly Window[] = [{ limit: 100, ms: 60_000 }];
/** "Short bursts >1 allowed": a few at once, one a second over a minute. */
const PER_CHANNEL_POSTS: readonly Window[] = [
  { limit: 3, ms: 1_000 },
  { limit: 60, ms: 60_000 },
];
const slot = (key: string, windows: readonly Window[]): Slot[] => [{ key, windows }];

/** Slackbot is a member of every channel and is not flagged as a bot. */
const SLACKBOT = 'USLACKBOT';

/**
 * The Slack Web API calls this channel makes, each answer parsed with zod. One client for
 * every call, pointed at `SLACK_API_URL` when it is set.
 */
export class SlackApi {
  readonly client: webApi.WebClient;
  private readonly users = new Map<string, { at: number; user: SlackUser }>();
  private readonly lookups = new Map<string, Promise<SlackUser>>();
  private readonly channels = new Map<string, { at: number; ids: Set<string> }>();
  /**
   * A person's direct message channel never changes, so it is opened once: conversations.open
   * is Tier 3, and a morning of thank-yous and reminders would spend it.
   */
  private readonly dms = new Map<string, string>();
  private auth: Promise<{ botUserId: string; botId?: string }> | undefined;
  /** One workspace's calls, kept inside its limits. */
  readonly pacer = new Pacer({ retryAfterMs: slackRetryAfterMs });

  constructor(options: { token: string; apiUrl?: string | undefined; log: Logger }) {
    this.client = new webApi.WebClient(options.token, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
      logger: slackLogger(options.log),
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
      // Left to itself the client pauses every call, a member's dialog included, for one
      // channel's Retry-After, and counts that wait against its two retries: the 429 comes
      // back to the pacer instead, which holds only what was throttled and never gives up early.
      rejectRateLimitedCalls: true,
    });
  }

  /** Who the bot is (auth.test), asked once and kept; asked again after a failure. */
  whoAmI(): Promise<{ botUserId: string; botId?: string }> {
    this.auth ??= this.client.auth.test().then(
      (r) => {
        const a = authTest.parse(r);
        return { botUserId: a.user_id, ...(a.bot_id ? { botId: a.bot_id } : {}) };
      },
      (error: unknown) => {
        this.auth = undefined;
        throw error;
      },
    );
    return this.auth;
  }

  /**
   * A user with their locale (users.info with include_locale), kept for an hour and shared by
   * every partnership of the workspace: on a quarter morning the same people sit on many
   * channels, and users.info is limited per workspace. Lookups of one person already under way
   * are joined rather than repeated.
   */
  user(id: string, lane: Lane = 'interactive'): Promise<SlackUser> {
    const hit = this.users.get(id);
    if (hit && Date.now() - hit.at < USER_TTL_MS) return Promise.resolve(hit.user);
    let pending = this.lookups.get(id);
    if (!pending) {
      pending = this.lookUp(id, lane).finally(() => this.lookups.delete(id));
      this.lookups.set(id, pending);
    }
    // Another partnership's lookup may be waiting for room: this one waits without holding a turn.
    return away(() => pending);
  }

  private async lookUp(id: string, lane: Lane): Promise<SlackUser> {
    const { user: u } = userInfo.parse(await this.pacer.run(slot('users.info', TIER_4), () => this.client.users.info({ user: id, include_locale: true }), lane));
    const name = u.profile?.display_name || u.profile?.real_name || u.real_name || u.name;
    const user: SlackUser = {
      id: u.id,
      ...(name ? { name } : {}),
      ...(u.locale ? { locale: u.locale } : {}),
      human: !u.is_bot && !u.is_app_user && !u.deleted && u.id !== SLACKBOT,
    };
    remember(this.users, id, { at: Date.now(), user });
    return user;
  }

  /** The human members of a channel: conversations.members page by page, bots and deactivated accounts left out. */
  async humans(channel: string): Promise<SlackUser[]> {
    // The bot is in every channel it serves; it is never looked up, which on a busy morning would cost a call.
    const [members, me] = await Promise.all([this.memberIds(channel, 'scheduled'), this.whoAmI()]);
    const ids = members.filter((id) => id !== me.botUserId);
    const users: SlackUser[] = [];
    for (let i = 0; i < ids.length; i += LOOKUP_CONCURRENCY) {
      users.push(...(await Promise.all(ids.slice(i, i + LOOKUP_CONCURRENCY).map((id) => this.user(id, 'scheduled')))));
    }
    return users.filter((u) => u.human);
  }

  /**
   * Whether a person is in a channel now. The channel's members as last read (by a roster read
   * or an earlier check) answer at once when they include the person, so a member answering
   * page after page, or just after the round card was posted, costs no call; a person not among
   * them is looked up again, since they may have just joined.
   */
  async isMember(channel: string, userId: string): Promise<boolean> {
    const known = this.channels.get(channel);
    if (known && Date.now() - known.at < MEMBERS_TTL_MS && known.ids.has(userId)) return true;
    return (await this.memberIds(channel, 'interactive')).includes(userId);
  }

  /** Every member id of a channel (conversations.members, page by page), kept for isMember. */
  private async memberIds(channel: string, lane: Lane): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = membersPage.parse(await this.pacer.run(slot('conversations.members', TIER_4), () => this.client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) }), lane));
      ids.push(...page.members);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    remember(this.channels, channel, { at: Date.now(), ids: new Set(ids) }, CHANNEL_CACHE_MAX);
    return ids;
  }

  async post(channel: string, message: { text: string; blocks: Block[] }, lane: Lane = 'scheduled'): Promise<{ ts: string; channel: string }> {
    const call = () => this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    return posted.parse(await this.pacer.run(slot(`chat.postMessage ${channel}`, PER_CHANNEL_POSTS), call, lane));
  }

  async update(channel: string, ts: string, message: { text: string; blocks: Block[] }): Promise<void> {
    await this.pacer.run(slot('chat.update', TIER_3), () => this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }));
  }

  /** Whether the bot is in a channel and so can post there (conversations.info). */
  async canPost(channel: string): Promise<boolean> {
    try {
      return channelInfo.parse(await this.pacer.run(slot('conversations.info', TIER_3), () => this.client.conversations.info({ channel }), 'interactive')).channel.is_member === true;
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'channel_not_found' || code === 'not_in_channel') return false;
      throw error;
    }
  }

  /** The direct message channel with one person (conversations.open), opened once and kept. */
  async dm(userId: string, lane: Lane = 'scheduled'): Promise<string> {
    const known = this.dms.get(userId);
    if (known) return known;
    const id = opened.parse(await this.pacer.run(slot('conversations.open', TIER_3), () => this.client.conversations.open({ users: userId }), lane)).channel.id;
    remember(this.dms, userId, id);
    return id;
  }

  async openView(triggerId: string, view: ModalView): Promise<string> {
    return viewOpened.parse(await this.pacer.run(slot('views.open', TIER_4), () => this.client.views.open({ trigger_id: triggerId, view }), 'interactive')).view.id;
  }

  async updateView(viewId: string, hash: string | undefined, view: ModalView): Promise<void> {
    await this.pacer.run(slot('views.update', TIER_4), () => this.client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view }), 'interactive');
  }

  /** Uploads a file into a conversation (files.getUploadURLExternal, the upload, files.completeUploadExternal). */
  async upload(channelId: string, file: { name: string; content: string; comment: string }): Promise<void> {
    // A throttled step uploads the file again from the start: a file never completed is never shared.
    await this.pacer.run(slot('files', TIER_4), () => this.client.filesUploadV2({ channel_id: channelId, filename: file.name, title: file.name, content: file.content, initial_comment: file.comment }));
  }

  /** Uploads an image into a conversation, with alt text for screen readers and a comment. */
  async uploadImage(channelId: string, image: { name: string; title: string; bytes: Buffer; alt: string; comment: string }): Promise<void> {
    await this.pacer.run(slot('files', TIER_4), () => this.client.filesUploadV2({ channel_id: channelId, filename: image.name, title: image.title, file: image.bytes, alt_text: image.alt, initial_comment: image.comment }));
  }
}

/** Keeps `value`, dropping the oldest entry once the map is full, so memory follows recent work. */
function remember<V>(map: Map<string, V>, key: string, value: V, max = USER_CACHE_MAX): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/** How long Slack asked the bot to wait, when the error is its 429 (the client's WebAPIRateLimitedError). */
export function slackRetryAfterMs(error: unknown): number | undefined {
  const parsed = z.object({ code: z.literal(webApi.ErrorCode.RateLimitedError), retryAfter: z.number() }).safeParse(error);
  return parsed.success ? parsed.data.retryAfter * 1000 : undefined;
}

/** The error code of a failed Web API call ("not_in_channel"), if it was one. */
export function slackErrorCode(error: unknown): string | undefined {
  const parsed = z.object({ data: z.object({ error: z.string() }) }).safeParse(error);
  return parsed.success ? parsed.data.data.error : undefined;
}
