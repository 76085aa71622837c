import { disclose } from './disclosure.js';
import type { Framework } from './framework.js';
import type { Group, Response } from './model.js';
import type { Summary } from './summary-schema.js';
import { countRound } from './tally.js';

export type { Summary } from './summary-schema.js';

export interface SummaryInput {
  framework: Framework;
  /** Every response of the round, in any order: the result does not depend on it. */
  responses: readonly Response[];
  rosterSize: number;
  k: number;
  groups: readonly Group[];
  /** The summary of the previous closed round of the same framework, for the trend. */
  previous?: Summary | undefined;
}

/**
 * A round's published summary (SPEC §5): its counts, through the disclosure rule. Pure: same
 * input, same summary. Taken once, when the round closes, and stored with it.
 */
export function summarise(input: SummaryInput): Summary {
  const counts = countRound(input.framework, input.responses, input.groups);
  return disclose(input.framework, counts, { k: input.k, rosterSize: input.rosterSize, groups: input.groups, previous: input.previous });
}
