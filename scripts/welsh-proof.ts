/**
 * Writes docs/welsh-proof.md: every Welsh string rendered through the real translator beside
 * the English, with sample values chosen to show a mutation fault if there is one (counts 0,
 * 1, 2, 3, 6 and 12; names, channels, groups and dates that begin with mutable letters), for
 * a Welsh reader to read through once. `npm run welsh:proof`; the render test uses the same
 * samples.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locale } from '../src/domain/text.js';
import { formatDateTime } from '../src/i18n/dates.js';
import { createTranslator, readLocale, type Translator, type Vars } from '../src/i18n/translator.js';
import { BUILTIN_FRAMEWORKS_DIR, ROOT } from '../src/paths.js';

/** The six Welsh plural categories: zero, one, two, few, many, other. */
export const COUNTS = [0, 1, 2, 3, 6, 12] as const;
/** The count shown for a string whose numbers stand apart, where every count reads alike. */
const PLAIN_COUNT = 3;

const NUMBERS = new Set(['count', 'number', 'k', 'answered', 'total', 'page', 'saved', 'respondents']);
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Tuesday 3 March 2026, 09:30 in Wales: "dydd Mawrth, 3 Mawrth am 09:30". */
const SAMPLE_TIME = Date.UTC(2026, 2, 3, 9, 30);
const PREFIX: Record<Locale, string> = { cy: '/asesu ', en: '/assess ' };

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

const cyLeaves = leaves(readLocale('cy') as Tree);
const enLeaves = leaves(readLocale('en') as Tree);

/** Every key a user can be shown, plural forms counted once, in the order of cy.json. */
export const WELSH_KEYS: string[] = [...new Set(cyLeaves.map(([k]) => k.replace(PLURAL, '')))];

function templates(key: string): string[] {
  return [...cyLeaves, ...enLeaves].filter(([k]) => k === key || k.replace(PLURAL, '') === key).map(([, v]) => v);
}

function placeholders(key: string): Set<string> {
  return new Set(templates(key).flatMap((v) => [...v.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!)));
}

/** A radical initial that 2, 3 or 6 would mutate. */
const MUTABLE = /^(p|t(?!h)|c(?!h)|b|d(?!d)|g|m|ll|rh)/i;

/** Whether a count changes the words around it: a plural key, or a number straight before a word it could mutate. */
function countMatters(key: string): boolean {
  const forms = cyLeaves.filter(([k]) => k === key || k.replace(PLURAL, '') === key);
  return forms.some(([k]) => PLURAL.test(k)) || forms.some(([, v]) => [...v.matchAll(/\{\{(\w+)\}\} (\p{L}+)/gu)].some((m) => NUMBERS.has(m[1]!) && MUTABLE.test(m[2]!)));
}

/** The command each key's {{cmd}} or {{command}} stands for, as the code fills it in. */
function commandWord(key: string): string {
  const own = /^(?:help\.commands|parse\.usage)\.(\w+)$/.exec(key)?.[1];
  if (own === 'groupsSet') return 'groups';
  if (own === 'actionsAdd') return 'actions';
  if (own === 'other') return 'close';
  if (own) return own;
  const byKey: Record<string, string> = {
    'welcome.secretariat': 'start',
    'slack.welcome.firstUser': 'start',
    'refusal.roundOpen': 'close',
    'groups.none': 'groups',
    'notice.roundSoon': 'schedule',
    'teams.export.declined': 'export',
    'teams.export.expired': 'export',
    'refusal.unknownAction': 'actions',
    'actions.none': 'actions',
    'actions.added': 'actions',
    'notice.actionBefore': 'actions',
    'notice.actionOn': 'actions',
  };
  return byKey[key] ?? 'help';
}

const scale = (JSON.parse(readFileSync(join(BUILTIN_FRAMEWORKS_DIR, 'spat.json'), 'utf8')) as { scale: { options: { label: Record<Locale, string> }[] } }).scale.options;

