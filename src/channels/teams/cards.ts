import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import { CARDS_DIR } from '../../paths.js';
import { CONTENT_TYPE } from './actions.js';

/** An Adaptive Card as JSON. */
export type CardJson = Record<string, unknown>;

export const CARD_NAMES = ['welcome', 'round', 'form-page', 'form-review', 'summary', 'message', 'reply', 'history', 'agree'] as const;
export type CardName = (typeof CARD_NAMES)[number];

interface Template {
  expand(context: { $root: object }): unknown;
}
interface Templating {
  Template: new (payload: unknown) => Template;
}
// Loaded without its typings: they import adaptivecards' TypeScript sources, which do not
// compile under this project's compiler settings. The two members used are typed above.
const templating: Templating = createRequire(import.meta.url)('adaptivecards-templating');

const cardShape = z.record(z.string(), z.unknown());
const templates = new Map<CardName, Template>();

/** Fills the template `cards/<name>.json` with data. */
export function expandCard(name: CardName, data: object): CardJson {
  let template = templates.get(name);
  if (!template) {
    template = new templating.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, template);
  }
  return cardShape.parse(template.expand({ $root: data }));
}

/** A card as a message attachment. */
export function attachment(card: CardJson): { contentType: string; content: CardJson } {
  return { contentType: CONTENT_TYPE.adaptiveCard, content: card };
}
