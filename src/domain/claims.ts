import type { Partnership } from './model.js';

/**
 * Every message posted to a platform is claimed in the partnership's stored data before it is
 * sent and recorded after, so a command, the schedule and other instances never send it twice.
 * A claim stands for CLAIM_MS; a sender that crashed before recording leaves a claim that
 * lapses, and the effect is tried once more (MAX_TRIES in all), never more.
 */
export const CLAIM_MS = 10 * 60_000;
export const MAX_TRIES = 2;

/** The claim keys, one per effect; the schedule uses the same keys to know what is in hand. */
export const CLAIM = {
  card: (roundId: string) => `${roundId}:card`,
  summary: (roundId: string) => `${roundId}:summary`,
  nudge: (roundId: string, offsetMs: number) => `${roundId}:nudge:${offsetMs}`,
  notice: (occurrence: number) => `notice:${occurrence}`,
  rosterNotice: (roundId: string) => `${roundId}:rosterNotice`,
  actionReminder: (number: number, which: string) => `action:${number}:${which}`,
} as const;

/** When the live claim on `key` lapses, or null when nobody holds it now. */
export function claimHeldUntil(p: Partnership, key: string, now: number): number | null {
  const claim = p.claims[key];
  if (!claim) return null;
  const until = claim.at + CLAIM_MS;
  return until > now ? until : null;
}

/** The partnership without the claim on `key`. */
export function withoutClaim(p: Partnership, key: string): Partnership {
  if (!(key in p.claims)) return p;
  const { [key]: _dropped, ...rest } = p.claims;
  return { ...p, claims: rest };
}
