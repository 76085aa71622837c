import type { Framework } from './framework.js';
import { visibleGroups } from './groups.js';
import type { Group } from './model.js';
import { atLeastQuarter, bandOf, meanTenths } from './scoring.js';
import type { CharacteristicResult, DividedView, ShownStatement, Summary } from './summary-schema.js';
import { UNASSIGNED, type Cell, type CharacteristicCounts, type RoundCounts } from './tally.js';

/**
 * The disclosure rule (SPEC §5), the one place that decides what may be published about a
 * round. Everything the channels, the export and the trend show is what this returns, and
 * its type has no room for a withheld figure: a withheld characteristic is its id alone.
 *
 * - Nothing about fewer than k people: a characteristic is shown only when at least k members
 *   answered it on the scale; its comments only beside it; a statement only with k of its own.
 * - Nothing recoverable by subtraction: statements are shown all together or not at all (one
 *   withheld statement would be its characteristic minus the others, and its "don't know"s
 *   the characteristic's minus theirs); partner groups are shown only when the members they
 *   leave out number 0 or at least k, for the round and for each characteristic.
 * - Published once: the result is stored with the round when it closes and never worked out
 *   again, so "forget me" can remove comments but never move a figure.
 */
export function disclose(
  framework: Framework,
  counts: RoundCounts,
  options: { k: number; rosterSize: number; groups: readonly Group[]; previous?: Summary | undefined },
): Summary {
  const { k } = options;
  const empty: Summary = {
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    k,
    // A member missing from the roster snapshot still counts: the rate never passes 100 %.
    rosterSize: Math.max(options.rosterSize, counts.respondents),
    respondents: counts.respondents,
    enough: false,
    characteristics: [],
    strengths: [],
    priorities: [],
    divided: [],
    groups: null,
  };
  if (counts.respondents < k) return empty;

  const characteristics = counts.characteristics.map((c) => characteristic(framework, c, k, options.previous));
  const shown = characteristics.filter((c) => c.shown);
  return {
    ...empty,
    enough: true,
    characteristics,
    strengths: shown.filter((c) => c.band === 'strength').sort((a, b) => b.tenths - a.tenths).map((c) => c.id),
    priorities: shown.filter((c) => c.band === 'priority').sort((a, b) => a.tenths - b.tenths).map((c) => c.id),
    divided: shown.flatMap((c) => dividedViews(framework, c.id, c.statements ?? [])),
    groups: options.groups.length ? groupResults(options.groups, counts, characteristics, k) : null,
  };
}

/** Whether a cell is about enough people to show. */
function enough(cell: Cell, k: number): boolean {
  return cell.answering >= k && cell.count > 0;
}

function characteristic(framework: Framework, c: CharacteristicCounts, k: number, previous: Summary | undefined): CharacteristicResult {
  if (!enough(c, k)) return { id: c.id, shown: false };
  const tenths = meanTenths(c.sum, c.count);
  const before = previous?.characteristics.find((x) => x.id === c.id);
  const statements: ShownStatement[] | null = c.statements.every((s) => enough(s, k))
    ? c.statements.map((s) => ({ id: s.id, answering: s.answering, dontKnow: s.dontKnow, distribution: s.distribution, tenths: meanTenths(s.sum, s.count) }))
    : null;
  return {
    id: c.id,
    shown: true,
    answering: c.answering,
    dontKnow: c.dontKnow,
    distribution: c.distribution,
    tenths,
    band: bandOf(tenths, framework.bands),
    trendTenths: before?.shown ? tenths - before.tenths : null,
    statements,
    // In text order, so the order says nothing about who wrote what or when.
    comments: [...c.comments].sort(compareText),
  };
}

/** Shown statements where at least a quarter of the answers disagree and at least a quarter agree. */
function dividedViews(framework: Framework, characteristicId: string, statements: readonly ShownStatement[]): DividedView[] {
  const sides = framework.scale.options.map((o) => o.side);
  const onSide = (s: ShownStatement, side: string) => s.distribution.reduce((n, x, i) => n + (sides[i] === side ? x : 0), 0);
  return statements.flatMap((s) => {
    const answers = s.distribution.reduce((a, b) => a + b, 0);
    const disagree = onSide(s, 'disagree');
    const agree = onSide(s, 'agree');
    return atLeastQuarter(disagree, answers) && atLeastQuarter(agree, answers) ? [{ characteristicId, statementId: s.id, answers, disagree, agree }] : [];
  });
}

function groupResults(groups: readonly Group[], counts: RoundCounts, characteristics: CharacteristicResult[], k: number): Summary['groups'] {
  const shown = visibleGroups(withoutUnassigned(counts.groupRespondents), counts.respondents, k);
  const cells = new Map<string, Map<string, number | null>>();
  for (const c of counts.characteristics) {
    const published = characteristics.find((x) => x.id === c.id)?.shown === true;
    const inShown = new Map([...c.byGroup].filter(([id]) => shown.has(id)).map(([id, cell]) => [id, cell.answering]));
    // Checked again for each characteristic: a group shown for the round may be small here.
    const counted = published ? visibleGroups(inShown, c.answering, k) : new Set<string>();
    const row = new Map<string, number | null>();
    for (const id of shown) {
      const cell = c.byGroup.get(id);
      row.set(id, counted.has(id) && cell && cell.count > 0 ? meanTenths(cell.sum, cell.count) : null);
    }
    cells.set(c.id, row);
  }
  return {
    shown: groups
      .filter((g) => shown.has(g.id))
      .map((g) => ({
        id: g.id,
        label: g.label,
        respondents: counts.groupRespondents.get(g.id) ?? 0,
        tenths: Object.fromEntries(counts.characteristics.map((c) => [c.id, cells.get(c.id)!.get(g.id) ?? null])),
      })),
    withheld: [...counts.groupRespondents.keys()].some((id) => id !== UNASSIGNED && !shown.has(id)),
    gap: largestGap(counts.characteristics.map((c) => c.id), cells),
  };
}

function largestGap(ids: string[], cells: Map<string, Map<string, number | null>>): NonNullable<Summary['groups']>['gap'] {
  let best: NonNullable<Summary['groups']>['gap'] = null;
  for (const id of ids) {
    const scores = [...cells.get(id)!].filter((e): e is [string, number] => e[1] !== null);
    if (scores.length < 2) continue;
    const high = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
    const low = scores.reduce((a, b) => (b[1] < a[1] ? b : a));
    const tenths = high[1] - low[1];
    if (!best || tenths > best.tenths) best = { characteristicId: id, high: high[0], low: low[0], tenths };
  }
  return best;
}

function withoutUnassigned(counts: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...counts].filter(([id]) => id !== UNASSIGNED));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
