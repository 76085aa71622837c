import { visibleGroups } from '../../src/domain/groups.js';
import { summarise } from '../../src/domain/summary.js';
import { responseAll, spat } from '../support/builders.js';

const groups = [
  { id: 'g1', label: 'Employers' },
  { id: 'g2', label: 'Trade unions' },
  { id: 'g3', label: 'Third sector' },
];

describe('partner groups', () => {
  it('are shown when every group has at least k respondents', () => {
    expect(visibleGroups(new Map([['g1', 3], ['g2', 4]]), 7, 3)).toEqual(new Set(['g1', 'g2']));
  });

  it('hide a group below k, and keep the rest when the hidden ones hold at least k together', () => {
    expect(visibleGroups(new Map([['g1', 5], ['g2', 2], ['g3', 1]]), 8, 3)).toEqual(new Set(['g1']));
  });

  it('never let a hidden group be worked out by subtraction', () => {
    // g2 alone is hidden with 1 respondent: showing g1 and g3 would reveal g2 as total minus them.
    // The smallest shown group joins the hidden ones so that they hold at least k.
    expect(visibleGroups(new Map([['g1', 5], ['g2', 1], ['g3', 3]]), 9, 3)).toEqual(new Set(['g1']));
    // People without a group count as hidden too.
    expect(visibleGroups(new Map([['g1', 3], ['g2', 3]]), 7, 3)).toEqual(new Set(['g1']));
    expect(visibleGroups(new Map([['g1', 3]]), 4, 3)).toEqual(new Set());
  });

  it('appear in the summary with per-group scores and the largest gap', () => {
    const responses = [
      responseAll(spat, 2, { group: 'g1' }),
      responseAll(spat, 2, { group: 'g1' }),
      responseAll(spat, 3, { group: 'g1' }),
      responseAll(spat, 5, { group: 'g2' }),
      responseAll(spat, 4, { group: 'g2' }),
      responseAll(spat, 5, { group: 'g2' }),
    ];
    const s = summarise({ framework: spat, responses, rosterSize: 6, k: 3, groups });
    expect(s.groups!.shown.map((g) => [g.label, g.respondents, g.tenths.purpose])).toEqual([
      ['Employers', 3, 23],
      ['Trade unions', 3, 47],
    ]);
    expect(s.groups!.withheld).toBe(false);
    expect(s.groups!.gap).toEqual({ characteristicId: 'purpose', high: 'g2', low: 'g1', tenths: 24 });
  });

  it('are withheld in the summary when a small group would stand out', () => {
    const responses = [
      responseAll(spat, 2, { group: 'g1' }),
      responseAll(spat, 2, { group: 'g1' }),
      responseAll(spat, 3, { group: 'g1' }),
      responseAll(spat, 5, { group: 'g3' }),
    ];
    const s = summarise({ framework: spat, responses, rosterSize: 6, k: 3, groups });
    expect(s.groups).toEqual({ shown: [], withheld: true, gap: null });
  });
});
