import type { Framework } from './framework.js';
import type { Partnership } from './model.js';
import type { Summary } from './summary-schema.js';

/** One closed round as the history shows it: only what its published summary holds. */
export interface HistoryRound {
  number: number;
  closedAt: number;
  respondents: number;
  rosterSize: number;
  /** Whole per cent, or null when the roster was unknown (no total to divide by). */
  ratePercent: number | null;
  /** False when fewer than k answered: the summary published no scores at all. */
  enough: boolean;
  /**
   * Score in tenths for each characteristic of the framework, in its order; null where the
   * summary withheld it (or the round's framework had no such characteristic): a gap, never a point.
   */
  tenths: (number | null)[];
}

export interface History {
  frameworkId: string;
  /** The framework's characteristic ids, in its order: the lines of the chart. */
  characteristicIds: string[];
  bands: { strength: number; priority: number };
  scale: { min: number; max: number };
  rounds: HistoryRound[];
}

/**
 * Every closed round's scores over time (SPEC §12), read from each round's frozen published
 * summary and nothing else: never counted again from the answers, so whatever the disclosure
 * rule withheld when the round closed stays withheld here, and "forget me" moves nothing.
 */
export function historyOf(p: Partnership, framework: Framework): History {
  const ids = framework.characteristics.map((c) => c.id);
  const values = framework.scale.options.map((o) => o.value);
  const rounds = p.rounds
    .filter((r): r is typeof r & { summary: Summary; closedAt: number } => r.summary !== undefined && r.closedAt !== undefined)
    .sort((a, b) => a.number - b.number)
    .map((r): HistoryRound => {
      const s = r.summary;
      return {
        number: r.number,
        closedAt: r.closedAt,
        respondents: s.respondents,
        rosterSize: s.rosterSize,
        ratePercent: s.rosterSize ? Math.round((100 * s.respondents) / s.rosterSize) : null,
        enough: s.enough,
        tenths: ids.map((id) => {
          const c = s.enough ? s.characteristics.find((x) => x.id === id) : undefined;
          return c?.shown ? c.tenths : null;
        }),
      };
    });
  return {
    frameworkId: framework.id,
    characteristicIds: ids,
    bands: framework.bands,
    scale: { min: Math.min(...values), max: Math.max(...values) },
    rounds,
  };
}
