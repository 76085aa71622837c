/**
 * Which partner groups may be shown. A group is shown only with at least k people in it,
 * and only when the people left hidden number 0 or at least k together: otherwise a hidden
 * group's figures could be worked out by subtracting the shown ones from the total. When
 * the hidden remainder is too small, the smallest shown group joins it until it is big
 * enough (or nothing is shown).
 */
export function visibleGroups(counts: ReadonlyMap<string, number>, total: number, k: number): Set<string> {
  const shown = [...counts].filter(([, n]) => n >= k).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  let hidden = total - shown.reduce((sum, [, n]) => sum + n, 0);
  while (hidden !== 0 && hidden < k && shown.length > 0) hidden += shown.pop()![1];
  return new Set(shown.map(([id]) => id));
}
