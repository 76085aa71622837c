import fc from 'fast-check';
import { summaryModel, type SummaryModel } from '../../src/channels/shared/summary-model.js';
import { summaryMessage } from '../../src/channels/slack/blocks/summary.js';
import type { Framework } from '../../src/domain/framework.js';
import type { Group, Response, Round } from '../../src/domain/model.js';
import { closeRound, forgetMember, openRound } from '../../src/domain/round.js';
import { summarise } from '../../src/domain/summary.js';
import { exportCsv } from '../../src/services/export.js';
import { sixPrinciples, spat } from '../support/builders.js';
import { partnership, t, wording } from '../slack/fixtures.js';

/**
 * An attacker's view of a closed round: the summary both platforms render and the export's
 * text. Every subtraction SPEC §5 names is tried on them, over any round, roster, groups and
 * "forget me"s, and none may leave a figure about fewer than k members.
 */

const ALL_GROUPS: Group[] = [
  { id: 'g1', label: 'Employers' },
  { id: 'g2', label: 'Trade unions' },
  { id: 'g3', label: 'Government' },
];

interface Case {
  framework: Framework;
  k: number;
  groups: Group[];
  roster: number;
  /** Members by pseudonym. Comments name their writer and characteristic, so a test can tell whose a shown comment is. */
  responses: [string, Response][];
  forget: string[];
}

function caseOf(framework: Framework): fc.Arbitrary<Case> {
  const values = framework.scale.options.map((o) => o.value);
  // Answers lean to "don't know" and to missing pages, where small cells hide.
  const answer = fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 3 }, { arbitrary: fc.constant<'dk'>('dk'), weight: 2 });
  const member = fc.record({
    pages: fc.tuple(...framework.characteristics.map((c) => fc.option(fc.tuple(fc.tuple(...c.statements.map(() => answer)), fc.boolean()), { nil: undefined, freq: 3 }))),
    group: fc.constantFrom(undefined, 'g1', 'g2', 'g3'),
  });
  return fc
    .record({
      k: fc.integer({ min: 2, max: 5 }),
      groups: fc.subarray(ALL_GROUPS),
      extra: fc.nat({ max: 4 }),
      members: fc.array(member, { maxLength: 12 }),
      forget: fc.array(fc.nat(), { maxLength: 3 }),
    })
    .map(({ k, groups, extra, members, forget }) => {
      const ids = members.map((_, i) => (i * 7919 + 104729).toString(16).padStart(32, '0'));
      const responses = members.map((m, i): [string, Response] => {
        const pages: Response['pages'] = {};
        framework.characteristics.forEach((c, ci) => {
          const page = m.pages[ci];
          if (!page) return;
          const [answers, commented] = page;
          pages[c.id] = { answers: Object.fromEntries(c.statements.map((s, si) => [s.id, answers[si]!])), ...(commented ? { comment: `note ${i} on ${c.id}` } : {}) };
        });
        return [ids[i]!, { pages, ...(m.group ? { group: m.group } : {}) }];
      });
      return { framework, k, groups, roster: members.length + extra, responses, forget: ids.length ? forget.map((n) => ids[n % ids.length]!) : [] };
    });
}

function closedRound(c: Case): Round {
  const open = openRound({ id: 'round0001', number: 1, framework: c.framework, now: 0, durationMs: 3_600_000, trigger: 'command', roster: [] });
  const round = { ...open, responses: Object.fromEntries(c.responses) };
  const summary = summarise({ framework: c.framework, responses: c.responses.map(([, r]) => r), rosterSize: c.roster, k: c.k, groups: c.groups });
  return closeRound(round, 3_600_000, summary);
}

interface Outputs {
  model: SummaryModel;
  slack: string;
  csv: string[][];
}

