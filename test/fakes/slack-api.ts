/**
 * A loopback stand-in for the Slack Web API. The real @slack/web-api client (inside Bolt and
 * the channel) talks to it over HTTP through SLACK_API_URL. It records every call, answers
 * the way Slack does (`ok: false` with Slack's error names), and checks blocks and views
 * against Block Kit's limits independently of the code under test, so a message Slack would
 * refuse is refused here too. It also takes `response_url` posts and file uploads.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateWindows, retryAfterSeconds, type Window } from './rate-windows.js';

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
  locale?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  members: string[];
}

export interface Call {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

export interface StoredView {
  id: string;
  hash: string;
  view: Record<string, unknown>;
  /** The trigger_id the view was opened with. */
  trigger?: string;
}

type Json = Record<string, unknown>;
type Answer = Json & { ok: boolean };

/** What the fake found wrong with some blocks, as Slack words it. */
type Problems = string[];

const MESSAGE_BLOCKS = 50;
const MODAL_BLOCKS = 100;
const TOTAL_TEXT = 12_000;

function textLength(text: unknown): number {
  return typeof text === 'string' ? text.length : 0;
}

function checkText(obj: unknown, where: string, max: number, problems: Problems): void {
  if (!obj || typeof obj !== 'object') {
    problems.push(`missing text object [json-pointer:${where}]`);
    return;
  }
  const o = obj as Json;
  if (o.type !== 'plain_text' && o.type !== 'mrkdwn') problems.push(`invalid text type [json-pointer:${where}/type]`);
  const length = textLength(o.text);
  if (length < 1) problems.push(`must be at least 1 character [json-pointer:${where}/text]`);
  if (length > max) problems.push(`must be less than ${max + 1} characters [json-pointer:${where}/text]`);
}

function checkOptions(options: unknown, where: string, maxCount: number, problems: Problems): string[] {
  if (!Array.isArray(options)) {
    problems.push(`options required [json-pointer:${where}/options]`);
    return [];
  }
  if (options.length > maxCount) problems.push(`no more than ${maxCount} items allowed [json-pointer:${where}/options]`);
  return options.map((o: Json, i) => {
    checkText(o.text, `${where}/options/${i}/text`, 75, problems);
    if (typeof o.value !== 'string' || o.value.length < 1 || o.value.length > 150) problems.push(`invalid option value [json-pointer:${where}/options/${i}/value]`);
    return String(o.value);
  });
}

function checkElement(el: Json, where: string, problems: Problems): void {
  switch (el.type) {
    case 'button':
      checkText(el.text, `${where}/text`, 75, problems);
      if (textLength(el.value) > 2000) problems.push(`value too long [json-pointer:${where}/value]`);
      break;
    case 'radio_buttons':
    case 'static_select': {
      const values = checkOptions(el.options, where, el.type === 'radio_buttons' ? 10 : 100, problems);
      const initial = el.initial_option as Json | undefined;
      if (initial && !values.includes(String(initial.value))) problems.push(`initial_option must match an option [json-pointer:${where}/initial_option]`);
      break;
    }
    case 'plain_text_input': {
      const max = typeof el.max_length === 'number' ? el.max_length : 3000;
      if (max > 3000) problems.push(`max_length must be at most 3000 [json-pointer:${where}/max_length]`);
      if (textLength(el.initial_value) > max) problems.push(`initial_value longer than max_length [json-pointer:${where}/initial_value]`);
      break;
    }
    default:
      problems.push(`unsupported element type ${String(el.type)} [json-pointer:${where}]`);
  }
}

