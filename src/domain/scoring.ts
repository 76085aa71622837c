/**
 * Scores are kept as whole tenths so that "one decimal, half up" is exact:
 * a mean of 3.25 is 33 tenths and shows as 3.3, never 3.2 through floating-point error.
 */

/** Mean of `count` answers adding up to `sum`, in tenths, rounded half up. Answers are never negative. */
export function meanTenths(sum: number, count: number): number {
  if (count <= 0) throw new RangeError('a mean needs at least one answer');
  return Math.floor((20 * sum + count) / (2 * count));
}

export const BANDS = ['strength', 'developing', 'priority'] as const;
export type Band = (typeof BANDS)[number];

/** The band of a shown score: at or above `strength` is a strength, below `priority` a priority. */
export function bandOf(tenths: number, bands: { strength: number; priority: number }): Band {
  if (tenths >= Math.round(bands.strength * 10)) return 'strength';
  if (tenths < Math.round(bands.priority * 10)) return 'priority';
  return 'developing';
}

/** "3.3" from 33. */
export function showTenths(tenths: number): string {
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}

/** True when at least a quarter of `total` is `part`, in whole numbers. */
export function atLeastQuarter(part: number, total: number): boolean {
  return 4 * part >= total;
}
