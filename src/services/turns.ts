import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Scheduled work takes turns at the service's own CPU and disk, so a member's answer never
 * queues behind a morning of round cards: at 09:30 hundreds of partnerships become due at
 * once, and each would otherwise read, render and write in the same moment as the answers.
 * A piece of work holds a turn while it works here and hands it back while it waits on a
 * platform (an answer, room under a rate limit), which is most of a busy morning; the
 * scheduler can then keep hundreds of partnerships waiting at once and still only a few
 * working. Requests from members never take turns.
 */
export class Turns {
  private readonly gate: Semaphore;

  constructor(limit: number) {
    this.gate = new Semaphore(limit);
  }

  /** Runs `work` holding a turn, except while it is `away`. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const turn: Turn = { gate: this.gate, held: false, away: 0, over: false };
    return current.run(turn, async () => {
      await take(turn);
      try {
        return await work();
      } finally {
        turn.over = true;
        if (turn.held) give(turn);
      }
    });
  }
}

/** At most `limit` holders at once; the others wait in the order they asked. */
export class Semaphore {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(limit: number) {
    this.free = limit;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.free++;
  }

  /** Runs `work` holding one place for all of it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }
}

interface Turn {
  gate: Semaphore;
  held: boolean;
  /** Waits under way: work may wait on several calls at once (a roster's lookups). */
  away: number;
  taking?: Promise<void>;
  /** The work has ended; anything it left running (a timer, a background update) holds no turn. */
  over: boolean;
}

const current = new AsyncLocalStorage<Turn>();

async function take(turn: Turn): Promise<void> {
  turn.taking ??= turn.gate.acquire().then(() => {
    turn.taking = undefined;
    if (turn.over) turn.gate.release();
    else turn.held = true;
  });
  await turn.taking;
}

function give(turn: Turn): void {
  turn.held = false;
  turn.gate.release();
}

/** Waits for something outside the service without holding a turn; outside scheduled work it just waits. */
export async function away<T>(wait: () => Promise<T>): Promise<T> {
  const turn = current.getStore();
  if (!turn || turn.over) return wait();
  if (turn.away++ === 0 && turn.held) give(turn);
  try {
    return await wait();
  } finally {
    if (--turn.away === 0 && !turn.over && !turn.held) await take(turn);
  }
}
