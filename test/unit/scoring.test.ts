import { bandOf, meanTenths, showTenths } from '../../src/domain/scoring.js';
import { summarise, type Summary } from '../../src/domain/summary.js';
import { responseAll, responseTo, spat } from '../support/builders.js';

const bands = spat.bands;

/** A characteristic the summary shows, with its figures; fails the test when it is withheld. */
function shown(s: Summary, id: string) {
  const c = s.characteristics.find((x) => x.id === id);
  if (!c?.shown) throw new Error(`${id} is withheld`);
  return c;
}

describe('a characteristic score', () => {
  it('is the mean shown to one decimal, rounded half up', () => {
    expect(showTenths(meanTenths(13, 4))).toBe('3.3'); // 3.25
    expect(showTenths(meanTenths(7, 2))).toBe('3.5');
    expect(showTenths(meanTenths(10, 3))).toBe('3.3'); // 3.333…
    expect(showTenths(meanTenths(11, 3))).toBe('3.7'); // 3.666…
    expect(showTenths(meanTenths(79, 20))).toBe('4.0'); // 3.95
    expect(showTenths(meanTenths(5, 1))).toBe('5.0');
  });

  it('is banded on the shown value, so 3.95 reads 4.0 and is a strength', () => {
    expect(bandOf(meanTenths(79, 20), bands)).toBe('strength');
    expect(bandOf(39, bands)).toBe('developing');
    expect(bandOf(30, bands)).toBe('developing');
    expect(bandOf(29, bands)).toBe('priority');
  });

  it('leaves "don\'t know" out of the mean but counts it', () => {
    const responses = [
      responseTo(spat, 'purpose', [5, 5, 5, 'dk']),
      responseTo(spat, 'purpose', [4, 4, 4, 4]),
      responseTo(spat, 'purpose', [3, 'dk', 3, 3]),
    ];
    const s = summarise({ framework: spat, responses, rosterSize: 3, k: 3, groups: [] });
    const purpose = shown(s, 'purpose');
    expect(purpose.tenths).toBe(meanTenths(15 + 16 + 9, 10));
    expect(purpose.dontKnow).toBe(2);
    expect(purpose.answering).toBe(3);
    expect(purpose.distribution).toEqual([0, 0, 3, 4, 3]);
  });

  it('shows "too few answers" for a characteristic fewer than k members answered on the scale', () => {
    const responses = [responseAll(spat, 4), responseAll(spat, 4), responseAll(spat, 4, { only: ['purpose'] })];
    const s = summarise({ framework: spat, responses, rosterSize: 5, k: 3, groups: [] });
    expect(shown(s, 'purpose').tenths).toBe(40);
    // Nothing but its id: not its distribution, nor how many answered it.
    expect(s.characteristics.find((c) => c.id === 'engagement')).toEqual({ id: 'engagement', shown: false });
  });

  it('does not count a member who answered only "don\'t know" towards k', () => {
    const responses = [responseAll(spat, 4), responseAll(spat, 4), responseAll(spat, 'dk')];
    const s = summarise({ framework: spat, responses, rosterSize: 3, k: 3, groups: [] });
    expect(s.enough).toBe(true);
    expect(s.characteristics.every((c) => !c.shown)).toBe(true);
  });
});

describe('the summary below k respondents', () => {
  it('shows the count only: no scores, no comments, no divided views', () => {
    const responses = [responseAll(spat, 1, { comment: 'honest words' }), responseAll(spat, 5, { comment: 'more words' })];
    const s = summarise({ framework: spat, responses, rosterSize: 10, k: 3, groups: [{ id: 'g1', label: 'Employers' }] });
    expect(s).toMatchObject({ enough: false, respondents: 2, rosterSize: 10, characteristics: [], divided: [], strengths: [], priorities: [], groups: null });
  });
});