function outputsOf(c: Case, round: Round): Outputs {
  const view = { partnership: partnership('en', c.groups), round, framework: c.framework, summary: round.summary! };
  return {
    model: summaryModel(wording('en'), view),
    slack: JSON.stringify(summaryMessage(wording('en'), view, { maxBlocks: 1_000 }).blocks),
    csv: parseCsv(exportCsv(t, 'en', c.framework, round.summary!)).slice(1),
  };
}

/** Just enough CSV: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

/** The ground truth the attacker wants: who answered what. */
function numericAnswerers(c: Case, characteristicId: string, statementIds: readonly string[], among = c.responses): Set<string> {
  return new Set(among.filter(([, r]) => statementIds.some((s) => typeof r.pages[characteristicId]?.answers[s] === 'number')).map(([id]) => id));
}

function respondents(c: Case): [string, Response][] {
  return c.responses.filter(([, r]) => Object.keys(r.pages).length > 0);
}

/** Characteristic and statement rows of the export, by characteristic, in the framework's order. */
function csvBlocks(c: Case, csv: string[][]) {
  const width = c.framework.scale.options.length;
  const nums = (row: string[]) => [Number(row[3] || 0), Number(row[4] || 0), ...row.slice(7, 7 + width).map((x) => Number(x || 0))];
  let i = 0;
  return c.framework.characteristics.map((ch) => {
    const head = csv[i++]!;
    const statements = ch.statements.map(() => csv[i++]!);
    return { id: ch.id, statementIds: ch.statements.map((s) => s.id), head, statements, nums, shown: (row: string[]) => row[5] !== '' };
  });
}

const frameworks: Framework[] = [spat, sixPrinciples()];
const runs = { numRuns: 300 };

