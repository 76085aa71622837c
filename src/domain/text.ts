import { z } from 'zod';

/** The two languages a single piece of text exists in. */
export const LOCALES = ['cy', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A partnership's language: Welsh, English, or both with Welsh first. */
export const LANGUAGES = ['cy', 'en', 'cy+en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The locales a language is shown in, in order. */
export function localesOf(language: Language): Locale[] {
  return language === 'cy+en' ? ['cy', 'en'] : [language];
}

/** Picks the language of a private view: the member's own when it is Welsh or English, else the partnership's. */
export function privateLanguage(memberLocale: string | undefined, partnership: Language): Language {
  const primary = memberLocale?.toLowerCase().split(/[-_]/)[0];
  return primary === 'cy' || primary === 'en' ? primary : partnership;
}

export const localisedText = z.strictObject({
  en: z.string().trim().min(1),
  cy: z.string().trim().min(1),
});
export type LocalisedText = z.infer<typeof localisedText>;