/** Checks blocks as Slack would for a message (`surface: 'message'`) or a modal. */
export function checkBlocks(blocks: unknown, surface: 'message' | 'modal'): Problems {
  const problems: Problems = [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const max = surface === 'message' ? MESSAGE_BLOCKS : MODAL_BLOCKS;
  if (blocks.length > max) problems.push(`no more than ${max} items allowed [json-pointer:/blocks]`);
  const ids = new Set<string>();
  blocks.forEach((b: Json, i) => {
    const at = `/blocks/${i}`;
    if (typeof b.block_id === 'string') {
      if (ids.has(b.block_id)) problems.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      if (b.block_id.length > 255) problems.push(`block_id too long [json-pointer:${at}/block_id]`);
      ids.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        checkText(b.text, `${at}/text`, 150, problems);
        if ((b.text as Json | undefined)?.type !== 'plain_text') problems.push(`header text must be plain_text [json-pointer:${at}/text]`);
        break;
      case 'section':
        if (b.text) checkText(b.text, `${at}/text`, 3000, problems);
        if (b.fields) {
          const f = b.fields as unknown[];
          if (f.length > 10) problems.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
          f.forEach((x, j) => checkText(x, `${at}/fields/${j}`, 2000, problems));
        }
        if (!b.text && !b.fields) problems.push(`section needs text or fields [json-pointer:${at}]`);
        if (b.accessory) checkElement(b.accessory as Json, `${at}/accessory`, problems);
        break;
      case 'context': {
        const els = b.elements as unknown[];
        if (!Array.isArray(els) || els.length < 1 || els.length > 10) problems.push(`context holds 1 to 10 elements [json-pointer:${at}/elements]`);
        (els ?? []).forEach((x, j) => checkText(x, `${at}/elements/${j}`, 3000, problems));
        break;
      }
      case 'actions': {
        const els = b.elements as Json[];
        if (!Array.isArray(els) || els.length < 1 || els.length > 25) problems.push(`actions hold 1 to 25 elements [json-pointer:${at}/elements]`);
        (els ?? []).forEach((x, j) => checkElement(x, `${at}/elements/${j}`, problems));
        break;
      }
      case 'divider':
        break;
      case 'input':
        if (surface !== 'modal') problems.push(`input blocks only in modals [json-pointer:${at}]`);
        checkText(b.label, `${at}/label`, 2000, problems);
        if (b.hint) checkText(b.hint, `${at}/hint`, 2000, problems);
        checkElement(b.element as Json, `${at}/element`, problems);
        break;
      default:
        problems.push(`unsupported block type ${String(b.type)} [json-pointer:${at}]`);
    }
  });
  return problems;
}

/** The characters of text in blocks, as Slack totals them for `msg_blocks_too_long`. */
export function totalText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + totalText(v), 0);
  if (value && typeof value === 'object') return Object.entries(value).reduce((n, [k, v]) => n + (k === 'text' && typeof v === 'string' ? v.length : totalText(v)), 0);
  return 0;
}

/** Checks a modal view as views.open / views.update / views.push would. */
export function checkView(view: unknown): Problems {
  if (!view || typeof view !== 'object') return ['view required'];
  const v = view as Json;
  const problems: Problems = [];
  if (v.type !== 'modal') problems.push('view type must be modal [json-pointer:/view/type]');
  checkText(v.title, '/view/title', 24, problems);
  if (v.submit) checkText(v.submit, '/view/submit', 24, problems);
  if (v.close) checkText(v.close, '/view/close', 24, problems);
  if (textLength(v.private_metadata) > 3000) problems.push('private_metadata too long [json-pointer:/view/private_metadata]');
  if (textLength(v.callback_id) > 255) problems.push('callback_id too long [json-pointer:/view/callback_id]');
  const blocks = v.blocks as unknown[];
  if (Array.isArray(blocks) && blocks.some((b) => (b as Json).type === 'input') && !v.submit) problems.push('a view with inputs needs a submit button [json-pointer:/view/submit]');
  problems.push(...checkBlocks(blocks, 'modal'));
  return problems;
}

/**
 * Slack's Web API limits, per method per workspace per app, from "Rate limits"
 * (https://docs.slack.dev/apis/web-api/rate-limits): Tier 3 is 50+ per minute, Tier 4 100+
 * per minute; chat.postMessage generally allows one message per second per channel (its own
 * special tier, https://docs.slack.dev/reference/methods/chat.postMessage). Each method's
 * tier is on its reference page: chat.update Tier 3
 * (https://docs.slack.dev/reference/methods/chat.update), conversations.open Tier 3
 * (https://docs.slack.dev/reference/methods/conversations.open), conversations.members
 * Tier 4 (https://docs.slack.dev/reference/methods/conversations.members), users.info Tier 4
 * (https://docs.slack.dev/reference/methods/users.info). The tiers' floors are used: what
 * Slack promises, not what it may allow on a good day.
 */
