import type { DayInput } from '../domain/actions.js';
import type { Schedule, SchedulePreset } from '../domain/model.js';
import type { Language } from '../domain/text.js';
import { parseDay } from './days.js';
import { parseDuration } from './duration.js';

/** The commands of SPEC §7, the same on both platforms. */
export type Command =
  | { name: 'help' }
  | { name: 'start'; durationMs?: number }
  | { name: 'status' }
  | { name: 'close' }
  | { name: 'summary' }
  | { name: 'schedule'; schedule?: Schedule | null }
  | { name: 'language'; language?: Language }
  | { name: 'timezone'; timeZone?: string }
  | { name: 'secretariat'; action: 'add' | 'remove' | 'list' }
  | { name: 'groups'; groups?: string[] | null }
  | { name: 'export' }
  | { name: 'history' }
  | { name: 'report' }
  | { name: 'forget' }
  | { name: 'actions'; action: 'list' }
  | { name: 'actions'; action: 'add'; text: string; characteristic?: number; owner?: true; due?: DayInput }
  | { name: 'actions'; action: 'done' | 'drop'; number: number };

export type CommandName = Command['name'];

export type ParseOutcome =
  | { ok: true; command: Command }
  | { ok: false; error: 'unknown'; word: string }
  | { ok: false; error: 'usage'; name: CommandName }
  | { ok: false; error: 'duration' | 'durationRange' }
  | { ok: false; error: 'date' };

/** Command words in English and Welsh. Matching ignores case and accents, so "grŵpiau" is "grwpiau". */
const WORDS: Record<string, CommandName> = {
  help: 'help', cymorth: 'help', '?': 'help',
  start: 'start', dechrau: 'start',
  status: 'status', statws: 'status',
  close: 'close', cau: 'close',
  summary: 'summary', crynodeb: 'summary',
  schedule: 'schedule', amserlen: 'schedule',
  language: 'language', iaith: 'language',
  timezone: 'timezone', 'time-zone': 'timezone', cylchfa: 'timezone',
  secretariat: 'secretariat', ysgrifenyddiaeth: 'secretariat',
  groups: 'groups', grwpiau: 'groups',
  export: 'export', allforio: 'export',
  history: 'history', hanes: 'history',
  report: 'report', adroddiad: 'report',
  forget: 'forget', anghofio: 'forget',
  actions: 'actions', action: 'actions', camau: 'actions', cam: 'actions',
};

const PRESETS: Record<string, SchedulePreset | 'off'> = {
  monthly: 'monthly', misol: 'monthly', 'bob mis': 'monthly',
  quarterly: 'quarterly', chwarterol: 'quarterly', 'bob chwarter': 'quarterly',
  'half-yearly': 'half-yearly', 'half yearly': 'half-yearly', 'six-monthly': 'half-yearly', 'hanner-blynyddol': 'half-yearly', 'bob hanner blwyddyn': 'half-yearly',
  yearly: 'yearly', annually: 'yearly', annual: 'yearly', blynyddol: 'yearly', 'bob blwyddyn': 'yearly',
  off: 'off', none: 'off', 'i ffwrdd': 'off', dim: 'off',
};

const LANGUAGE_WORDS: Record<string, Language> = {
  cy: 'cy', cymraeg: 'cy', welsh: 'cy',
  en: 'en', saesneg: 'en', english: 'en',
  'cy+en': 'cy+en', 'cy-en': 'cy+en', both: 'cy+en', bilingual: 'cy+en', dwyieithog: 'cy+en', 'y ddwy': 'cy+en',
};

const SECRETARIAT_ACTIONS: Record<string, 'add' | 'remove' | 'list'> = {
  add: 'add', ychwanegu: 'add', remove: 'remove', tynnu: 'remove', list: 'list', rhestr: 'list',
};

const ACTION_VERBS: Record<string, 'list' | 'add' | 'done' | 'drop'> = {
  list: 'list', rhestr: 'list',
  add: 'add', ychwanegu: 'add',
  done: 'done', complete: 'done', cwblhau: 'done', gwneud: 'done',
  drop: 'drop', remove: 'drop', dileu: 'drop', gollwng: 'drop',
};
/** The parts after an action's quoted text: which characteristic, who is responsible, by when. */
const FOR_WORD = /^(?:for|ar gyfer) #?(\d{1,2})(?: |$)/;
const OWNER_WORD = /^(?:owner|yn gyfrifol|cyfrifol):?(?: @\S+)*(?: |$)/;
const DUE_WORD = /^(?:due|by|erbyn):? (.+?)(?= (?:for|ar gyfer|owner|yn gyfrifol|cyfrifol)\b|$)/;
const QUOTED = /^"([^"]*)"(.*)$/;

const CLEAR_WORDS = new Set(['off', 'none', 'clear', 'dim', 'i ffwrdd', 'clirio']);
const SET_WORDS = new Set(['set', 'gosod']);
const ME_WORDS = new Set(['me', 'fi', 'i']);

/** Lower case without accents, single spaces, straight quotes. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Parses what a person typed after the bot's name or slash command. The channel has already
 * taken out mentions of the bot and of people; a leading "assess"/"asesu" is allowed.
 * Group names keep the case they were typed in.
 */
