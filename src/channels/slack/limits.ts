/**
 * Block Kit limits this channel must stay within (Slack's reference for blocks, elements,
 * composition objects and views). Slack refuses a message or view that breaks one.
 */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  /** Text objects in section blocks and context elements. */
  text: 3_000,
  header: 150,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2_000,
  hint: 2_000,
  optionText: 75,
  optionValue: 150,
  radioOptions: 10,
  selectOptions: 100,
  buttonText: 75,
  buttonValue: 2_000,
  privateMetadata: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  contextElements: 10,
  /**
   * Slack refuses a message whose blocks hold more than about 12,000 characters of text
   * in all (`msg_blocks_too_long`), below its documented 40,000 for the `text` field.
   * Messages are built to stay well under it.
   */
  messageTextBudget: 10_000,
} as const;

/** Text cut to fit a limit, with an ellipsis when cut (for our own labels, never for answers). */
export function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
