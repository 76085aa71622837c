import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { RateWindows, retryAfterSeconds, type Window } from './rate-windows.js';

const jsonObject = z.record(z.string(), z.unknown());
const createBody = z.looseObject({ members: z.array(z.looseObject({ id: z.string() })).min(1) });

/** One call the bot made to the Bot Connector. */
export interface ConnectorCall {
  method: 'create' | 'send' | 'reply' | 'update' | 'upload';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** The Authorization header the bot sent, if any. */
  authorization?: string;
}

export interface Member {
  id: string;
  name: string;
}

export interface ConnectorOptions {
  /** How long each answer takes; the real connector takes 100–300 ms. Calls are recorded on arrival. */
  latencyMs?: number;
  /** Members per page when the bot asks for none (the real default and maximum are 500). */
  pageSize?: number;
  /** Answer 429 past Teams' published limits (off by default so that tests stay fast). */
  limits?: boolean;
}

/**
 * Teams' limits for a bot, as published in "Optimize your bot with rate limiting in Teams"
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit):
 * per bot per thread, for sending, updating and roster operations alike, 7 per 1 s, 8 per 2 s,
 * 60 per 30 s and 1,800 per 3,600 s; and 50 requests per second per app per tenant.
 */
export const TEAMS_THREAD_LIMITS: readonly Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];
export const TEAMS_TENANT_LIMITS: readonly Window[] = [{ limit: 50, ms: 1_000 }];

/**
 * A loopback Bot Connector: the `serviceUrl` test activities carry. It records every activity
 * the bot sends or updates and answers the REST calls botbuilder makes: send and reply to
 * activities, update an activity, create a 1:1 conversation, list members (paged), get one
 * member, and a PUT upload address standing in for OneDrive in the file consent flow.
 * It refuses what the real service refuses, with the real status and error code: a continuation
 * token it did not issue (even an empty one), an activity it never posted, a member of another
 * conversation, and any call in a conversation the bot was removed from.
 */
