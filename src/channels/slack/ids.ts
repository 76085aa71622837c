/**
 * Every name Slack sends back to us, in one place: slash commands, action ids, view callback
 * ids and block ids. The manifest, the block builders, the handlers and the tests use these.
 */

/** The slash commands, English and Welsh; both take the same words. */
export const COMMANDS = { en: '/assess', cy: '/asesu' } as const;
/** `/assess` or `/asesu`. */
export type SlashCommand = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Action ids of buttons and inputs. */
export const ACTIONS = {
  /** The round message's Answer button: opens the member's form in a modal. */
  answer: 'asesu.answer',
  /** A "Change" button on the review page: goes back to one section. */
  change: 'asesu.change',
  /** The summary's History button: posts the chart of every closed round in the channel. */
  history: 'asesu.history',
  /** The element inside every input block (Slack keys state values by block, then action). */
  input: 'value',
  /** The summary's Agree actions button: opens the Agree actions modal (secretariat only). */
  agree: 'asesu.agree',
} as const;

/** Callback ids of the modal's views. */
export const VIEWS = {
  page: 'asesu.page',
  review: 'asesu.review',
  /** A view with one message and a close button: refusals, the confirmation. */
  notice: 'asesu.notice',
  /** The Agree actions modal. */
  agree: 'asesu.agree',
} as const;

/** Block ids of the form's inputs, where Slack shows errors. */
export const BLOCKS = {
  comment: 'comment',
  group: 'group',
  /** One input block per statement: `s:<statement id>`. */
  statementPrefix: 's:',
  /** The Agree actions modal, one of each per characteristic: `act:<id>`, `own:<id>`, `due:<id>`. */
  actionPrefix: 'act:',
  ownerPrefix: 'own:',
  duePrefix: 'due:',
} as const;

/** The input block of one statement. */
export function statementBlockId(statementId: string): string {
  return `${BLOCKS.statementPrefix}${statementId}`;
}

/** The events this app subscribes to (the manifest lists the same). */
export const EVENTS = { memberJoined: 'member_joined_channel' } as const;

/** The one HTTP path Slack calls for commands, interactivity and events. */
export const SLACK_PATH = '/slack/events';
