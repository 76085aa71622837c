import type { SharedState } from './store.js';

/** How many delivery keys one process remembers; the oldest go first. */
const DELIVERIES_MAX = 2_000;

/**
 * The shared state of the embedded store: one process serves every request, so memory is
 * shared enough. Nothing here outlives a restart, which costs at most a retry handled twice
 * (each change still checks its own delivery ids in the partnership) or an export asked again.
 */
export class LocalSharedState implements SharedState {
  private readonly deliveries = new Map<string, number>();
  private readonly held = new Map<string, { owner: string; value: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async firstDelivery(key: string, keepMs: number): Promise<boolean> {
    const now = this.now();
    const until = this.deliveries.get(key);
    if (until !== undefined && until > now) return false;
    this.deliveries.delete(key);
    this.deliveries.set(key, now + keepMs);
    if (this.deliveries.size > DELIVERIES_MAX) this.deliveries.delete(this.deliveries.keys().next().value!);
    return true;
  }

  async hold(id: string, owner: string, value: string, keepMs: number): Promise<void> {
    this.sweep();
    this.held.set(id, { owner, value, until: this.now() + keepMs });
  }

  async take(id: string, owner: string): Promise<string | undefined> {
    this.sweep();
    const held = this.held.get(id);
    if (!held || held.owner !== owner) return undefined;
    this.held.delete(id);
    return held.value;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, h] of this.held) if (h.until <= now) this.held.delete(id);
  }
}
