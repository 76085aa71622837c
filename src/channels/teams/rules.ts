import type { Framework, FrameworkRule } from '../../domain/framework.js';

/**
 * Limits that keep a framework inside what Teams shows well: a dialog page and the summary card
 * must fit one Teams message (about 28 KB), and scale labels must fit a radio button on a phone.
 */
export const TEAMS_LIMITS = { title: 120, description: 600, statement: 300, scaleLabel: 40 } as const;

function tooLong(path: string, text: { en: string; cy: string }, max: number): { path: string; reason: string }[] {
  return (['en', 'cy'] as const)
    .filter((l) => [...text[l]].length > max)
    .map((l) => ({ path: `${path}.${l}`, reason: `longer than ${max} characters, too long for a Teams card` }));
}

/** Limits Teams puts on frameworks; a framework that breaks one is refused when loaded. */
export const teamsFrameworkRules: FrameworkRule[] = [
  (f: Framework) =>
    f.scale.options.flatMap((o, i) => tooLong(`scale.options[${i}].label`, o.label, TEAMS_LIMITS.scaleLabel)).concat(tooLong('scale.dontKnow', f.scale.dontKnow, TEAMS_LIMITS.scaleLabel)),
  (f: Framework) =>
    f.characteristics.flatMap((c, ci) => [
      ...tooLong(`characteristics[${ci}].title`, c.title, TEAMS_LIMITS.title),
      ...tooLong(`characteristics[${ci}].description`, c.description, TEAMS_LIMITS.description),
      ...c.statements.flatMap((s, si) => tooLong(`characteristics[${ci}].statements[${si}].text`, s.text, TEAMS_LIMITS.statement)),
    ]),
];
