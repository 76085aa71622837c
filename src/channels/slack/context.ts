import { z } from 'zod';
import type { Partnership } from '../../domain/model.js';
import type { Translator } from '../../i18n/translator.js';
import type { Logger } from '../../log.js';
import type { Services, Where } from '../../services/index.js';
import type { SlackApi } from './api.js';
import type { WordingDefaults } from './wording.js';

/** What every Slack handler works with. */
export interface SlackContext {
  services: Services;
  api: SlackApi;
  t: Translator;
  log: Logger;
  defaults: WordingDefaults;
}

/** Where a Slack partnership lives: stored as the partnership's address. */
export const slackAddress = z.strictObject({ team: z.string().min(1), channel: z.string().min(1) });
/** A partnership's Slack team and channel. */
export type SlackAddress = z.infer<typeof slackAddress>;

/** The conversation of a channel: keyed by team and channel, so the same channel id in two workspaces stays apart. */
export function whereOf(team: string, channel: string, name?: string): Where {
  return { platform: 'slack', key: `${team}:${channel}`, address: { team, channel }, ...(name ? { name } : {}) };
}

/** The stored address of a Slack partnership, checked. */
export function addressOf(p: Partnership): SlackAddress {
  return slackAddress.parse(p.address);
}

/** Where the round message was posted (stored with the round by the services). */
export const roundCard = z.looseObject({ ts: z.string(), channel: z.string() });
