import { z } from 'zod';
import { localisedText, type LocalisedText } from './text.js';

const slug = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens, starting with a letter');

const scaleOption = z.strictObject({
  value: z.number().int().min(0).max(10),
  label: localisedText,
  /** Which side of the scale the option is on: divided views compare the two sides. */
  side: z.enum(['disagree', 'neutral', 'agree']),
});

const statement = z.strictObject({ id: slug, text: localisedText });

const characteristic = z.strictObject({
  id: slug,
  title: localisedText,
  description: localisedText,
  statements: z.array(statement).min(3).max(5),
});

/** A framework file: the questionnaire as data. Nothing else in the engine assumes its size or scale. */
export const frameworkSchema = z
  .strictObject({
    id: slug,
    version: z.string().regex(/^\d+(\.\d+){0,2}$/, 'a version such as 1 or 1.2.0'),
    name: localisedText,
    scale: z.strictObject({
      options: z.array(scaleOption).min(2).max(10),
      dontKnow: localisedText,
    }),
    /** Bands read the shown (one-decimal) score: at or above `strength` is a strength, below `priority` a priority. */
    bands: z.strictObject({ strength: z.number(), priority: z.number() }),
    characteristics: z.array(characteristic).min(1).max(12),
  })
  .superRefine((f, ctx) => {
    const values = f.scale.options.map((o) => o.value);
    values.forEach((v, i) => {
      if (i > 0 && v <= values[i - 1]!) {
        ctx.addIssue({ code: 'custom', path: ['scale', 'options', i, 'value'], message: 'values must rise from the first option to the last' });
      }
    });
    const order = { disagree: 0, neutral: 1, agree: 2 } as const;
    f.scale.options.forEach((o, i) => {
      const prev = f.scale.options[i - 1];
      if (prev && order[o.side] < order[prev.side]) {
        ctx.addIssue({ code: 'custom', path: ['scale', 'options', i, 'side'], message: 'sides must run disagree, neutral, agree' });
      }
    });
    if (!f.scale.options.some((o) => o.side === 'disagree') || !f.scale.options.some((o) => o.side === 'agree')) {
      ctx.addIssue({ code: 'custom', path: ['scale', 'options'], message: 'the scale needs at least one disagree and one agree option' });
    }
    const min = values[0] ?? 0;
    const max = values[values.length - 1] ?? 0;
    if (!(f.bands.priority > min && f.bands.priority <= f.bands.strength && f.bands.strength <= max)) {
      ctx.addIssue({ code: 'custom', path: ['bands'], message: `needs ${min} < priority ≤ strength ≤ ${max}` });
    }
    const seen = new Set<string>();
    f.characteristics.forEach((c, ci) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['characteristics', ci, 'id'], message: `duplicate id "${c.id}"` });
      seen.add(c.id);
      c.statements.forEach((s, si) => {
        if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['characteristics', ci, 'statements', si, 'id'], message: `duplicate id "${s.id}"` });
        seen.add(s.id);
      });
    });
  });

export type Framework = z.infer<typeof frameworkSchema>;
export type Characteristic = Framework['characteristics'][number];
export type Statement = Characteristic['statements'][number];
export type ScaleOption = Framework['scale']['options'][number];

/** A framework file that does not validate; the message names the file and the path inside it. */
export class FrameworkError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path || '(top level)'}: ${reason}`);
    this.name = 'FrameworkError';
  }
}

/** An extra rule a channel puts on frameworks, such as a platform's limits; returns the problems found. */
export type FrameworkRule = (framework: Framework) => { path: string; reason: string }[];

/** Validates parsed JSON as a framework, then every extra rule; throws a FrameworkError for the first problem. */
export function parseFramework(json: unknown, file: string, rules: FrameworkRule[] = []): Framework {
  const parsed = frameworkSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FrameworkError(file, formatPath(issue.path), issue.message);
  }
  for (const rule of rules) {
    const problem = rule(parsed.data)[0];
    if (problem) throw new FrameworkError(file, problem.path, problem.reason);
  }
  return parsed.data;
}

/** Renders a zod path the way a person reads it: characteristics[2].statements[0].text.cy */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Scale facts every calculation needs, derived once. */
export function scaleOf(framework: Framework): { values: number[]; min: number; max: number; side: Map<number, ScaleOption['side']> } {
  const values = framework.scale.options.map((o) => o.value);
  return {
    values,
    min: values[0]!,
    max: values[values.length - 1]!,
    side: new Map(framework.scale.options.map((o) => [o.value, o.side])),
  };
}

export function characteristicOf(framework: Framework, id: string): Characteristic | undefined {
  return framework.characteristics.find((c) => c.id === id);
}

export type { LocalisedText };