const TIER_3: readonly Window[] = [{ limit: 50, ms: 60_000 }];
const TIER_4: readonly Window[] = [{ limit: 100, ms: 60_000 }];
export const SLACK_LIMITS: Readonly<Record<string, { windows: readonly Window[]; perChannel?: boolean }>> = {
  // "Short bursts >1 allowed" (the rate limits page): three at once, one a second over a minute.
  'chat.postMessage': { windows: [{ limit: 3, ms: 1_000 }, { limit: 60, ms: 60_000 }], perChannel: true },
  'chat.update': { windows: TIER_3 },
  'conversations.open': { windows: TIER_3 },
  'conversations.members': { windows: TIER_4 },
  'users.info': { windows: TIER_4 },
};

/** The arguments the Web API client sends as JSON inside a form. */
const JSON_ARGS = new Set(['blocks', 'view', 'files', 'attachments', 'metadata']);

function parseArgs(raw: string, contentType: string | undefined): Json {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}') as Json;
  const args: Json = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The client sends objects and arrays as JSON strings.
    args[k] = JSON_ARGS.has(k) ? (JSON.parse(v) as unknown) : v;
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The loopback Slack Web API. */
export class FakeSlackApi {
  readonly token: string;
  readonly teamId = 'T0ASESU';
  readonly bot = { userId: 'UBOTASESU', botId: 'BASESU' };
  readonly calls: Call[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, { channel: string; ts: string; text: string; blocks: unknown[] }>();
  readonly views = new Map<string, StoredView>();
  readonly uploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  /** Members per page of conversations.members, small so that paging is exercised. */
  pageSize = 2;
  /** Milliseconds to wait before answering a method, to stand for a slow Slack. */
  readonly delays = new Map<string, number>();
  /** Slack errors to answer for a method instead of its result, once each. */
  readonly failNext = new Map<string, string>();
  /** 429s answered, by the limits or by throttleNext. */
  rateLimited = 0;
  /** 429s answered, by method. */
  readonly rateLimitedBy = new Map<string, number>();
  private readonly limits: boolean;
  private readonly windows = new RateWindows();
  /** Forced 429s still to answer, by method ('' for any method). */
  private readonly forced = new Map<string, { left: number; retryAfter: number }>();
  private server: Server | undefined;
  private counter = 0;
  url = '';

  /** `limits: true` answers 429 past Slack's published limits (off by default so that tests stay fast). */
  constructor(options: { token?: string; limits?: boolean } = {}) {
    this.token = options.token ?? 'xoxb-fake-token';
    this.limits = options.limits ?? false;
    this.users.set(this.bot.userId, { id: this.bot.userId, name: 'asesu', isBot: true });
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'fatal_error', detail: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addUser(user: FakeUser): FakeUser {
    this.users.set(user.id, user);
    return user;
  }

  addChannel(channel: FakeChannel): FakeChannel {
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** A URL for a slash command or action's `response_url`; posts to it are recorded as `response_url` calls. */
  responseUrl(): string {
    return `${this.url}/respond/${++this.counter}`;
  }

  /** Answers the next `count` calls (of `method`, or of any method) with 429 and `Retry-After: retryAfter` seconds. */
  throttleNext(count: number, retryAfter = 1, method?: string): void {
    this.forced.set(method ?? '', { left: count, retryAfter });
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until a call matching `test` has been recorded (or fails after `ms`). */
  async waitFor(method: string, test: (args: Record<string, unknown>) => boolean = () => true, ms = 5_000): Promise<Call> {
    const end = Date.now() + ms;
    for (;;) {
      const found = this.calls.find((c) => c.method === method && test(c.args));
      if (found) return found;
      if (Date.now() > end) throw new Error(`no ${method} call arrived within ${ms} ms; calls so far: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The view opened with a trigger (after views.open arrived). */
  async viewOpenedBy(trigger: string): Promise<StoredView> {
    await this.waitFor('views.open', (a) => a.trigger_id === trigger);
    const found = [...this.views.values()].find((v) => v.trigger === trigger);
    if (!found) throw new Error(`views.open with ${trigger} was refused`);
    return found;
  }

  /** What Slack does with a view submission's `response_action: update`: the view changes and gets a new hash. */
  applyViewUpdate(viewId: string, view: Record<string, unknown>): StoredView {
    const problems = checkView(view);
    if (problems.length) throw new Error(`Slack would refuse this view: ${problems.join('; ')}`);
    const stored = { id: viewId, hash: this.newHash(), view };
    this.views.set(viewId, stored);
    return stored;
  }

  private newHash(): string {
    return `${Date.now()}.${randomBytes(4).toString('hex')}`;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith('/respond/')) {
      this.calls.push({ method: 'response_url', args: { ...parseArgs(raw.toString('utf8'), req.headers['content-type']), url: path }, at: Date.now() });
      send(200, { ok: true });
      return;
    }
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      const upload = this.uploads.get(id);
      if (!upload) return send(404, { ok: false });
      upload.bytes = await fileBytes(raw, req.headers['content-type']);
      this.calls.push({ method: 'upload', args: { file_id: id, bytes: upload.bytes.length }, at: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${upload.bytes.length}`);
      return;
    }
    if (!path.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw.toString('utf8'), req.headers['content-type']);
    const auth = req.headers.authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : '');
    // A throttled call is not recorded: Slack did nothing with it.
    const retryAfter = auth === `Bearer ${this.token}` ? this.throttled(method, args) : undefined;
    if (retryAfter === undefined) this.calls.push({ method, args, at: Date.now() });
    if (auth !== `Bearer ${this.token}`) return send(200, { ok: false, error: 'invalid_auth' });
    if (retryAfter !== undefined) {
      this.rateLimited++;
      this.rateLimitedBy.set(method, (this.rateLimitedBy.get(method) ?? 0) + 1);
      // How Slack answers a call over its limit: 429, Retry-After in seconds, and this body.
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const delay = this.delays.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      return send(200, { ok: false, error: failure });
    }
    send(200, this.answer(method, args));
  }

  /** Seconds to wait, when this call is over a limit (forced or published); the call is not counted then. */
  private throttled(method: string, args: Json): number | undefined {
    const forced = this.forced.get(method) ?? this.forced.get('');
    if (forced && forced.left > 0) {
      forced.left--;
      return forced.retryAfter;
    }
    const limit = this.limits ? SLACK_LIMITS[method] : undefined;
    if (!limit) return undefined;
    const key = limit.perChannel ? `${method} ${typeof args.channel === 'string' ? args.channel : ''}` : method;
    const wait = this.windows.take(key, limit.windows);
    return wait ? retryAfterSeconds(wait) : undefined;
  }

  private answer(method: string, a: Json): Answer {
    const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://asesu-test.slack.com/', team: 'Asesu test', user: 'asesu', team_id: this.teamId, user_id: this.bot.userId, bot_id: this.bot.botId };
      case 'users.info': {
        const u = this.users.get(str('user'));
        if (!u) return { ok: false, error: 'user_not_found' };
        const withLocale = a.include_locale === 'true' || a.include_locale === true;
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: this.teamId,
            name: u.name,
            deleted: u.deleted ?? false,
            real_name: u.realName ?? u.name,
            is_bot: u.isBot ?? false,
            is_app_user: false,
            profile: { real_name: u.realName ?? u.name, display_name: u.displayName ?? '' },
            ...(withLocale && u.locale ? { locale: u.locale } : {}),
          },
        };
      }
      case 'conversations.members': {
        const c = this.channels.get(str('channel'));
        if (!c) return { ok: false, error: 'channel_not_found' };
        // Slack refuses a cursor it did not give out.
        if (str('cursor') && !/^page-\d+$/.test(str('cursor'))) return { ok: false, error: 'invalid_cursor' };
        const start = Number(str('cursor').replace('page-', '') || 0);
        const limit = Math.min(Number(a.limit ?? 100), this.pageSize);
        const members = c.members.slice(start, start + limit);
        const next = start + limit < c.members.length ? `page-${start + limit}` : '';
        return { ok: true, members, response_metadata: { next_cursor: next } };
      }
      case 'conversations.info': {
        const c = this.channels.get(str('channel'));
        if (!c) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { id: c.id, name: c.name, is_channel: true, is_member: c.members.includes(this.bot.userId) } };
      }
      case 'conversations.open': {
        const users = str('users');
        if (!users || users.includes(',') || !this.users.has(users)) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${users}` } };
      }
      case 'chat.postMessage':
      case 'chat.update':
      case 'chat.postEphemeral': {
        const channel = str('channel');
        const isDm = channel.startsWith('D');
        const c = this.channels.get(channel);
        if (!isDm && !c) return { ok: false, error: 'channel_not_found' };
        if (c && !c.members.includes(this.bot.userId)) return { ok: false, error: 'not_in_channel' };
        if (!str('text') && !a.blocks) return { ok: false, error: 'no_text' };
        if (a.blocks !== undefined) {
          const problems = checkBlocks(a.blocks, 'message');
          if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
          if (totalText(a.blocks) > TOTAL_TEXT) return { ok: false, error: 'msg_blocks_too_long' };
        }
        if (method === 'chat.postEphemeral') return { ok: true, message_ts: this.ts() };
        if (method === 'chat.update') {
          const found = this.messages.get(`${channel}/${str('ts')}`);
          if (!found) return { ok: false, error: 'message_not_found' };
          found.text = str('text');
          found.blocks = (a.blocks as unknown[]) ?? [];
          return { ok: true, channel, ts: found.ts, text: found.text };
        }
        const ts = this.ts();
        this.messages.set(`${channel}/${ts}`, { channel, ts, text: str('text'), blocks: (a.blocks as unknown[]) ?? [] });
        return { ok: true, channel, ts, message: { text: str('text'), ts } };
      }
      case 'views.open':
      case 'views.push': {
        if (!str('trigger_id')) return { ok: false, error: 'invalid_trigger_id' };
        const problems = checkView(a.view);
        if (problems.length) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
        const id = `V${String(++this.counter).padStart(6, '0')}`;
        const stored = { id, hash: this.newHash(), view: a.view as Json, trigger: str('trigger_id') };
        this.views.set(id, stored);
        return { ok: true, view: { ...stored.view, id, hash: stored.hash, state: { values: {} } } };
      }
      case 'views.update': {
        const stored = this.views.get(str('view_id'));
        if (!stored) return { ok: false, error: 'not_found' };
        if (str('hash') && str('hash') !== stored.hash) return { ok: false, error: 'hash_conflict' };
        const problems = checkView(a.view);
        if (problems.length) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
        const next = this.applyViewUpdate(stored.id, a.view as Json);
        return { ok: true, view: { ...next.view, id: next.id, hash: next.hash, state: { values: {} } } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(a.length);
        if (!str('filename') || !Number.isInteger(length) || length < 1) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++this.counter).padStart(6, '0')}`;
        this.uploads.set(id, { filename: str('filename'), length });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(a.files) ? a.files : []) as Json[];
        const out = [];
        for (const f of files) {
          const upload = this.uploads.get(String(f.id));
          if (!upload?.bytes) return { ok: false, error: 'file_not_found' };
          out.push({ id: f.id, title: f.title ?? upload.filename, name: upload.filename });
        }
        const channel = str('channel_id');
        if (channel && !channel.startsWith('D') && !this.channels.has(channel)) return { ok: false, error: 'channel_not_found' };
        return { ok: true, files: out };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private ts(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.counter).padStart(6, '0')}`;
  }
}

/** The uploaded file's bytes: the body itself, or the file part of a multipart form. */
async function fileBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}
