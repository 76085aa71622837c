import { createRequire } from 'node:module';

/** The parts of the official `adaptivecards` library the checks use. */
interface SerializationContext {
  readonly eventCount: number;
  getEventAt(index: number): { phase: number; event: number; message: string };
}
interface AdaptiveCards {
  AdaptiveCard: new () => {
    parse(json: unknown, context: SerializationContext): void;
    validateProperties(): { validationEvents: { phase: number; event: number; message: string }[] };
  };
  SerializationContext: new (version: unknown) => SerializationContext;
  Versions: { v1_5: unknown };
}
// The library's bundled build, loaded without its typings: its lib/ is extensionless ESM that
// Node cannot load, and its typings point at TypeScript sources this project's settings reject.
const ac: AdaptiveCards = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js');

/** Every problem the official Adaptive Cards parser reports for a card read as version 1.5. */
export function cardProblems(card: unknown): string[] {
  const parsed = new ac.AdaptiveCard();
  const context = new ac.SerializationContext(ac.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  const json = JSON.stringify(card);
  if (json.includes('${')) problems.push('an unexpanded template expression');
  if (/"(width|height|minHeight)":\s*"?\d+px/.test(json)) problems.push('a fixed pixel size');
  if (!json.includes('"version":"1.5"')) problems.push('not version 1.5');
  return problems;
}
