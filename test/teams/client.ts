import { createSign, generateKeyPairSync } from 'node:crypto';
import { INVOKE, VERB } from '../../src/channels/teams/actions.js';
import type { BotConnector, ConnectorCall } from '../fakes/bot-connector.js';
import { actionsOf, inputsOf, textsOf } from '../../scripts/teams-dialog.js';

export { actionsOf, inputsOf, textsOf };

export const BOT = { id: '28:asesu-bot', name: 'asesu' };
export const TENANT = 'tenant-0001';
export const CHANNEL = '19:partnership@thread.tacv2';

export interface User {
  id: string;
  name: string;
  locale?: string;
}

export function user(name: string, locale = 'en-GB'): User {
  return { id: `29:${name.toLowerCase()}`, name, locale };
}

/** Sends Bot Framework activities to the app as Teams would, from a channel whose serviceUrl is the fake connector. */
export class TeamsClient {
  private next = 1;

  constructor(
    readonly appUrl: string,
    readonly connector: BotConnector,
    readonly conversation = { id: CHANNEL, conversationType: 'channel', isGroup: true },
  ) {}

  activity(from: User, fields: Record<string, unknown>, thread?: string): Record<string, unknown> {
    return {
      id: `f:${this.next++}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: `aad-${from.id}` },
      recipient: BOT,
      conversation: { ...this.conversation, tenantId: TENANT, id: thread ? `${this.conversation.id};messageid=${thread}` : this.conversation.id },
      locale: from.locale,
      channelData: { tenant: { id: TENANT }, team: { id: CHANNEL, name: 'Wales Social Partnership' }, channel: { id: CHANNEL } },
      ...fields,
    };
  }

  async send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.appUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  install(by: User) {
    return this.send(this.activity(by, { type: 'conversationUpdate', membersAdded: [BOT] }));
  }

  say(by: User, text: string, mentions: User[] = []) {
    const at = (u: { name: string }) => `<at>${u.name}</at>`;
    const inConversation = this.conversation.conversationType !== 'personal';
    return this.send(
      this.activity(
        by,
        {
          type: 'message',
          text: inConversation ? `${at(BOT)} ${text}${mentions.map((m) => ` ${at(m)}`).join('')}` : text,
          entities: [
            ...(inConversation ? [{ type: 'mention', text: at(BOT), mentioned: BOT }] : []),
            ...mentions.map((m) => ({ type: 'mention', text: at(m), mentioned: { id: m.id, name: m.name } })),
          ],
        },
        inConversation ? `thread-${this.next}` : undefined,
      ),
    );
  }

  /** Clicks Answer on the round card: the invoke comes from the card's thread. */
  openDialog(by: User, roundId: string, cardActivityId = 'card') {
    return this.invoke(by, INVOKE.taskFetch, { data: { msteams: { type: 'task/fetch' }, verb: VERB.answer, roundId }, context: { theme: 'default' } }, cardActivityId);
  }

  submit(by: User, data: Record<string, unknown>, id?: string) {
    const activity = this.activity(by, { type: 'invoke', name: INVOKE.taskSubmit, value: { data, context: { theme: 'default' } } }, 'card');
    return this.send(id ? { ...activity, id } : activity);
  }

  invoke(by: User, name: string, value: unknown, thread = 'card') {
    return this.send(this.activity(by, { type: 'invoke', name, value }, thread));
  }
}

/** The Adaptive Card in a dialog response, or undefined. */
export function dialogCard(body: unknown): Record<string, unknown> | undefined {
  const task = (body as { task?: { type?: string; value?: { card?: { content?: Record<string, unknown> } } } } | undefined)?.task;
  return task?.type === 'continue' ? task.value?.card?.content : undefined;
}

/** The Adaptive Card of a recorded activity. */
export function cardOf(call: ConnectorCall | undefined): Record<string, unknown> | undefined {
  const attachments = call?.body.attachments;
  if (!Array.isArray(attachments)) return undefined;
  const first: unknown = attachments[0];
  return (first as { content?: Record<string, unknown> } | undefined)?.content;
}

/** The paragraphs of a reply card, one per block, its lines joined by newlines. */
export function paragraphsOf(call: ConnectorCall): string[] {
  const body = cardOf(call)?.body;
  return Array.isArray(body) ? body.map((block) => textsOf(block).join('\n')) : [];
}

/** A token that looks like one from the Bot Framework but is signed with a key of our own. */
export function forgedToken(appId: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' })}.${b64({ iss: 'https://api.botframework.com', aud: appId, iat: now, nbf: now - 60, exp: now + 3600, serviceurl: 'http://127.0.0.1/' })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}
