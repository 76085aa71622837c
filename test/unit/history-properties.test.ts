import fc from 'fast-check';
import { chartPoints, historySvg } from '../../src/channels/shared/history-chart.js';
import { chartLabels, historyText } from '../../src/channels/shared/history-model.js';
import { historyOf } from '../../src/domain/history.js';
import type { Response } from '../../src/domain/model.js';
import { showTenths } from '../../src/domain/scoring.js';
import { spat } from '../support/builders.js';
import { closedPartnership, type RoundInput } from '../support/history.js';
import { t, wording } from '../slack/fixtures.js';

/**
 * The history may show only what each round's published summary showed. Over any run of
 * rounds, rosters and thresholds, every point of the chart and every figure of its text
 * alternative is a score the summary of that round published, and every score it withheld is
 * a gap: no point, and the words for "too few answers" in the text.
 */

const values = spat.scale.options.map((o) => o.value);
const answer = fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 3 }, { arbitrary: fc.constant<'dk'>('dk'), weight: 2 });
const member: fc.Arbitrary<Response> = fc
  .tuple(...spat.characteristics.map((c) => fc.option(fc.tuple(...c.statements.map(() => answer)), { nil: undefined, freq: 3 })))
  .map((pages) => {
    const out: Response['pages'] = {};
    spat.characteristics.forEach((c, ci) => {
      const page = pages[ci];
      if (page) out[c.id] = { answers: Object.fromEntries(c.statements.map((s, si) => [s.id, page[si]!])) };
    });
    return { pages: out };
  });
const round: fc.Arbitrary<RoundInput> = fc.record({ responses: fc.array(member, { maxLength: 8 }), extra: fc.nat({ max: 3 }) }).map(({ responses, extra }) => ({ responses, roster: responses.length + extra }));

test('the chart and its text hold no figure a published summary withheld', () => {
  fc.assert(
    fc.property(fc.array(round, { minLength: 1, maxLength: 5 }), fc.integer({ min: 2, max: 5 }), fc.constantFrom('en' as const, 'cy' as const), (rounds, k, language) => {
      const p = closedPartnership(spat, rounds, { k, language });
      const history = historyOf(p, spat);
      const published = (r: number, id: string) => {
        const c = p.rounds[r]!.summary!.characteristics.find((x) => x.id === id);
        return c?.shown ? c.tenths : null;
      };
      // Every point is a published score, and every published score is a point.
      const points = chartPoints(history);
      for (const point of points) expect(published(point.round, history.characteristicIds[point.series]!)).toBe(point.tenths);
      const expected = p.rounds.flatMap((_, r) => spat.characteristics.flatMap((c) => (published(r, c.id) === null ? [] : [1]))).length;
      expect(points).toHaveLength(expected);

      // The text: each characteristic's line gives each round its published score or "too few answers".
      const w = wording(language);
      const text = historyText(w, { framework: spat, history })[0]!;
      const lines = text.split('\n');
      spat.characteristics.forEach((c, i) => {
        const line = lines.find((l) => l.startsWith(`${i + 1}. ${c.title[language]} — `))!;
        const entries = line.slice(line.indexOf(' — ') + 3, -1).split('; ');
        expect(entries).toHaveLength(p.rounds.length);
        entries.forEach((entry, r) => {
          const tenths = published(r, c.id);
          const value = entry.slice(entry.indexOf(': ') + 2);
          if (tenths === null) expect(value).toBe(t.t(language, 'history.tooFew'));
          else expect(value.startsWith(`${showTenths(tenths)} (`)).toBe(true);
        });
      });
      // No other score anywhere in the text: every "d.d" is a published one, or a band threshold.
      const allowed = new Set([...points.map((x) => showTenths(x.tenths)), '4.0', '3.0']);
      for (const figure of text.match(/\b\d\.\d\b/g) ?? []) expect(allowed).toContain(figure);

      // The SVG draws one marker per point and no more.
      const svg = historySvg(history, chartLabels(w, { framework: spat, history }), 'desktop');
      const markers = (svg.match(/<(circle|polygon) |<rect x="[^"]+" y="[^"]+" width="10" |<path d="M/g) ?? []).length;
      expect(markers).toBe(points.length + spat.characteristics.length);
    }),
    { numRuns: 150 },
  );
});

test('a round with too few respondents is a gap in every line, and its rate is still shown', () => {
  const all = (v: number) => ({ pages: Object.fromEntries(spat.characteristics.map((c) => [c.id, { answers: Object.fromEntries(c.statements.map((s) => [s.id, v])) }])) });
  const p = closedPartnership(spat, [{ responses: [all(4), all(4), all(5)], roster: 4 }, { responses: [all(2), all(2)], roster: 4 }, { responses: [all(3), all(3), all(3)], roster: 3 }]);
  const history = historyOf(p, spat);
  expect(history.rounds.map((r) => r.tenths)).toEqual([[43, 43, 43, 43, 43], [null, null, null, null, null], [30, 30, 30, 30, 30]]);
  const text = historyText(wording('en'), { framework: spat, history })[0]!;
  expect(text).toContain('1. Clear purpose and focus — Round 1: 4.3 (Strength); Round 2: too few answers; Round 3: 3.0 (Developing).');
  expect(text).toContain('Response rate — Round 1: 3/4 (75%); Round 2: 2/4 (50%); Round 3: 3/3 (100%).');
  expect(text).not.toContain('2.0');
});
