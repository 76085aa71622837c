import { readLocale, createTranslator, MissingTextError } from '../../src/i18n/translator.js';
import { formatDateTime } from '../../src/i18n/dates.js';

type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

const en = leaves(readLocale('en') as Tree);
const cy = leaves(readLocale('cy') as Tree);
const base = (entries: [string, string][]) => new Set(entries.map(([k]) => k.replace(PLURAL, '')));

describe('the locale files', () => {
  it('have the same keys in Welsh and English', () => {
    expect([...base(cy)].sort()).toEqual([...base(en)].sort());
  });

  it('have no empty strings', () => {
    expect([...en, ...cy].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });

  it('give every Welsh plural key all six categories, and every English one "one" and "other"', () => {
    const pluralBases = (entries: [string, string][]) => new Set(entries.filter(([k]) => PLURAL.test(k)).map(([k]) => k.replace(PLURAL, '')));
    const has = (entries: [string, string][], key: string) => entries.some(([k]) => k === key);
    for (const key of pluralBases(cy)) for (const c of ['zero', 'one', 'two', 'few', 'many', 'other']) expect([key, c, has(cy, `${key}_${c}`)]).toEqual([key, c, true]);
    for (const key of pluralBases(en)) for (const c of ['one', 'other']) expect([key, c, has(en, `${key}_${c}`)]).toEqual([key, c, true]);
  });

  it('use the same placeholders in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const cyMap = new Map(cy.map(([k, v]) => [k.replace(PLURAL, ''), v]));
    for (const [k, v] of en) {
      const welsh = cyMap.get(k.replace(PLURAL, ''));
      if (welsh === undefined) continue;
      expect([k, vars(welsh).filter((x) => x !== 'count')]).toEqual([k, vars(v).filter((x) => x !== 'count')]);
    }
  });
});

describe('the translator', () => {
  const t = createTranslator();

  it('uses all six Welsh plural forms', () => {
    expect([0, 1, 2, 3, 6, 12].map((count) => t.t('cy', 'duration.days', { count }))).toEqual(['0 diwrnod', '1 diwrnod', '2 ddiwrnod', '3 diwrnod', '6 diwrnod', '12 diwrnod']);
    expect([0, 1, 2, 3, 6, 12].map((count) => t.t('cy', 'duration.minutes', { count }))).toEqual(['0 munud', '1 munud', '2 funud', '3 munud', '6 munud', '12 munud']);
    expect([0, 1, 2, 3, 6, 12].map((count) => t.t('en', 'duration.days', { count }))).toEqual(['0 days', '1 day', '2 days', '3 days', '6 days', '12 days']);
  });

  it('keeps the number apart in Welsh where a mutation would be needed', () => {
    expect([0, 1, 2, 3, 6, 12].map((count) => t.t('cy', 'round.progress', { answered: 1, count }))).toEqual(
      [0, 1, 2, 3, 6, 12].map((n) => `Partneriaid sydd wedi ateb: 1 o ${n}`),
    );
    expect(t.t('en', 'round.progress', { answered: 7, count: 12 })).toBe('7 of 12 partners have answered');
    expect(t.t('en', 'round.progress', { answered: 1, count: 1 })).toBe('1 of 1 partner has answered');
  });

  it('writes cy+en Welsh first', () => {
    expect(t.each('cy+en', 'round.answer')).toEqual(['Ateb', 'Answer']);
    expect(t.text('cy+en', 'summary.strengths')).toBe('Cryfderau / Strengths');
  });

  it('throws on a missing key instead of showing it', () => {
    expect(() => t.t('cy', 'round.nothing')).toThrow(MissingTextError);
  });

  it('formats dates in Welsh with the Welsh day and month names', () => {
    const tuesday = Date.UTC(2026, 2, 3, 9, 30);
    expect(formatDateTime('cy', tuesday, 'Europe/London')).toBe('dydd Mawrth, 3 Mawrth am 09:30');
    expect(formatDateTime('en', tuesday, 'Europe/London')).toBe('Tuesday 3 March at 09:30');
    expect(formatDateTime('cy', Date.UTC(2026, 6, 4, 8, 0), 'Europe/London')).toBe('dydd Sadwrn, 4 Gorffennaf am 09:00');
  });
});