export class BotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversation id → its members, for roster requests. */
  readonly members = new Map<string, Member[]>();
  /** Conversations the bot has been removed from. */
  readonly removed = new Set<string>();
  /** Refusals sent, as "status code" strings, for tests that check the bot stayed within the rules. */
  readonly refusals: string[] = [];
  /** A test's own refusal for a call (method and path), answered before anything else. */
  refuseWhen?: (method: string, path: string) => { status: number; code: string; message: string } | undefined;
  /** 429s answered, by the limits or by throttleNext. */
  rateLimited = 0;
  private readonly windows = new RateWindows();
  private forced: { left: number; retryAfter: number; when: (method: string, path: string) => boolean } | undefined;
  private readonly activities = new Map<string, Set<string>>();
  private readonly tokens = new Map<string, { conversationId: string; offset: number }>();
  private server?: Server;
  private next = 1;
  url = '';

  constructor(private readonly options: ConnectorOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address: AddressInfo | string | null = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the fake connector is not listening');
    this.url = `http://127.0.0.1:${address.port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answers the next `count` connector calls that match `when` with 429 and `Retry-After: retryAfter` seconds. */
  throttleNext(count: number, retryAfter = 1, when: (method: string, path: string) => boolean = () => true): void {
    this.forced = { left: count, retryAfter, when };
  }

  /** The 1:1 conversation id the fake gives a member. */
  personalChatOf(memberId: string): string {
    return `a:personal-${memberId}`;
  }

  /** Activities posted (sent or replied) to a conversation, oldest first. */
  posted(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => (c.method === 'send' || c.method === 'reply') && c.conversationId === conversationId);
  }

  /** Updates of one activity, oldest first. */
  updates(activityId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'update' && c.activityId === activityId);
  }

  /** Every text a member received in their personal chat with the bot, a message's paragraphs joined by blank lines. */
  privateTexts(memberId: string): string[] {
    return this.posted(this.personalChatOf(memberId)).map(readable);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const raw = await readBody(req);
    const authorization = req.headers.authorization;
    const record = (call: Omit<ConnectorCall, 'authorization'>) => this.calls.push({ ...call, ...(authorization ? { authorization } : {}) });
    const range = String(req.headers['content-range'] ?? '');
    const retryAfter = this.throttled(req.method ?? 'GET', parts, authorization);
    if (retryAfter !== undefined) {
      this.rateLimited++;
      // Teams answers a throttled call with 429 and the seconds to wait in Retry-After.
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Too many requests. Please retry after some time.' } }));
      return;
    }
    const answer = await this.route(req.method ?? 'GET', parts, url.searchParams, raw, range, record);
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    if (answer.status >= 400) this.refusals.push(`${answer.status} ${(answer.body as { error?: { code?: string } }).error?.code ?? ''}`);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private async route(
    method: string,
    parts: string[],
    query: URLSearchParams,
    raw: Buffer,
    range: string,
    record: (call: Omit<ConnectorCall, 'authorization'>) => void,
  ): Promise<{ status: number; body: unknown }> {
    const ok = (body: unknown) => ({ status: 200, body });
    const own = this.refuseWhen?.(method, `/${parts.join('/')}`);
    if (own) return refuse(own.status, own.code, own.message);
    if (method === 'PUT' && parts[0] === 'upload') {
      record({ method: 'upload', conversationId: parts[1] ?? '', body: { size: raw.length, text: raw.toString('utf8'), range } });
      return { status: 201, body: { id: 'uploaded' } };
    }
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return refuse(404, 'NotFound', 'not a connector path');
    const body = raw.length ? jsonObject.parse(JSON.parse(raw.toString('utf8'))) : {};
    const conversationId = parts[2];
    if (method === 'POST' && conversationId === undefined) {
      const id = this.personalChatOf(createBody.parse(body).members[0]!.id);
      record({ method: 'create', conversationId: id, body });
      return ok({ id });
    }
    if (conversationId === undefined) return refuse(404, 'NotFound', 'no conversation');
    const base = conversationId.split(';')[0]!;
    if (this.removed.has(base)) return refuse(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
    if (method === 'POST' && parts[3] === 'activities') {
      const id = `act-${this.next++}`;
      this.activitiesOf(base).add(id);
      if (parts[4] === undefined) record({ method: 'send', conversationId, activityId: id, body });
      else record({ method: 'reply', conversationId, activityId: id, body: { ...body, replyToId: parts[4] } });
      return ok({ id });
    }
    if (method === 'PUT' && parts[3] === 'activities' && parts[4] !== undefined) {
      if (!this.activitiesOf(base).has(parts[4])) return refuse(404, 'ActivityNotFoundInConversation', 'Message does not exist in the thread.');
      record({ method: 'update', conversationId, activityId: parts[4], body });
      return ok({ id: parts[4] });
    }
    const members = this.members.get(base) ?? [];
    if (method === 'GET' && parts[3] === 'members' && parts[4] !== undefined) {
      const member = members.find((m) => m.id === parts[4]);
      return member ? ok(member) : refuse(404, 'MemberNotFoundInConversation', 'The member is not found in conversation.');
    }
    if (method === 'GET' && parts[3] === 'members') return ok(members);
    if (method === 'GET' && parts[3] === 'pagedmembers') {
      let offset = 0;
      if (query.has('continuationToken')) {
        const token = this.tokens.get(query.get('continuationToken') ?? '');
        if (!token || token.conversationId !== base) return refuse(403, 'BadArgument', 'Failed to decrypt members continuationToken');
        offset = token.offset;
      }
      const size = Math.min(Number(query.get('pageSize') ?? this.options.pageSize ?? 500) || 500, 500);
      const page = members.slice(offset, offset + size);
      if (offset + size >= members.length) return ok({ members: page });
      const continuationToken = `ct-${this.next++}`;
      this.tokens.set(continuationToken, { conversationId: base, offset: offset + size });
      return ok({ members: page, continuationToken });
    }
    return refuse(404, 'NotFound', `no route for ${method} /${parts.join('/')}`);
  }

  /** Seconds to wait, when this call is over a limit (forced or published); the call is not counted then. */
  private throttled(method: string, parts: string[], authorization: string | undefined): number | undefined {
    if (parts[0] !== 'v3') return undefined;
    const path = `/${parts.join('/')}`;
    if (this.forced && this.forced.left > 0 && this.forced.when(method, path)) {
      this.forced.left--;
      return this.forced.retryAfter;
    }
    if (!this.options.limits) return undefined;
    // One fake connector stands for one tenant's service; the app is the bearer token's.
    const tenantWait = this.windows.take(`app ${authorization ?? ''}`, TEAMS_TENANT_LIMITS);
    if (tenantWait) return retryAfterSeconds(tenantWait);
    const thread = parts[2]?.split(';')[0];
    if (thread === undefined) return undefined;
    const threadWait = this.windows.take(`thread ${thread}`, TEAMS_THREAD_LIMITS);
    return threadWait ? retryAfterSeconds(threadWait) : undefined;
  }

  /** An activity posted before this fake started (a stored round card), so that updating it succeeds. */
  knowActivity(conversationId: string, activityId: string): void {
    this.activitiesOf(conversationId.split(';')[0]!).add(activityId);
  }

  private activitiesOf(conversationId: string): Set<string> {
    let ids = this.activities.get(conversationId);
    if (!ids) this.activities.set(conversationId, (ids = new Set()));
    return ids;
  }
}

/** What a person reads in a message: its text, or its cards' texts in order, one paragraph each. */
export function readable(call: ConnectorCall): string {
  if (typeof call.body.text === 'string') return call.body.text;
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'text' || key === 'title') && typeof value === 'string') texts.push(value);
      else if (key !== 'summary') walk(value);
    }
  };
  walk(call.body.attachments);
  return texts.length ? texts.join('\n\n') : JSON.stringify(call.body.attachments);
}

/** The Bot Connector's error body. */
function refuse(status: number, code: string, message: string): { status: number; body: unknown } {
  return { status, body: { error: { code, message } } };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}
