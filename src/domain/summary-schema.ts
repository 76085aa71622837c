import { z } from 'zod';
import { BANDS } from './scoring.js';

const tenths = z.number().int();

const characteristicResult = z.strictObject({
  id: z.string(),
  /** Members who gave at least one answer on the scale to this characteristic. */
  answering: z.number().int().min(0),
  dontKnow: z.number().int().min(0),
  /** Answers per scale option, in the framework's order. */
  distribution: z.array(z.number().int().min(0)),
  /** Null when fewer than k members answered it. */
  tenths: tenths.nullable(),
  band: z.enum(BANDS).nullable(),
  /** Change in shown score since the previous closed round of the same framework. */
  trendTenths: tenths.nullable(),
});

const dividedView = z.strictObject({
  characteristicId: z.string(),
  statementId: z.string(),
  answers: z.number().int(),
  disagree: z.number().int(),
  agree: z.number().int(),
});

const groupResult = z.strictObject({
  id: z.string(),
  label: z.string(),
  respondents: z.number().int(),
  tenths: z.record(z.string(), tenths.nullable()),
});

/** The summary of a round, as stored with it when it closes. Language-free: channels render it. */
export const summarySchema = z.strictObject({
  frameworkId: z.string(),
  frameworkVersion: z.string(),
  k: z.number().int(),
  rosterSize: z.number().int().min(0),
  respondents: z.number().int().min(0),
  /** False when fewer than k members answered: then nothing else is filled in. */
  enough: z.boolean(),
  characteristics: z.array(characteristicResult),
  strengths: z.array(z.string()),
  priorities: z.array(z.string()),
  divided: z.array(dividedView),
  groups: z
    .strictObject({
      shown: z.array(groupResult),
      /** True when some groups were left out to keep their members anonymous. */
      withheld: z.boolean(),
      gap: z
        .strictObject({ characteristicId: z.string(), high: z.string(), low: z.string(), tenths })
        .nullable(),
    })
    .nullable(),
  comments: z.array(z.strictObject({ characteristicId: z.string(), text: z.string() })),
});
export type Summary = z.infer<typeof summarySchema>;
export type CharacteristicResult = Summary['characteristics'][number];
export type DividedView = z.infer<typeof dividedView>;