/** Values for one rendering; the channel is either a channel's name or the words used when there is none. */
export function sampleVars(t: Translator, locale: Locale, key: string, count: number, channelName: boolean): Vars {
  const command = (word: string) => `${PREFIX[locale]}${t.t(locale, `words.${word}`)}`;
  const date = formatDateTime(locale, SAMPLE_TIME, 'Europe/London');
  const text: Record<string, string> = {
    name: 'Bethan Morgan',
    names: 'Bethan Morgan, Dafydd Tomos',
    channel: channelName ? 'Partneriaeth Caerdydd' : t.t(locale, 'notice.thisChannel'),
    groups: locale === 'cy' ? 'Cyflogwyr, Undebau llafur, Trydydd sector' : 'Employers, Trade unions, Third sector',
    language: t.t(locale, 'language.names.cy'),
    schedule: t.t(locale, 'schedule.monthly'),
    first: scale[0]!.label[locale],
    last: scale[scale.length - 1]!.label[locale],
    word: locale === 'cy' ? 'Pleidlais' : 'Vote',
    date,
    deadline: date,
    now: date,
    duration: t.t(locale, 'duration.days', { count }),
    cmd: command(commandWord(key)),
    command: command(commandWord(key)),
    help: command('help'),
    person: t.t(locale, 'words.person'),
    example: key === 'refusal.badCron' ? '"30 9 1 * *"' : `${command('secretariat')} ${t.t(locale, 'words.add')} ${t.t(locale, 'words.person')}`,
    expr: '30 9 1 * *',
    zone: 'Europe/London',
    id: 'spat',
    file: 'asesu-3-2026-03-03.csv',
    min: '1',
    max: '5',
    strength: '4.0',
    priority: '3.0',
    text: locale === 'cy' ? 'Papurau wythnos cyn pob cyfarfod' : 'Papers a week before each meeting',
    parts: [t.t(locale, 'actions.countDone', { count }), t.t(locale, 'actions.countOpen', { count: 1 })].join(', '),
    done: `${command('actions')} ${t.t(locale, 'words.done')} 3`,
    add: `${command('actions')} ${t.t(locale, 'words.add')} "…"`,
    drop: `${command('actions')} ${t.t(locale, 'words.drop')} 3`,
  };
  const vars: Vars = {};
  for (const name of placeholders(key)) vars[name] = NUMBERS.has(name) ? count : text[name] ?? `«${name}»`;
  return vars;
}

export interface Rendering {
  key: string;
  /** What the sample shows, when the key was rendered more than once: "n = 2", "no channel name". */
  sample: string;
  cy: string;
  en: string;
  /** Whether the proof shows it: every count only where the count changes the words. */
  shown: boolean;
}

/** Every Welsh string with every sample: all six counts where there is a number, both channel forms. */
export function renderAll(t: Translator = createTranslator()): Rendering[] {
  return WELSH_KEYS.flatMap((key) => {
    const names = placeholders(key);
    const hasNumber = [...names].some((n) => NUMBERS.has(n));
    const counts: readonly number[] = hasNumber ? COUNTS : [PLAIN_COUNT];
    const channels = names.has('channel') ? [true, false] : [true];
    const matters = countMatters(key);
    return counts.flatMap((count) =>
      channels.map((channelName) => ({
        key,
        sample: [matters ? `n = ${count}` : '', names.has('channel') && !channelName ? 'no channel name' : ''].filter(Boolean).join(', '),
        cy: t.t('cy', key, sampleVars(t, 'cy', key, count, channelName)),
        en: t.t('en', key, sampleVars(t, 'en', key, count, channelName)),
        shown: !hasNumber || matters || count === PLAIN_COUNT,
      })),
    );
  });
}

/** Markdown that shows text as written: no emphasis from "*", no tags from "<", one line per cell. */
function cell(text: string): string {
  return text.replace(/([\\`*_|<>[\]])/g, '\\$1').replace(/\n/g, '<br>');
}

export function proofMarkdown(rows: Rendering[]): string {
  const out = [
    '# Welsh proof',
    '',
    'Every Welsh string of asesu, rendered by the translator the bot uses, beside the English.',
    'The sample values begin with letters Welsh mutates (Bethan, Dafydd, Partneriaeth Caerdydd,',
    'Cyflogwyr, dydd Mawrth) and the counts cover the six plural categories (0, 1, 2, 3, 6, 12),',
    'so a value put where Welsh would mutate it, or a noun a number would mutate, shows here.',
    'Where the numbers stand apart every count reads alike, and only 3 is shown.',
    '',
    'Made by `npm run welsh:proof` from `locales/cy.json` and `locales/en.json`; run it again after changing either.',
  ];
  let group = '';
  for (const row of rows.filter((r) => r.shown)) {
    const top = row.key.split('.')[0]!;
    if (top !== group) {
      group = top;
      out.push('', `## ${top}`, '', '| Key | Cymraeg | English |', '|---|---|---|');
    }
    out.push(`| \`${row.key}\`${row.sample ? ` (${row.sample})` : ''} | ${cell(row.cy)} | ${cell(row.en)} |`);
  }
  return `${out.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = join(ROOT, 'docs', 'welsh-proof.md');
  const rows = renderAll();
  writeFileSync(file, proofMarkdown(rows));
  console.log(`docs/welsh-proof.md: ${WELSH_KEYS.length} keys, ${rows.filter((r) => r.shown).length} renderings shown of ${rows.length}`);
}
