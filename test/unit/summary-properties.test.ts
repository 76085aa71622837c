import fc from 'fast-check';
import type { Framework } from '../../src/domain/framework.js';
import type { Response } from '../../src/domain/model.js';
import { summarise } from '../../src/domain/summary.js';
import { sixPrinciples, spat } from '../support/builders.js';

const frameworks: Framework[] = [spat, sixPrinciples()];
const groups = [
  { id: 'g1', label: 'Employers' },
  { id: 'g2', label: 'Trade unions' },
  { id: 'g3', label: 'Government' },
];

/** Any set of responses a round could hold for a framework: partial pages, "don't know", groups, comments. */
function responsesOf(framework: Framework) {
  const values = framework.scale.options.map((o) => o.value);
  const answer = fc.oneof(fc.constantFrom(...values), fc.constant<'dk'>('dk'));
  const page = (c: Framework['characteristics'][number]) =>
    fc.record(
      {
        answers: fc.tuple(...c.statements.map(() => answer)).map((vals) => Object.fromEntries(c.statements.map((s, i) => [s.id, vals[i]!]))),
        comment: fc.string({ minLength: 1, maxLength: 20 }),
      },
      { requiredKeys: ['answers'] },
    );
  const response: fc.Arbitrary<Response> = fc
    .record(
      {
        pages: fc.tuple(...framework.characteristics.map((c) => fc.option(page(c), { nil: undefined }))).map((pages) =>
          Object.fromEntries(framework.characteristics.flatMap((c, i) => (pages[i] ? [[c.id, pages[i]!]] : []))),
        ),
        group: fc.constantFrom('g1', 'g2', 'g3'),
      },
      { requiredKeys: ['pages'] },
    )
    .map((r) => r as Response);
  return fc.array(response, { maxLength: 14 });
}

const k = fc.integer({ min: 2, max: 6 });

describe.each(frameworks.map((f) => [f.id, f] as const))('the summary of any round on %s', (_id, framework) => {
  const { min, max } = { min: framework.scale.options[0]!.value, max: framework.scale.options.at(-1)!.value };

  it('keeps every score within the scale', () => {
    fc.assert(
      fc.property(responsesOf(framework), k, (responses, k) => {
        const s = summarise({ framework, responses, rosterSize: responses.length, k, groups });
        for (const c of s.characteristics) if (c.shown) expect(c.tenths).toBeGreaterThanOrEqual(min * 10), expect(c.tenths).toBeLessThanOrEqual(max * 10);
        for (const g of s.groups?.shown ?? []) for (const t of Object.values(g.tenths)) if (t !== null) expect(t).toBeGreaterThanOrEqual(min * 10), expect(t).toBeLessThanOrEqual(max * 10);
      }),
    );
  });

  it('does not change when the responses are reordered', () => {
    fc.assert(
      fc.property(
        responsesOf(framework).chain((responses) => fc.tuple(fc.constant(responses), fc.shuffledSubarray(responses, { minLength: responses.length, maxLength: responses.length }))),
        k,
        ([responses, shuffled], k) => {
          expect(summarise({ framework, responses: shuffled, rosterSize: 20, k, groups })).toEqual(summarise({ framework, responses, rosterSize: 20, k, groups }));
        },
      ),
    );
  });

  it('never moves a score when a "don\'t know" is added', () => {
    fc.assert(
      fc.property(responsesOf(framework), k, fc.nat(), (responses, k, pick) => {
        if (!responses.length) return;
        const index = pick % responses.length;
        const target = responses[index]!;
        const c = framework.characteristics[pick % framework.characteristics.length]!;
        const page = target.pages[c.id];
        const unanswered = c.statements.find((s) => page?.answers[s.id] === undefined);
        if (!page || !unanswered) return;
        const withDk: Response = { ...target, pages: { ...target.pages, [c.id]: { ...page, answers: { ...page.answers, [unanswered.id]: 'dk' } } } };
        const before = summarise({ framework, responses, rosterSize: 20, k, groups });
        const after = summarise({ framework, responses: responses.map((r, i) => (i === index ? withDk : r)), rosterSize: 20, k, groups });
        const scores = (s: typeof before) => s.characteristics.map((x) => (x.shown ? x.tenths : null));
        expect(scores(after)).toEqual(scores(before));
      }),
    );
  });

  it('shows nothing about fewer than k people', () => {
    fc.assert(
      fc.property(responsesOf(framework), k, (responses, k) => {
        const s = summarise({ framework, responses, rosterSize: 20, k, groups });
        const respondents = responses.filter((r) => Object.keys(r.pages).length > 0).length;
        if (respondents < k) {
          expect(s).toMatchObject({ enough: false, characteristics: [], divided: [], groups: null });
          return;
        }
        for (const c of s.characteristics) if (c.shown) expect(c.answering).toBeGreaterThanOrEqual(k);
        for (const d of s.divided) expect(d.answers).toBeGreaterThanOrEqual(k);
        if (s.groups) {
          const shown = s.groups.shown.reduce((sum, g) => sum + g.respondents, 0);
          for (const g of s.groups.shown) expect(g.respondents).toBeGreaterThanOrEqual(k);
          const hidden = respondents - shown;
          expect(hidden === 0 || hidden >= k).toBe(true);
        }
      }),
    );
  });
});
