/**
 * Every wire name the Teams channel uses, in one place: card verbs and input ids (handed to the
 * templates in their data, so a rename cannot leave a card behind), invoke names and routes.
 */

/** What a card button asks for. */
export const VERB = {
  /** Round card: open the dialog at the member's place. */
  answer: 'answer',
  /** Dialog page: save this page and go on. */
  save: 'save',
  /** Dialog: show a page (Back, Change) without saving. */
  goto: 'goto',
  /** Review page: close the dialog. */
  done: 'done',
  /** Summary card: post the history chart in the conversation. */
  history: 'history',
  /** Summary card: open the Agree actions dialog (secretariat only). */
  agree: 'agree',
  /** Agree actions dialog: add an action for every filled box. */
  agreeSave: 'agreeSave',
} as const;

/** The round id that opens the dialog on the partnership's open round, whichever it is. */
export const OPEN_ROUND = 'openround';

/** Input ids on a dialog page: one ChoiceSet per statement, the comment, the partner group. */
export const INPUT = {
  answerPrefix: 'answer:',
  comment: 'comment',
  group: 'group',
  /** Agree actions dialog, one of each per characteristic: `action:<id>`, `owner:<id>`, `due:<id>`. */
  actionPrefix: 'action:',
  ownerPrefix: 'owner:',
  duePrefix: 'due:',
} as const;

/** The owner choice for "nobody yet": Adaptive Cards choices cannot carry an empty value. */
export const OWNER_NONE = 'none';


/** Invoke names Teams sends. */
export const INVOKE = {
  taskFetch: 'task/fetch',
  taskSubmit: 'task/submit',
  fileConsent: 'fileConsent/invoke',
} as const;

/** Content types of the attachments the bot sends. */
export const CONTENT_TYPE = {
  adaptiveCard: 'application/vnd.microsoft.card.adaptive',
  fileConsent: 'application/vnd.microsoft.teams.card.file.consent',
  fileInfo: 'application/vnd.microsoft.teams.card.file.info',
} as const;

/** The HTTP route Teams (and the Agents Playground) posts activities to. */
export const MESSAGES_PATH = '/api/messages';
