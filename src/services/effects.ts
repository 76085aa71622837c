import { claimHeldUntil, MAX_TRIES, withoutClaim } from '../domain/claims.js';
import type { Partnership } from '../domain/model.js';
import type { Deps } from './context.js';

/** One post to a platform, worked out from the stored partnership. */
export interface Effect<S, T> {
  /** The claim key (domain/claims.ts CLAIM). */
  key: string;
  /** What to send, or null when nothing is owed any more (already sent, round closed…). */
  owed(p: Partnership): S | null;
  send(subject: S): Promise<T>;
  /** The partnership with the post recorded as done; `sent` is undefined when it was given up. */
  record(p: Partnership, sent: T | undefined): Partnership;
}

export type Sent<S, T> = { sent: true; subject: S; value: T } | { sent: false };

/**
 * Claims the effect in the store, sends it, then records it. Whoever finds a live claim leaves
 * the effect to its holder. A failed send releases the claim so the schedule can try again;
 * a claim left by a crash lapses and the effect is tried once more, then given up.
 */
export async function sendOnce<S, T>(deps: Deps, partnershipId: string, effect: Effect<S, T>): Promise<Sent<S, T>> {
  const now = deps.clock.now();
  const claimed = await deps.store.update<{ subject: S; at: number } | null>(partnershipId, (p) => {
    if (!p) return { result: null };
    const subject = effect.owed(p);
    if (subject === null) return p.claims[effect.key] ? { next: withoutClaim(p, effect.key), result: null } : { result: null };
    if (claimHeldUntil(p, effect.key, now) !== null) return { result: null };
    const tries = (p.claims[effect.key]?.tries ?? 0) + 1;
    if (tries > MAX_TRIES) {
      deps.log.error({ partnership: partnershipId, effect: effect.key }, 'a post was claimed and never recorded twice; giving it up');
      return { next: effect.record(withoutClaim(p, effect.key), undefined), result: null };
    }
    const next = { ...p, claims: { ...p.claims, [effect.key]: { at: now, tries } } };
    return { next, result: { subject: effect.owed(next) ?? subject, at: now } };
  });
  if (!claimed) return { sent: false };
  let value: T;
  try {
    value = await effect.send(claimed.subject);
  } catch (error) {
    await release(deps, partnershipId, effect.key, claimed.at).catch((e: unknown) => deps.log.warn({ err: e, partnership: partnershipId }, 'could not release a claim'));
    throw error;
  }
  await deps.store.update(partnershipId, (p) => (p ? { next: effect.record(withoutClaim(p, effect.key), value), result: undefined } : { result: undefined }));
  return { sent: true, subject: claimed.subject, value };
}

/** Drops our own claim after a failed send, so the next attempt need not wait for it to lapse. */
async function release(deps: Deps, partnershipId: string, key: string, at: number): Promise<void> {
  await deps.store.update(partnershipId, (p) => (p && p.claims[key]?.at === at ? { next: withoutClaim(p, key), result: undefined } : { result: undefined }));
}
