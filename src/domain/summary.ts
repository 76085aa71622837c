import { scaleOf, type Framework } from './framework.js';
import { visibleGroups } from './groups.js';
import type { Group, Response } from './model.js';
import { atLeastQuarter, bandOf, meanTenths } from './scoring.js';
import type { CharacteristicResult, DividedView, Summary } from './summary-schema.js';

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

const UNASSIGNED = '';

/** Builds a round's summary exactly as SPEC §5 defines it. Pure: same input, same summary. */
export function summarise(input: SummaryInput): Summary {
  const { framework, k } = input;
  const respondents = input.responses.filter((r) => Object.keys(r.pages).length > 0);
  const empty: Summary = {
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    k,
    rosterSize: input.rosterSize,
    respondents: respondents.length,
    enough: false,
    characteristics: [],
    strengths: [],
    priorities: [],
    divided: [],
    groups: null,
    comments: [],
  };
  if (respondents.length < k) return empty;

  const characteristics = framework.characteristics.map((c) =>
    scoreCharacteristic(framework, c.id, respondents, k, input.previous),
  );
  const scored = characteristics.filter((c) => c.tenths !== null);
  return {
    ...empty,
    enough: true,
    characteristics,
    strengths: scored.filter((c) => c.band === 'strength').sort((a, b) => b.tenths! - a.tenths!).map((c) => c.id),
    priorities: scored.filter((c) => c.band === 'priority').sort((a, b) => a.tenths! - b.tenths!).map((c) => c.id),
    divided: dividedViews(framework, respondents, k),
    groups: input.groups.length ? groupResults(framework, input.groups, respondents, k) : null,
    comments: comments(framework, respondents),
  };
}

function scoreCharacteristic(
  framework: Framework,
  id: string,
  responses: readonly Response[],
  k: number,
  previous: Summary | undefined,
): CharacteristicResult {
  const { sum, count, answering, dontKnow, distribution } = tally(framework, id, responses);
  const tenths = answering >= k && count > 0 ? meanTenths(sum, count) : null;
  const before = previous?.characteristics.find((c) => c.id === id)?.tenths ?? null;
  return {
    id,
    answering,
    dontKnow,
    distribution,
    tenths,
    band: tenths === null ? null : bandOf(tenths, framework.bands),
    trendTenths: tenths === null || before === null ? null : tenths - before,
  };
}

/**
 * Counts the answers to one characteristic, or to one of its statements: on the scale
 * (sum, count, per option), "don't know", and members with at least one answer on the scale.
 */
export function tally(framework: Framework, id: string, responses: readonly Response[], statementId?: string) {
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

/** Statements where at least a quarter of the answers disagree and at least a quarter agree. */
function dividedViews(framework: Framework, responses: readonly Response[], k: number): DividedView[] {
  const { side } = scaleOf(framework);
  const views: DividedView[] = [];
  for (const c of framework.characteristics) {
    for (const s of c.statements) {
      let answers = 0;
      let disagree = 0;
      let agree = 0;
      for (const r of responses) {
        const value = r.pages[c.id]?.answers[s.id];
        if (value === undefined || value === 'dk' || !side.has(value)) continue;
        answers++;
        if (side.get(value) === 'disagree') disagree++;
        if (side.get(value) === 'agree') agree++;
      }
      if (answers >= k && atLeastQuarter(disagree, answers) && atLeastQuarter(agree, answers)) {
        views.push({ characteristicId: c.id, statementId: s.id, answers, disagree, agree });
      }
    }
  }
  return views;
}

function groupResults(framework: Framework, groups: readonly Group[], responses: readonly Response[], k: number): Summary['groups'] {
  const known = new Set(groups.map((g) => g.id));
  const groupOf = (r: Response): string => (r.group !== undefined && known.has(r.group) ? r.group : UNASSIGNED);
  const counts = countBy(responses, groupOf);
  const shown = visibleGroups(withoutUnassigned(counts), responses.length, k);

  const perCharacteristic = new Map<string, Map<string, number | null>>();
  for (const c of framework.characteristics) {
    const answering = responses.filter((r) => hasNumeric(r, c.id));
    const inShown = answering.filter((r) => shown.has(groupOf(r)));
    const counted = visibleGroups(withoutUnassigned(countBy(inShown, groupOf)), answering.length, k);
    const cells = new Map<string, number | null>();
    for (const id of shown) {
      const t = tally(framework, c.id, answering.filter((r) => groupOf(r) === id));
      cells.set(id, counted.has(id) && t.count > 0 ? meanTenths(t.sum, t.count) : null);
    }
    perCharacteristic.set(c.id, cells);
  }

  const ordered = groups.filter((g) => shown.has(g.id));
  return {
    shown: ordered.map((g) => ({
      id: g.id,
      label: g.label,
      respondents: counts.get(g.id) ?? 0,
      tenths: Object.fromEntries(framework.characteristics.map((c) => [c.id, perCharacteristic.get(c.id)!.get(g.id) ?? null])),
    })),
    withheld: [...counts.keys()].some((id) => id !== UNASSIGNED && !shown.has(id)),
    gap: largestGap(framework, perCharacteristic),
  };
}

function largestGap(framework: Framework, cells: Map<string, Map<string, number | null>>): NonNullable<Summary['groups']>['gap'] {
  let best: NonNullable<Summary['groups']>['gap'] = null;
  for (const c of framework.characteristics) {
    const scores = [...cells.get(c.id)!].filter((e): e is [string, number] => e[1] !== null);
    if (scores.length < 2) continue;
    const high = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
    const low = scores.reduce((a, b) => (b[1] < a[1] ? b : a));
    const tenths = high[1] - low[1];
    if (!best || tenths > best.tenths) best = { characteristicId: c.id, high: high[0], low: low[0], tenths };
  }
  return best;
}

/** Unattributed comments, ordered by characteristic and then by their text, so the order says nothing about who or when. */
function comments(framework: Framework, responses: readonly Response[]): Summary['comments'] {
  return framework.characteristics.flatMap((c) =>
    responses
      .map((r) => r.pages[c.id]?.comment?.trim())
      .filter((text): text is string => !!text)
      .sort(compareText)
      .map((text) => ({ characteristicId: c.id, text })),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hasNumeric(r: Response, id: string): boolean {
  return Object.values(r.pages[id]?.answers ?? {}).some((v) => v !== 'dk');
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function withoutUnassigned(counts: Map<string, number>): Map<string, number> {
  return new Map([...counts].filter(([id]) => id !== UNASSIGNED));
}