describe('divided views', () => {
  const c = 'engagement';
  const statement = spat.characteristics.find((x) => x.id === c)!.statements[0]!.id;
  const one = (value: number) => responseTo(spat, c, [value, 3, 3, 3]);

  it('are statements with at least a quarter on each side', () => {
    const s = summarise({ framework: spat, responses: [one(1), one(2), one(4), one(5), one(3), one(3), one(3), one(3)], rosterSize: 8, k: 3, groups: [] });
    expect(s.divided).toEqual([{ characteristicId: c, statementId: statement, answers: 8, disagree: 2, agree: 2 }]);
  });

  it('need a quarter on both sides, not just one', () => {
    const s = summarise({ framework: spat, responses: [one(1), one(4), one(3), one(3), one(3), one(3), one(3), one(3), one(3)], rosterSize: 9, k: 3, groups: [] });
    expect(s.divided).toEqual([]);
  });

  it('need at least k answers on the scale to the statement', () => {
    const dk = responseTo(spat, c, ['dk', 3, 3, 3]);
    const s = summarise({ framework: spat, responses: [one(1), one(5), dk, dk], rosterSize: 4, k: 3, groups: [] });
    expect(s.divided).toEqual([]);
  });
});

describe('the trend', () => {
  it('is the difference of shown scores against the previous round', () => {
    const previous = summarise({ framework: spat, responses: [responseAll(spat, 3), responseAll(spat, 3), responseAll(spat, 4)], rosterSize: 3, k: 3, groups: [] });
    const now = summarise({ framework: spat, responses: [responseAll(spat, 4), responseAll(spat, 4), responseAll(spat, 4)], rosterSize: 3, k: 3, groups: [], previous });
    expect(shown(previous, 'purpose').tenths).toBe(33);
    expect(shown(now, 'purpose').trendTenths).toBe(7);
  });

  it('is omitted where either round had too few answers', () => {
    const previous = summarise({ framework: spat, responses: [responseAll(spat, 3), responseAll(spat, 3), responseAll(spat, 4, { only: ['purpose'] })], rosterSize: 3, k: 3, groups: [] });
    const now = summarise({ framework: spat, responses: [responseAll(spat, 4), responseAll(spat, 4), responseAll(spat, 4)], rosterSize: 3, k: 3, groups: [], previous });
    expect(shown(now, 'purpose').trendTenths).toBe(7);
    expect(shown(now, 'engagement').trendTenths).toBeNull();
  });
});

describe('strengths and priorities', () => {
  it('list the characteristics in each band, best and worst first', () => {
    const responses = [0, 1, 2].map(() => ({
      pages: {
        purpose: { answers: Object.fromEntries(spat.characteristics[0]!.statements.map((s) => [s.id, 5])) },
        engagement: { answers: Object.fromEntries(spat.characteristics[1]!.statements.map((s) => [s.id, 4])) },
        principles: { answers: Object.fromEntries(spat.characteristics[2]!.statements.map((s) => [s.id, 3])) },
        cascade: { answers: Object.fromEntries(spat.characteristics[3]!.statements.map((s) => [s.id, 1])) },
        monitoring: { answers: Object.fromEntries(spat.characteristics[4]!.statements.map((s) => [s.id, 2])) },
      },
    }));
    const s = summarise({ framework: spat, responses, rosterSize: 3, k: 3, groups: [] });
    expect(s.strengths).toEqual(['purpose', 'engagement']);
    expect(s.priorities).toEqual(['cascade', 'monitoring']);
  });
});

describe('comments', () => {
  it('are unattributed and ordered by text, not by who wrote them or when', () => {
    const a = responseTo(spat, 'purpose', [4], { comment: 'Zebra crossing' });
    const b = responseTo(spat, 'purpose', [4], { comment: 'Apples' });
    const c = responseTo(spat, 'purpose', [4], { comment: 'Mangoes' });
    const s = summarise({ framework: spat, responses: [a, b, c], rosterSize: 3, k: 3, groups: [] });
    expect(shown(s, 'purpose').comments).toEqual(['Apples', 'Mangoes', 'Zebra crossing']);
  });
});
