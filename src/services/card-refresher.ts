import { roundById } from '../domain/partnership.js';
import { progress } from '../domain/round.js';
import { channelOf, type Deps } from './context.js';
import { PlatformBusyError } from './ports.js';

interface Pending {
  roundId: string;
  /** An answer came since the last update began: the card is behind. */
  wanted: boolean;
  /** When the last update began. */
  last: number;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

/**
 * Keeps round cards up to date without flooding the platform: a burst of answers becomes
 * at most one card update per interval per partnership (Teams allows a few operations a
 * second per conversation; Slack's chat.update allows fewer). The update always shows the
 * latest stored state, so nothing is lost by skipping the ones in between. While an update
 * waits for the platform (a busy morning can hold it for minutes), answers only mark the card
 * as behind: one more update follows it, never a queue of them.
 */
export class CardRefresher {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly deps: Deps,
    private readonly intervalMs: number,
  ) {}

  /** Asks for the round card to be brought up to date soon. */
  request(partnershipId: string, roundId: string): void {
    let state = this.pending.get(partnershipId);
    if (!state) this.pending.set(partnershipId, (state = { roundId, wanted: false, last: 0 }));
    state.roundId = roundId;
    state.wanted = true;
    if (!state.running && !state.timer) this.arm(partnershipId, state);
  }

  /** Waits for every requested update, for shutdown and tests. */
  async flush(): Promise<void> {
    for (;;) {
      const running: Promise<void>[] = [];
      for (const [id, state] of this.pending) {
        if (state.timer) {
          clearTimeout(state.timer);
          this.due(id, state);
        }
        if (state.running) running.push(state.running);
      }
      if (!running.length) return;
      await Promise.all(running);
    }
  }

  /** Comes back to the partnership one interval after its last update began. */
  private arm(partnershipId: string, state: Pending): void {
    state.timer = setTimeout(() => this.due(partnershipId, state), Math.max(0, state.last + this.intervalMs - Date.now()));
    // Shutdown flushes what is wanted; the timer alone must not keep a stopping process alive.
    state.timer.unref();
  }

  /** The interval is over (or shutdown cannot wait for it): updates the card if it is behind, or forgets the partnership. */
  private due(partnershipId: string, state: Pending): void {
    state.timer = undefined;
    if (state.wanted) this.start(partnershipId, state);
    else this.pending.delete(partnershipId);
  }

  private start(partnershipId: string, state: Pending): void {
    state.last = Date.now();
    state.running = this.refresh(partnershipId, state.roundId).finally(() => {
      state.running = undefined;
      this.arm(partnershipId, state);
    });
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
        // What this read sees, no later update needs to show again.
        const pending = this.pending.get(partnershipId);
        if (pending?.roundId === roundId) pending.wanted = false;
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
      // The next answer, or the round's close, brings the card up to date.
      if (error instanceof PlatformBusyError) this.deps.log.info({ partnership: partnershipId, reason: error.message }, 'round card not updated: the platform has no room for it now');
      else this.deps.log.warn({ err: error, partnership: partnershipId }, 'round card update failed');
    }
  }
}
