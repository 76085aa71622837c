import { readLocale } from '../../src/i18n/translator.js';

/**
 * A value put into a sentence cannot be mutated: "ar Dydd Mawrth" should be "ar ddydd
 * Mawrth", "yn Caerdydd" should be "yng Nghaerdydd", "2 partner" should be "2 bartner".
 * So no Welsh string may put a placeholder straight after a word that mutates what follows,
 * nor a number from data straight before a noun that 2, 3 or 6 would mutate. The fix is a
 * label ("Dyddiad cau: {{date}}") or a number that stands apart ("{{k}} o bartneriaid").
 */

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

/**
 * Words that mutate the word after them. Soft: prepositions, "yn" (predicative), "ei" (his),
 * "dy", "neu", "pa", "mor", "rhy", "dyma", "dyna", "dau", "dwy", "un" (feminine), "ail";
 * aspirate: "a" (and), "â", "gyda", "tua", "na", "ei" (her), "tri", "chwe"; nasal: "fy", "yn"
 * (in). The article "y", "yr", "'r" mutates a feminine noun, which a value may be. The
 * contracted "'n" is "yn", "'i" is "ei", "'w" is "ei" or "eu".
 */
const MUTATORS = [
  'ar', 'i', 'o', 'am', 'at', 'gan', 'heb', 'dan', 'tan', 'dros', 'tros', 'trwy', 'drwy', 'wrth', 'hyd', 'yn', 'ei', 'dy', 'fy',
  'a', 'â', 'gyda', 'gydag', 'tua', 'na', 'nac', 'neu', 'pa', 'mor', 'rhy', 'dyma', 'dyna', 'un', 'ail',
  'dau', 'dwy', 'tri', 'tair', 'chwe', 'saith', 'wyth', 'y', 'yr',
];
const CONTRACTED = ["'n", "'i", "'w", "'r"];

/**
 * Placeholders that never start with a mutable letter, so any word may stand before them.
 * Each needs a reason; a name, date, channel, group or language word must never be here.
 */
const BARE: Record<string, string> = {
  count: 'a number',
  number: 'a round number',
  k: 'a number',
  answered: 'a number',
  total: 'a number',
  page: 'a number',
  saved: 'a number',
  respondents: 'a number',
  duration: 'a duration, which starts with its number ("2 ddiwrnod")',
  cmd: 'a command, which starts with "/" or "@"',
  command: 'a command, which starts with "/" or "@"',
  help: 'a command, which starts with "/" or "@"',
  person: 'the "@enw" placeholder of a command',
  example: 'a command or a cron expression in quotes',
  expr: 'a cron expression',
  zone: 'a time zone code such as Europe/London',
  id: 'a questionnaire id',
  file: 'a file name, "asesu-3-2026-03-03.csv"',
};

/** Numbers from data: 2 soft-mutates the noun after it, 3 and 6 aspirate it. */
const NUMBERS = new Set(['count', 'number', 'k', 'answered', 'total', 'page', 'saved', 'respondents']);
/** A radical (unmutated) initial that soft mutation would change: p t c b d g m ll rh. */
const SOFT_RADICAL = /^(p|t(?!h)|c(?!h)|b|d(?!d)|g|m|ll|rh)/i;
/** A radical initial that aspirate mutation would change: p t c. */
const ASPIRATE_RADICAL = /^(p(?!h)|t(?!h)|c(?!h))/i;
/** Each Welsh plural category stands for one number, or for numbers that mutate nothing. */
const CATEGORY_NUMBER: Record<string, number> = { two: 2, few: 3, many: 6 };

/** The faults in one Welsh string, as "key: …" lines. */
function mutationFaults(key: string, text: string): string[] {
  const faults: string[] = [];
  for (const m of text.matchAll(/([\p{L}']+)\s+\{\{(\w+)\}\}/gu)) {
    const word = m[1]!.toLowerCase();
    const name = m[2]!;
    const mutates = MUTATORS.includes(word) || CONTRACTED.some((c) => word.endsWith(c));
    if (mutates && !(name in BARE)) faults.push(`${key}: "${m[0]}" cannot mutate {{${name}}}`);
  }
  const category = /_(zero|one|two|few|many|other)$/.exec(key)?.[1];
  for (const m of text.matchAll(/\{\{(\w+)\}\}\s+(\p{L}+)/gu)) {
    const name = m[1]!;
    const next = m[2]!;
    if (!NUMBERS.has(name) || next === 'o') continue;
    // In a plural form the category fixes the number; elsewhere it may be 2, 3 or 6.
    const n = category === undefined ? undefined : CATEGORY_NUMBER[category];
    const wrong = category === undefined ? SOFT_RADICAL.test(next) : n === 2 ? SOFT_RADICAL.test(next) : n === 3 || n === 6 ? ASPIRATE_RADICAL.test(next) : false;
    if (wrong) faults.push(`${key}: "${m[0]}" needs a mutation the number decides`);
  }
  return faults;
}

describe('Welsh mutations', () => {
  const cy = leaves(readLocale('cy') as Tree);

  it('never put a value where Welsh would mutate it', () => {
    expect(cy.flatMap(([key, text]) => mutationFaults(key, text))).toEqual([]);
  });

  it('catch the faults they are meant to catch', () => {
    expect(mutationFaults('a', 'Caeodd cylch {{number}} ar {{date}}.')).toHaveLength(1);
    expect(mutationFaults('a', 'Defnyddiwch y botwm yn {{channel}}')).toHaveLength(1);
    expect(mutationFaults('a', "Maen nhw'n {{names}}")).toHaveLength(1);
    expect(mutationFaults('a', 'Atebion, o {{first}} i {{last}}')).toHaveLength(2);
    expect(mutationFaults('a', 'pan fydd o leiaf {{k}} partner wedi ateb')).toHaveLength(1);
    expect(mutationFaults('a_few', '{{count}} partner')).toHaveLength(1);
    expect(mutationFaults('a_two', '{{count}} diwrnod')).toHaveLength(1);
  });

  it('let values stand where nothing mutates them', () => {
    expect(mutationFaults('a', 'Cylch adolygu {{number}} wedi cau: {{date}}.')).toEqual([]);
    expect(mutationFaults('a', 'pan fydd o leiaf {{k}} o bartneriaid wedi ateb')).toEqual([]);
    expect(mutationFaults('a', 'Caewch ef yn gyntaf gyda {{command}}.')).toEqual([]);
    expect(mutationFaults('a', 'bydd ar agor am {{duration}}.')).toEqual([]);
    expect(mutationFaults('a_two', '{{count}} ddiwrnod')).toEqual([]);
    expect(mutationFaults('a_few', '{{count}} diwrnod')).toEqual([]);
    expect(mutationFaults('a_other', '{{count}} partner')).toEqual([]);
  });
});
