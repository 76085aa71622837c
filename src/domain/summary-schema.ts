import { z } from 'zod';
import { BANDS } from './scoring.js';

const tenths = z.number().int();
const count = z.number().int().min(0);

/**
 * The figures of one statement. Statements are published all together or not at all, so that
 * no withheld statement is its characteristic minus the statements shown.
 */
const shownStatement = z.strictObject({
  id: z.string(),
  /** Members who answered it on the scale. */
  answering: count,
  dontKnow: count,
  distribution: z.array(count),
  tenths,
});

const shownCharacteristic = z.strictObject({
  id: z.string(),
  shown: z.literal(true),
  /** Members who gave at least one answer on the scale to this characteristic: at least k. */
  answering: count,
  dontKnow: count,
  /** Answers per scale option, in the framework's order. */
  distribution: z.array(count),
  tenths,
  band: z.enum(BANDS),
  /** Change in shown score since the previous closed round of the same framework. */
  trendTenths: tenths.nullable(),
  /** Null when any statement had fewer than k answers on the scale (or the round predates statement rows). */
  statements: z.array(shownStatement).nullable().default(null),
  /** Unattributed, in text order: only beside a characteristic that is itself shown. */
  comments: z.array(z.string()).default([]),
});

/** A characteristic too few answered: its id and nothing else, so no output can show a figure for it. */
const withheldCharacteristic = z.strictObject({ id: z.string(), shown: z.literal(false) });

const characteristicResult = z.discriminatedUnion('shown', [shownCharacteristic, withheldCharacteristic]);

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

const publishedSummary = z.strictObject({
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
});

/**
 * A round's published summary: the snapshot taken when it closes and stored with it. Every
 * output about a closed round (the summary on both platforms, `summary` on request, the export,
 * the next round's trend) reads this and nothing else, so a later "forget me" can take comments
 * out but never move a published figure. Language-free: channels render it.
 *
 * A summary stored before withheld characteristics lost their figures is read as its stored
 * self with the disclosure rule applied: withheld rows keep only their id, comments move beside
 * the characteristic they are about (dropped when it is withheld), and divided views go, as
 * statements are withheld. It is not worked out again from the answers, which a "forget me"
 * may have changed since it was published.
 */
export const summarySchema = z.preprocess(fromEarlierShape, publishedSummary);
export type Summary = z.infer<typeof publishedSummary>;
export type CharacteristicResult = Summary['characteristics'][number];
export type ShownCharacteristic = Extract<CharacteristicResult, { shown: true }>;
export type ShownStatement = z.infer<typeof shownStatement>;
export type DividedView = z.infer<typeof dividedView>;

type Loose = Record<string, unknown>;

function fromEarlierShape(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as Loose).characteristics)) return raw;
  const old = raw as Loose & { characteristics: unknown[] };
  if (old.characteristics.every((c) => c && typeof c === 'object' && 'shown' in c) && !('comments' in old)) return raw;
  const comments = Array.isArray(old.comments) ? (old.comments as { characteristicId?: unknown; text?: unknown }[]) : [];
  const shown = new Set<string>();
  const characteristics = old.characteristics.map((value) => {
    const c = value as Loose;
    if ('shown' in c) return c;
    if (c.tenths === null || c.tenths === undefined || c.band === null || c.band === undefined) return { id: c.id, shown: false };
    shown.add(String(c.id));
    return {
      id: c.id,
      shown: true,
      answering: c.answering,
      dontKnow: c.dontKnow,
      distribution: c.distribution,
      tenths: c.tenths,
      band: c.band,
      trendTenths: c.trendTenths ?? null,
      statements: null,
      comments: comments.filter((x) => x.characteristicId === c.id).map((x) => x.text),
    };
  });
  const { comments: _dropped, ...rest } = old;
  const groups = old.groups as { shown: { tenths: Record<string, unknown> }[]; gap: { characteristicId: string } | null } | null | undefined;
  return {
    ...rest,
    characteristics,
    // Divided views are counts of statements, and an earlier summary kept no statement rows to check them against.
    divided: [],
    ...(groups
      ? {
          groups: {
            ...groups,
            shown: groups.shown.map((g) => ({ ...g, tenths: Object.fromEntries(Object.entries(g.tenths).map(([id, t]) => [id, shown.has(id) ? t : null])) })),
            gap: groups.gap && shown.has(groups.gap.characteristicId) ? groups.gap : null,
          },
        }
      : {}),
  };
}