export function parseCommand(input: string): ParseOutcome {
  const original = input.normalize('NFC').replace(/\s+/g, ' ').trim().replace(/^\/?(assess|asesu)\b\s*/i, '');
  const text = normalise(original);
  if (!text) return { ok: true, command: { name: 'help' } };
  const [word = '', ...rest] = text.split(' ');
  const name = WORDS[word];
  if (!name) return { ok: false, error: 'unknown', word: original.split(' ')[0]!.slice(0, 40) };
  const args = rest.join(' ');
  const argsOriginal = original.split(' ').slice(1).join(' ');
  switch (name) {
    case 'start': {
      if (!args) return { ok: true, command: { name } };
      const duration = parseDuration(args);
      return duration.ok ? { ok: true, command: { name, durationMs: duration.ms } } : { ok: false, error: duration.error };
    }
    case 'schedule':
      return parseSchedule(args, argsOriginal);
    case 'language': {
      if (!args) return { ok: true, command: { name } };
      const language = LANGUAGE_WORDS[args];
      return language ? { ok: true, command: { name, language } } : { ok: false, error: 'usage', name };
    }
    case 'timezone': {
      // Time zone names are case-sensitive (Europe/London), so they come from what was typed.
      const zone = argsOriginal.trim();
      if (!zone) return { ok: true, command: { name } };
      return /\s/.test(zone) ? { ok: false, error: 'usage', name } : { ok: true, command: { name, timeZone: zone } };
    }
    case 'secretariat': {
      const action = args ? SECRETARIAT_ACTIONS[args.split(' ')[0]!] : 'list';
      return action ? { ok: true, command: { name, action } } : { ok: false, error: 'usage', name };
    }
    case 'groups':
      return parseGroups(args, argsOriginal);
    case 'forget':
      return ME_WORDS.has(args) ? { ok: true, command: { name } } : { ok: false, error: 'usage', name };
    case 'actions':
      return parseActions(args, argsOriginal);
    default:
      return args ? { ok: false, error: 'usage', name } : { ok: true, command: { name } };
  }
}

function parseSchedule(args: string, original: string): ParseOutcome {
  if (!args) return { ok: true, command: { name: 'schedule' } };
  if (/^cron\b/.test(args)) {
    const cron = /^\S+\s+["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]+)["\u201c\u201d\u201e]$/.exec(original);
    return cron ? { ok: true, command: { name: 'schedule', schedule: { kind: 'cron', expr: cron[1]!.trim() } } } : { ok: false, error: 'usage', name: 'schedule' };
  }
  const preset = PRESETS[args];
  if (!preset) return { ok: false, error: 'usage', name: 'schedule' };
  return { ok: true, command: { name: 'schedule', schedule: preset === 'off' ? null : { kind: preset } } };
}

/** `actions`, `actions add "…" [for 4] [owner @x] [due 30 April]`, `actions done 3`, `actions drop 3`. */
function parseActions(args: string, original: string): ParseOutcome {
  const usage: ParseOutcome = { ok: false, error: 'usage', name: 'actions' };
  if (!args) return { ok: true, command: { name: 'actions', action: 'list' } };
  const [word = '', ...rest] = args.split(' ');
  const verb = ACTION_VERBS[word];
  if (!verb) return usage;
  if (verb === 'list') return rest.length ? usage : { ok: true, command: { name: 'actions', action: 'list' } };
  if (verb !== 'add') {
    const number = /^#?(\d{1,6})$/.exec(rest.join(' '));
    return number ? { ok: true, command: { name: 'actions', action: verb, number: Number(number[1]) } } : usage;
  }
  const typed = original.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/^\S+\s*/, '');
  const quoted = QUOTED.exec(typed);
  // Without quotes, everything typed is the text and nothing else is set.
  if (!quoted) return typed.trim() && !typed.includes('"') ? { ok: true, command: { name: 'actions', action: 'add', text: typed.trim() } } : usage;
  const command: Extract<Command, { action: 'add' }> = { name: 'actions', action: 'add', text: quoted[1]! };
  let left = normalise(quoted[2]!);
  while (left) {
    const forMatch = FOR_WORD.exec(left);
    const ownerMatch = forMatch ? null : OWNER_WORD.exec(left);
    const dueMatch = forMatch || ownerMatch ? null : DUE_WORD.exec(left);
    if (forMatch) command.characteristic = Number(forMatch[1]);
    else if (ownerMatch) command.owner = true;
    else if (dueMatch) {
      const day = parseDay(dueMatch[1]!);
      if (!day) return { ok: false, error: 'date' };
      command.due = day;
    } else return usage;
    left = left.slice((forMatch ?? ownerMatch ?? dueMatch)![0].length).trim();
  }
  return { ok: true, command };
}

function parseGroups(args: string, original: string): ParseOutcome {
  if (!args) return { ok: true, command: { name: 'groups' } };
  if (CLEAR_WORDS.has(args)) return { ok: true, command: { name: 'groups', groups: null } };
  const list = SET_WORDS.has(args.split(' ')[0]!) ? original.replace(/^\S+\s*/, '') : original;
  const groups = list
    .split(/[,;\n]/)
    .map((g) => g.trim())
    .filter(Boolean);
  return groups.length ? { ok: true, command: { name: 'groups', groups } } : { ok: false, error: 'usage', name: 'groups' };
}
