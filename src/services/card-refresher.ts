import { roundById } from '../domain/partnership.js';
import { progress } from '../domain/round.js';
import { channelOf, type Deps } from './context.js';

/**
 * Keeps round cards up to date without flooding the platform: a burst of answers becomes
 * at most one card update per interval per partnership (Teams allows a few operations a
 * second per conversation; Slack's chat.update allows fewer). The update always shows the
 * latest stored state, so nothing is lost by skipping the ones in between.
 */
export class CardRefresher {
  private readonly pending = new Map<string, { roundId: string; timer?: NodeJS.Timeout; running?: Promise<void>; last: number }>();

  constructor(
    private readonly deps: Deps,
    private readonly intervalMs: number,
  ) {}

  /** Asks for the round card to be brought up to date soon. */
  request(partnershipId: string, roundId: string): void {
    const state = this.pending.get(partnershipId) ?? { roundId, last: 0 };
    state.roundId = roundId;
    this.pending.set(partnershipId, state);
    if (state.timer) return;
    const wait = Math.max(0, state.last + this.intervalMs - Date.now());
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.running = (state.running ?? Promise.resolve()).then(() => this.refresh(partnershipId, state.roundId));
      state.last = Date.now();
    }, wait);
  }

  /** Waits for every requested update, for shutdown and tests. */
  async flush(): Promise<void> {
    for (const [id, state] of this.pending) {
      if (state.timer) {
        clearTimeout(state.timer);
        state.timer = undefined;
        state.running = (state.running ?? Promise.resolve()).then(() => this.refresh(id, state.roundId));
      }
    }
    await Promise.all([...this.pending.values()].map((s) => s.running));
  }

  /**
   * Brings one round card up to date now. Another instance may update the same card at the
   * same moment from an older read and land last, so the stored state is read again after each
   * update, and the card is updated again until it shows what is stored (a few times at most).
   */
  async refresh(partnershipId: string, roundId: string): Promise<void> {
    try {
      let shown: string | undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        const partnership = await this.deps.store.get(partnershipId);
        const round = partnership && roundById(partnership, roundId);
        const framework = round && this.deps.frameworks.get(round.frameworkId);
        if (!partnership || !round?.card || !framework) return;
        const now = JSON.stringify([progress(round, framework), round.closedAt ?? null]);
        if (now === shown) return;
        await channelOf(this.deps, partnership).updateRound({ partnership, round, framework, progress: progress(round, framework) });
        shown = now;
      }
    } catch (error) {
      this.deps.log.warn({ err: error, partnership: partnershipId }, 'round card update failed');
    }
  }
}
