import { scaleOf, type Framework } from './framework.js';
import type { Group, Response } from './model.js';

/**
 * A round's raw counts, before the disclosure rule: figures about any number of people, even
 * one. Nothing outside `domain/` ever sees them; outputs get only what `disclose` publishes.
 */

/** Answers counted over some members: on the scale (sum, count, per option), "don't know", and members with an answer on the scale. */
export interface Cell {
  sum: number;
  count: number;
  answering: number;
  dontKnow: number;
  distribution: number[];
}

export interface CharacteristicCounts extends Cell {
  id: string;
  statements: (Cell & { id: string })[];
  /** The comments written on this characteristic, in no particular order. */
  comments: string[];
  /** This characteristic's counts for the members of each group ("" for members in no known group). */
  byGroup: Map<string, Cell>;
}

export interface RoundCounts {
  /** Members who saved at least one page. */
  respondents: number;
  /** Respondents per group ("" for members in no known group). */
  groupRespondents: Map<string, number>;
  characteristics: CharacteristicCounts[];
}

export const UNASSIGNED = '';

export function countRound(framework: Framework, responses: readonly Response[], groups: readonly Group[]): RoundCounts {
  const respondents = responses.filter((r) => Object.keys(r.pages).length > 0);
  const known = new Set(groups.map((g) => g.id));
  const groupOf = (r: Response): string => (r.group !== undefined && known.has(r.group) ? r.group : UNASSIGNED);
  const groupRespondents = new Map<string, number>();
  for (const r of respondents) groupRespondents.set(groupOf(r), (groupRespondents.get(groupOf(r)) ?? 0) + 1);
  const characteristics = framework.characteristics.map((c) => {
    const byGroup = new Map<string, Cell>();
    for (const id of groupRespondents.keys()) byGroup.set(id, tally(framework, c.id, respondents.filter((r) => groupOf(r) === id)));
    return {
      id: c.id,
      ...tally(framework, c.id, respondents),
      statements: c.statements.map((s) => ({ id: s.id, ...tally(framework, c.id, respondents, s.id) })),
      comments: respondents.map((r) => r.pages[c.id]?.comment?.trim()).filter((text): text is string => !!text),
      byGroup,
    };
  });
  return { respondents: respondents.length, groupRespondents, characteristics };
}

/** Counts the answers to one characteristic, or to one of its statements. */
export function tally(framework: Framework, id: string, responses: readonly Response[], statementId?: string): Cell {
  const { values } = scaleOf(framework);
  const distribution = values.map(() => 0);
  let sum = 0;
  let count = 0;
  let answering = 0;
  let dontKnow = 0;
  for (const r of responses) {
    let numeric = false;
    const answers = r.pages[id]?.answers ?? {};
    for (const value of statementId === undefined ? Object.values(answers) : [answers[statementId]]) {
      if (value === undefined) continue;
      if (value === 'dk') {
        dontKnow++;
        continue;
      }
      const index = values.indexOf(value);
      if (index < 0) continue;
      distribution[index]!++;
      sum += value;
      count++;
      numeric = true;
    }
    if (numeric) answering++;
  }
  return { sum, count, answering, dontKnow, distribution };
}
