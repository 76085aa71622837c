import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

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

/**
 * A loopback Bot Connector: the `serviceUrl` test activities carry. It records every activity
 * the bot sends or updates and answers the REST calls botbuilder makes: send and reply to
 * activities, update an activity, create a 1:1 conversation, list members (paged), and a PUT
 * upload address standing in for OneDrive in the file consent flow.
 */
export class BotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversation id → its members, for roster requests. */
  readonly members = new Map<string, Member[]>();
  private server?: Server;
  private next = 1;
  url = '';

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

  /** Every text a member received in their personal chat with the bot. */
  privateTexts(memberId: string): string[] {
    return this.posted(this.personalChatOf(memberId)).map((c) => (typeof c.body.text === 'string' ? c.body.text : JSON.stringify(c.body.attachments)));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const raw = await readBody(req);
    const authorization = req.headers.authorization;
    const record = (call: Omit<ConnectorCall, 'authorization'>) => this.calls.push({ ...call, ...(authorization ? { authorization } : {}) });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'PUT' && parts[0] === 'upload') {
      record({ method: 'upload', conversationId: parts[1] ?? '', body: { size: raw.length, text: raw.toString('utf8'), range: req.headers['content-range'] ?? '' } });
      return json(201, { id: 'uploaded' });
    }
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return json(404, { error: 'not a connector path' });
    const body = raw.length ? jsonObject.parse(JSON.parse(raw.toString('utf8'))) : {};
    const conversationId = parts[2];
    if (req.method === 'POST' && conversationId === undefined) {
      const id = this.personalChatOf(createBody.parse(body).members[0]!.id);
      record({ method: 'create', conversationId: id, body });
      return json(200, { id });
    }
    if (conversationId === undefined) return json(404, { error: 'no conversation' });
    if (req.method === 'POST' && parts[3] === 'activities' && parts[4] === undefined) {
      const id = `act-${this.next++}`;
      record({ method: 'send', conversationId, activityId: id, body });
      return json(200, { id });
    }
    if (req.method === 'POST' && parts[3] === 'activities' && parts[4] !== undefined) {
      const id = `act-${this.next++}`;
      record({ method: 'reply', conversationId, activityId: id, body: { ...body, replyToId: parts[4] } });
      return json(200, { id });
    }
    if (req.method === 'PUT' && parts[3] === 'activities' && parts[4] !== undefined) {
      record({ method: 'update', conversationId, activityId: parts[4], body });
      return json(200, { id: parts[4] });
    }
    if (req.method === 'GET' && (parts[3] === 'members' || parts[3] === 'pagedmembers')) {
      const members = this.members.get(conversationId) ?? [];
      return json(200, parts[3] === 'members' ? members : { members });
    }
    return json(404, { error: `no route for ${req.method} ${url.pathname}` });
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}