describe.each(frameworks.map((f) => [f.id, f] as const))('what the outputs of any round on %s let anyone work out', (_id, framework) => {
  it('no row, count or comment is about fewer than k members', () => {
    fc.assert(
      fc.property(caseOf(framework), (c) => {
        const { model, slack, csv } = outputsOf(c, closedRound(c));
        const enoughRespondents = respondents(c).length >= c.k;
        for (const block of csvBlocks(c, csv)) {
          const all = framework.characteristics.find((x) => x.id === block.id)!.statements.map((s) => s.id);
          if (block.shown(block.head)) expect(numericAnswerers(c, block.id, all).size).toBeGreaterThanOrEqual(c.k);
          else expect(block.head.slice(3, -1).every((x) => x === '')).toBe(true);
          block.statements.forEach((row, si) => {
            if (block.shown(row)) expect(numericAnswerers(c, block.id, [all[si]!]).size).toBeGreaterThanOrEqual(c.k);
            else expect(row.slice(3, -1).every((x) => x === '')).toBe(true);
          });
        }
        for (const row of model.rows) {
          if (row.tooFew !== undefined) expect(row).toEqual({ id: row.id, title: row.title, tooFew: row.tooFew });
          else expect(numericAnswerers(c, row.id, framework.characteristics.find((x) => x.id === row.id)!.statements.map((s) => s.id)).size).toBeGreaterThanOrEqual(c.k);
        }
        if (!enoughRespondents) expect(model.rows).toEqual([]);
        // Every comment anywhere is about a characteristic at least k answered.
        const comments = [...model.comments.items.map((x) => x.text), ...csv.filter((r) => r[0] === 'Comment').map((r) => r.at(-1)!), ...(slack.match(/note \d+ on [a-z-]+/g) ?? [])];
        for (const text of comments) {
          const about = / on ([a-z-]+)$/.exec(text)![1]!;
          const all = framework.characteristics.find((x) => x.id === about)!.statements.map((s) => s.id);
          expect(numericAnswerers(c, about, all).size).toBeGreaterThanOrEqual(c.k);
        }
      }),
      runs,
    );
  });

  it('a characteristic minus its statements, or its "don\'t know"s minus theirs, leaves nothing about fewer than k', () => {
    fc.assert(
      fc.property(caseOf(framework), (c) => {
        const { csv } = outputsOf(c, closedRound(c));
        for (const block of csvBlocks(c, csv)) {
          if (!block.shown(block.head)) continue;
          const shown = block.statements.map((row) => block.shown(row));
          // Answered, don't know and each scale option: the characteristic's minus the statements shown.
          const remainder = block.nums(block.head).map((n, i) => n - block.statements.filter((_, si) => shown[si]).reduce((sum, row) => sum + block.nums(row)[i]!, 0));
          const hidden = block.statementIds.filter((_, si) => !shown[si]);
          const behind = numericAnswerers(c, block.id, hidden);
          const answeredAndDk = remainder.slice(1);
          expect(answeredAndDk.every((n) => n === 0) || behind.size >= c.k).toBe(true);
          // "Answered" counts members, not answers: all statements shown or none, so it cannot be split either.
          expect(shown.every((x) => x) || shown.every((x) => !x)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('the groups shown, taken from the total, leave nobody or at least k', () => {
    fc.assert(
      fc.property(caseOf(framework), (c) => {
        const { model } = outputsOf(c, closedRound(c));
        if (!model.groups) return;
        const shownLabels = model.groups.items.map((g) => g.label);
        const shownGroups = c.groups.filter((g) => shownLabels.some((l) => l.startsWith(`${g.label} (`)));
        const inShown = (r: Response) => shownGroups.some((g) => g.id === r.group);
        const total = respondents(c);
        const left = total.filter(([, r]) => !inShown(r)).length;
        expect(left === 0 || left >= c.k).toBe(true);
        // Each group's published respondents count is its own, and at least k.
        for (const g of shownGroups) {
          const label = shownLabels.find((l) => l.startsWith(`${g.label} (`))!;
          const n = total.filter(([, r]) => r.group === g.id).length;
          expect(label).toBe(`${g.label} (Answered: ${n})`);
          expect(n).toBeGreaterThanOrEqual(c.k);
        }
        // Per characteristic: the members outside the groups with a score are nobody or at least k.
        framework.characteristics.forEach((ch, ci) => {
          const all = ch.statements.map((s) => s.id);
          const scored = shownGroups.filter((_, gi) => model.groups!.items[gi]!.scores[ci]!.score !== '—');
          const answering = numericAnswerers(c, ch.id, all);
          const outside = [...answering].filter((id) => !scored.some((g) => g.id === c.responses.find(([m]) => m === id)![1].group)).length;
          if (scored.length) expect(outside === 0 || outside >= c.k).toBe(true);
          for (const g of scored) expect(numericAnswerers(c, ch.id, all, c.responses.filter(([, r]) => r.group === g.id)).size).toBeGreaterThanOrEqual(c.k);
        });
      }),
      runs,
    );
  });

  it('"forget me" after close moves no published figure and takes out exactly the member\'s comments', () => {
    fc.assert(
      fc.property(caseOf(framework), (c) => {
        const closed = closedRound(c);
        const before = outputsOf(c, closed);
        const after = outputsOf(c, c.forget.reduce(forgetMember, closed));
        const figures = (o: Outputs) => ({
          csv: o.csv.filter((r) => r[0] !== 'Comment'),
          rows: o.model.rows,
          groups: o.model.groups,
          divided: o.model.divided.items,
          rate: o.model.responseRate,
          lists: [o.model.strengths.items, o.model.priorities.items],
        });
        expect(figures(after)).toEqual(figures(before));
        const gone = new Set(c.forget.map((id) => Number.parseInt(id, 16)).map((n) => (n - 104729) / 7919));
        const written = (o: Outputs) => o.csv.filter((r) => r[0] === 'Comment').map((r) => r.at(-1)!);
        expect(written(after)).toEqual(written(before).filter((text) => !gone.has(Number(/^note (\d+)/.exec(text)![1]))));
        expect(after.model.comments.items.map((x) => x.text)).toEqual(written(after));
      }),
      runs,
    );
  });
});
