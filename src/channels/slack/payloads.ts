import { z } from 'zod';
import { COMMANDS } from './ids.js';

/**
 * The Slack payloads this channel reads, parsed with zod at the boundary. Slack adds fields
 * over time, so objects keep unknown keys; only the fields used here are checked.
 */

const id = z.string().min(1).max(64);

/** The outer shape of a request, to route it and to recognise a repeated delivery. */
export const envelope = z.union([
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().max(200) }),
  z.looseObject({ type: z.literal('event_callback'), event_id: id, event: z.looseObject({ type: z.string() }) }),
  z.looseObject({ command: z.string(), trigger_id: id }),
  z.looseObject({ type: z.enum(['block_actions', 'view_submission', 'view_closed']) }),
]);
/** A request's outer shape, parsed. */
export type Envelope = z.infer<typeof envelope>;

/** A slash command (form fields). */
export const slashCommand = z.looseObject({
  command: z.enum([COMMANDS.en, COMMANDS.cy]),
  text: z.string().max(4_000).default(''),
  team_id: id,
  channel_id: id,
  channel_name: z.string().max(200).optional(),
  user_id: id,
  response_url: z.url({ protocol: /^https?$/ }),
  trigger_id: id,
});
/** A slash command, parsed. */
export type SlashCommandPayload = z.infer<typeof slashCommand>;

const user = z.looseObject({ id, team_id: id.optional() });
const team = z.looseObject({ id }).nullable().optional();

/** A button click in a message or a modal. */
export const blockAction = z.looseObject({
  type: z.literal('block_actions'),
  trigger_id: id,
  user,
  team,
  channel: z.looseObject({ id }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().max(2_000).optional() })).min(1),
  view: z.looseObject({ id, hash: z.string().optional(), private_metadata: z.string().max(3_000).optional() }).optional(),
});
/** A button click, parsed. */
export type BlockAction = z.infer<typeof blockAction>;

const stateValue = z.looseObject({
  type: z.string(),
  selected_option: z.looseObject({ value: z.string().max(150) }).nullable().optional(),
  value: z.string().max(4_000).nullable().optional(),
});

/** A modal submitted, with the state of its inputs. */
export const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user,
  team,
  view: z.looseObject({
    id,
    hash: z.string().max(200),
    callback_id: z.string(),
    private_metadata: z.string().max(3_000).default(''),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
  }),
});
/** A modal submitted, parsed. */
export type ViewSubmission = z.infer<typeof viewSubmission>;

/** Someone (or the bot) joined a channel. */
export const memberJoined = z.looseObject({
  type: z.literal('member_joined_channel'),
  user: id,
  channel: id,
  team: id.optional(),
  inviter: id.optional(),
});
