/**
 * Answers a review round through the Teams dialog invokes (task/fetch, then task/submit page by
 * page), as Teams itself would send them. For clients with no dialogs, such as the Microsoft 365
 * Agents Playground, and for the tests that check the bot against the Playground's connector.
 */
import { OPEN_ROUND } from '../src/channels/teams/actions.js';

/** Where the invokes appear to come from: a conversation and a member, in Teams' terms. */
export interface DialogOrigin {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  serviceUrl: string;
  tenantId: string;
  bot: { id: string; name: string };
  conversation: { id: string; conversationType: 'personal' | 'groupChat' | 'channel'; isGroup: boolean };
  team?: { id: string; name: string };
  from: { id: string; name: string };
  locale?: string;
}

type Json = Record<string, unknown>;

let sequence = 0;

/** Sends one invoke and returns the dialog card the bot answers with, if any. */
export async function invoke(origin: DialogOrigin, name: string, value: unknown): Promise<Json | undefined> {
  const activity = {
    type: 'invoke',
    name,
    value,
    id: `dialog-${Date.now()}-${sequence++}`,
    channelId: 'msteams',
    serviceUrl: origin.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: origin.locale ?? 'en-GB',
    from: origin.from,
    recipient: origin.bot,
    conversation: { ...origin.conversation, tenantId: origin.tenantId },
    channelData: { tenant: { id: origin.tenantId }, ...(origin.team ? { team: origin.team, channel: { id: origin.conversation.id } } : {}) },
  };
  const res = await fetch(origin.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  if (!res.ok) throw new Error(`the bot answered ${res.status} to ${name}`);
  const text = await res.text();
  const body = (text ? JSON.parse(text) : undefined) as { task?: { type?: string; value?: { card?: { content?: Json } } } } | undefined;
  return body?.task?.type === 'continue' ? body.task.value?.card?.content : undefined;
}

/** Every text a person would read on a card, in order. */
export function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (node === null || typeof node !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'text' || key === 'title' || key === 'label') && typeof value === 'string') out.push(value);
    else if (typeof value === 'object') out.push(...textsOf(value));
  }
  return out;
}

/** The inputs of a dialog page: input ids, their values and their choices. */
export function inputsOf(card: Json): { id: string; value?: unknown; choices: string[] }[] {
  const out: { id: string; value?: unknown; choices: string[] }[] = [];
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      out.push({ id: n.id, value: n.value, choices: Array.isArray(n.choices) ? n.choices.map((c) => String((c as { value?: unknown }).value)) : [] });
    }
  });
  return out;
}

/** The Action.Submit data on a card, with each button's title. */
export function actionsOf(card: Json): Json[] {
  const out: Json[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Submit' && n.data && typeof n.data === 'object') out.push({ ...(n.data as Json), title: n.title });
  });
  return out;
}

function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) return node.forEach((child) => walk(child, visit));
  if (node === null || typeof node !== 'object') return;
  visit(node as Json);
  Object.values(node).forEach((child) => walk(child, visit));
}

/**
 * Opens the dialog from the round card and answers every page: `choose` picks the answer of
 * each statement from its choices. Returns the titles of the pages it went through.
 */
export async function answerForm(origin: DialogOrigin, roundId: string | undefined, choose: (choices: string[], inputId: string) => string, comment = ''): Promise<string[]> {
  let card = await invoke(origin, 'task/fetch', { data: { msteams: { type: 'task/fetch' }, verb: 'answer', roundId: roundId ?? OPEN_ROUND }, context: { theme: 'default' } });
  const seen: string[] = [];
  for (let page = 0; card && page < 50; page++) {
    seen.push(textsOf(card).slice(0, 2).join(' — '));
    const actions = actionsOf(card);
    const save = actions.find((a) => a.verb === 'save');
    if (!save) {
      const done = actions.find((a) => a.verb === 'done');
      if (done) await invoke(origin, 'task/submit', { data: done, context: { theme: 'default' } });
      return seen;
    }
    const data: Json = { ...save };
    delete data.title;
    for (const input of inputsOf(card)) {
      if (input.choices.length && input.id.startsWith('answer:')) data[input.id] = input.value || choose(input.choices, input.id);
      else if (input.id === 'comment') data[input.id] = comment;
      else if (input.choices.length) data[input.id] = input.value || input.choices[input.choices.length - 1];
    }
    card = await invoke(origin, 'task/submit', { data, context: { theme: 'default' } });
  }
  return seen;
}
