/**
 * Sliding windows of calls, as the platforms count them: a call is refused when any window
 * already holds its limit of calls. Used by the loopback fakes to answer 429 like the real
 * services; the fakes' own clock is real time, so the limits cost real waiting when they are on.
 */
export interface Window {
  limit: number;
  ms: number;
}

export class RateWindows {
  private readonly seen = new Map<string, number[]>();

  /** Counts a call under `key` at `now` and returns 0, or returns the milliseconds until one would be allowed. */
  take(key: string, windows: readonly Window[], now = Date.now()): number {
    const longest = Math.max(...windows.map((w) => w.ms));
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - longest);
    let wait = 0;
    for (const w of windows) {
      const inside = times.filter((t) => t > now - w.ms);
      if (inside.length >= w.limit) wait = Math.max(wait, inside[inside.length - w.limit]! + w.ms - now);
    }
    if (wait === 0) times.push(now);
    this.seen.set(key, times);
    return wait;
  }
}

/** Retry-After is whole seconds on both platforms: never less than the wait, and never 0 for a real wait. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
