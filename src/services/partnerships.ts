import { memberOf, newPartnership } from '../domain/partnership.js';
import type { Partnership } from '../domain/model.js';
import { partnershipId, type Actor, type Deps, type Where } from './context.js';

/**
 * The partnership of a conversation, set up on first use: whoever sets it up becomes its
 * first secretariat member. A changed address (a new service URL, a renamed channel) is kept.
 */
export async function ensurePartnership(deps: Deps, where: Where, founder: Actor): Promise<{ partnership: Partnership; created: boolean }> {
  const id = partnershipId(where.platform, where.key);
  return deps.store.update<{ partnership: Partnership; created: boolean }>(id, (current) => {
    if (!current) {
      const partnership = newPartnership({
        id,
        platform: where.platform,
        address: where.address,
        name: where.name,
        now: deps.clock.now(),
        founder: memberOf(founder.id, { name: founder.name }),
        settings: deps.defaults,
      });
      deps.log.info({ partnership: id, platform: where.platform }, 'partnership set up');
      return { next: partnership, result: { partnership, created: true } };
    }
    const moved = JSON.stringify(current.address) !== JSON.stringify(where.address) || (where.name !== undefined && where.name !== current.name);
    if (!moved) return { result: { partnership: current, created: false } };
    const next = { ...current, address: where.address, ...(where.name !== undefined ? { name: where.name } : {}) };
    return { next, result: { partnership: next, created: false } };
  });
}

/**
 * The bot was added to a conversation. Returns whether to post the welcome: only the first
 * time, however often the platform tells us (or retries telling us).
 */
export async function install(deps: Deps, where: Where, installer: Actor): Promise<{ partnership: Partnership; welcome: boolean }> {
  const { partnership } = await ensurePartnership(deps, where, installer);
  return deps.store.update<{ partnership: Partnership; welcome: boolean }>(partnership.id, (current) => {
    const p = current ?? partnership;
    if (p.welcomed) return { result: { partnership: p, welcome: false } };
    const next = { ...p, welcomed: true };
    return { next, result: { partnership: next, welcome: true } };
  });
}
