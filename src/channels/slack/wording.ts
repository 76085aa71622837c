import type { Partnership } from '../../domain/model.js';
import { privateLanguage, type Language, type Locale } from '../../domain/text.js';
import type { Translator } from '../../i18n/translator.js';
import type { Surface, Wording } from '../shared/wording.js';
import { COMMANDS, type SlashCommand } from './ids.js';

/**
 * How commands are shown on Slack. A reply to a command repeats the command the person
 * typed (both take English and Welsh words); elsewhere Welsh text says /asesu and English
 * text says /assess.
 */
export function slackSurface(typed?: SlashCommand): Surface {
  return { prefix: (locale: Locale) => `${typed ?? COMMANDS[locale]} ` };
}

/** The language and time zone before a partnership exists. */
export interface WordingDefaults {
  language: Language;
  timeZone: string;
}

/** Wording for the channel: the partnership's language, Welsh first for `cy+en`. */
export function channelWording(t: Translator, p: Partnership): Wording {
  return { t, language: p.settings.language, timeZone: p.settings.timeZone, surface: slackSurface() };
}

/**
 * Wording for one member's private views: their Slack locale when it is Welsh or English,
 * else the partnership's language (or the service default before a partnership exists).
 */
export function memberWording(t: Translator, p: Partnership | undefined, defaults: WordingDefaults, locale: string | undefined, typed?: SlashCommand): Wording {
  return {
    t,
    language: privateLanguage(locale, p?.settings.language ?? defaults.language),
    timeZone: p?.settings.timeZone ?? defaults.timeZone,
    surface: slackSurface(typed),
  };
}
