import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Framework } from '../domain/framework.js';
import type { MemberRef, Partnership, Platform } from '../domain/model.js';
import { isSecretariat } from '../domain/partnership.js';
import type { Language } from '../domain/text.js';
import type { Translator } from '../i18n/translator.js';
import type { Pseudonymise } from '../store/member-key.js';
import type { Change, Store } from '../store/store.js';
import type { FrameworkRegistry } from './frameworks.js';
import type { ChannelPort, Clock } from './ports.js';
import type { Refusal } from './results.js';

/** Everything the services need, passed in once. */
export interface Deps {
  store: Store;
  /** Filled in by the composition root as each channel starts. */
  channels: Map<Platform, ChannelPort>;
  clock: Clock;
  frameworks: FrameworkRegistry;
  pseudonymise: Pseudonymise;
  translator: Translator;
  log: Logger;
  defaults: { language: Language; timeZone: string };
  /** Random round ids; tests may fix them. */
  newId?: () => string;
}

/** Where a request came from: the platform and the conversation, in the channel's terms. */
export interface Where {
  platform: Platform;
  /** A stable key for the conversation (a Teams conversation id, a Slack team and channel). */
  key: string;
  /** What the channel needs to reach the conversation later; stored as it is. */
  address: Partnership['address'];
  name?: string | undefined;
}

/** The person making a request, as the platform names them. The raw id is never logged or stored with answers. */
export type Actor = MemberRef;

/** A partnership's id (and file name) from its conversation: the platform and a hash of the key. */
export function partnershipId(platform: Platform, key: string): string {
  return `${platform}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** The platform a partnership id was made for (see partnershipId). */
export function platformOfId(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf('-')));
}

export function newRoundId(): string {
  return randomBytes(8).toString('hex');
}

export function channelOf(deps: Deps, p: Partnership): ChannelPort {
  const channel = deps.channels.get(p.platform);
  if (!channel) throw new Error(`the ${p.platform} channel is not running`);
  return channel;
}

export function frameworkFor(deps: Deps, id: string): Framework | Refusal {
  return deps.frameworks.get(id) ?? { kind: 'refused', reason: 'unknownFramework', frameworkId: id };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'refused';
}

export const NOT_SECRETARIAT: Refusal = { kind: 'refused', reason: 'notSecretariat' };

/**
 * A change that only the secretariat may make: a partner gets a polite refusal and nothing
 * is written. The check runs inside the store's lock, so it sees the latest secretariat.
 */
export function bySecretariat<R>(actor: Actor, change: (p: Partnership) => { next?: Partnership; result: R | Refusal }): Change<R | Refusal> {
  return (current) => {
    if (!current) throw new Error('partnership vanished');
    if (!isSecretariat(current, actor.id)) return { result: NOT_SECRETARIAT };
    return change(current);
  };
}
