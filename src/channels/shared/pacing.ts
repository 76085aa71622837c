/**
 * Keeps the bot's own calls to a platform inside the platform's published limits, and
 * honours its 429 answers. Each call names the slots it uses (a tenant or workspace, a
 * conversation, a method), each slot counted in sliding windows the way the platform counts
 * them; a scheduled call waits until every slot has room. A throttled scheduled call waits
 * what Retry-After asked and goes again, for as long as `patienceMs` allows, so throttled
 * work is done later rather than dropped; past that it fails, its claim is released and the
 * scheduler comes back to it. Patience is half a claim's life: a post still waiting here must
 * never outlive the claim that keeps another instance from sending it too. Interactive calls (the answer to a member's click, a dialog
 * page) never queue: they are counted, so scheduled work makes room for them, but they go at once.
 * Courtesy calls (a message that repeats what the member has already seen) go only when there
 * is room now and nothing waits ahead of them; otherwise they are dropped, not queued, so a
 * morning busier than the platform allows never builds a backlog of them.
 */
import { CLAIM_MS } from '../../domain/claims.js';
import { PlatformBusyError } from '../../services/ports.js';
import { away } from '../../services/turns.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  // A call waiting for room must not keep a stopping process alive.
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
};

export interface Window {
  limit: number;
  ms: number;
}

/** One limit a call counts against; the narrowest slot comes first (see `hold`). */
export interface Slot {
  key: string;
  windows: readonly Window[];
}

export type Lane = 'scheduled' | 'interactive' | 'courtesy';

export interface PacerOptions {
  /** Milliseconds the platform asked the bot to wait, when `error` is its 429. */
  retryAfterMs(error: unknown): number | undefined;
  /** Errors worth a second try after a short wait (a 502 from a busy front end). */
  transient?(error: unknown): boolean;
  clock?: Clock;
  /** Added to every window: a call counted here on leaving arrives a little later there. */
  marginMs?: number;
  /** How long a scheduled call may wait, for room or through 429s, before it gives up. */
  patienceMs?: number;
}

interface Track {
  /** When each call counted here finished, oldest first. */
  times: number[];
  /** Calls under way: each takes a place in every window until it finishes. */
  going: number;
  /** No call before this time: the platform said to wait. */
  until: number;
  longest: number;
}

const TRANSIENT_ATTEMPTS = 3;
const TRANSIENT_WAIT_MS = 1_000;
/** Interactive calls try once more after a 429, and only when the wait is short: a member is waiting. */
const INTERACTIVE_WAIT_MAX_MS = 3_000;
const SWEEP_EVERY = 1_000;
const UNDER_WAY_WAIT_MS = 50;

export class Pacer {
  /** 429s the platform answered. */
  throttled = 0;
  private readonly tracks = new Map<string, Track>();
  private readonly clock: Clock;
  private readonly marginMs: number;
  private readonly patienceMs: number;
  private added = 0;
  /** Set by stop(): scheduled work no longer waits. */
  private stopped = false;
  private readonly sleepers = new Set<() => void>();
  /** The last in each line of scheduled calls waiting for room (see slot). */
  private readonly lines = new Map<string, Promise<void>>();

  constructor(private readonly options: PacerOptions) {
    this.clock = options.clock ?? realClock;
    this.marginMs = options.marginMs ?? 50;
    this.patienceMs = options.patienceMs ?? CLAIM_MS / 2;
  }

  async run<T>(slots: readonly Slot[], call: () => Promise<T>, lane: Lane = 'scheduled'): Promise<T> {
    const started = this.clock.now();
    let failures = 0;
    let throttles = 0;
    for (;;) {
      if (lane === 'scheduled') await this.slot(slots, started);
      else if (lane === 'courtesy') this.roomNow(slots);
      else this.begin(slots);
      try {
        return await away(() => this.counted(slots, call));
      } catch (error) {
        const wait = this.options.retryAfterMs(error);
        if (wait !== undefined) {
          this.throttled++;
          throttles++;
          const now = this.clock.now();
          this.hold(slots, now + wait);
          if (lane === 'courtesy') throw new NoRoomNow(slots[0]?.key ?? '', error);
          if (lane === 'interactive') {
            if (throttles > 1 || wait > INTERACTIVE_WAIT_MAX_MS) throw error;
            await this.sleep(wait);
          } else if (now + wait - started > this.patienceMs) throw new PacingTimeout(slots[0]?.key ?? '', now - started, error);
          continue;
        }
        failures++;
        if (failures >= TRANSIENT_ATTEMPTS || !this.options.transient?.(error)) throw error;
        await this.sleep(TRANSIENT_WAIT_MS * failures);
      }
    }
  }

  /**
   * Milliseconds until every slot has room (0: now). A call is counted from when it leaves
   * until a window's length after it finished: the platform saw it somewhere in between, and
   * a call held up in the client's own queue or a slow connection must not let the next one
   * through early.
   */
  waitFor(slots: readonly Slot[], now = this.clock.now()): number {
    let wait = 0;
    for (const slot of slots) {
      const track = this.tracks.get(slot.key);
      if (!track) continue;
      wait = Math.max(wait, track.until - now);
      for (const w of slot.windows) {
        const ms = w.ms + this.marginMs;
        let inside = track.going;
        for (let i = track.times.length - 1; i >= 0 && track.times[i]! > now - ms; i--) inside++;
        if (inside < w.limit) continue;
        // Room comes when enough finished calls leave the window; with every place taken by calls under way, look again shortly.
        const finished = w.limit - track.going;
        wait = Math.max(wait, finished > 0 ? track.times[track.times.length - finished]! + ms - now : UNDER_WAY_WAIT_MS);
      }
    }
    return wait;
  }

  /**
   * Scheduled calls wait in line, one line per widest slot (a tenant, a workspace's method), and
   * only the first in line sleeps until there is room: with thousands waiting (a backlog of
   * thank-yous), each waking at every freed place would keep the service busy doing nothing.
   */
  private async slot(slots: readonly Slot[], started: number): Promise<void> {
    const key = lineOf(slots);
    const ahead = this.lines.get(key);
    if (!ahead && this.waitFor(slots) <= 0) {
      this.begin(slots);
      return;
    }
    let leave = () => {};
    const mine = new Promise<void>((resolve) => (leave = resolve));
    const line = (ahead ?? Promise.resolve()).then(() => mine);
    this.lines.set(key, line);
    try {
      if (ahead) await away(() => ahead);
      for (;;) {
        const now = this.clock.now();
        const wait = this.waitFor(slots, now);
        // A long line can outlast the patience by itself: the claim must still be held when the call goes.
        if (wait <= 0 && now - started <= this.patienceMs) {
          this.begin(slots);
          return;
        }
        if (this.stopped || now + Math.max(0, wait) - started > this.patienceMs) throw new PacingTimeout(slots[0]?.key ?? '', now - started);
        await this.sleep(wait);
      }
    } finally {
      leave();
      if (this.lines.get(key) === line) this.lines.delete(key);
    }
  }

  /** Takes places for a courtesy call if it can go now without passing anyone waiting; otherwise NoRoomNow. */
  private roomNow(slots: readonly Slot[]): void {
    const key = lineOf(slots);
    if (this.stopped || this.lines.has(key) || this.waitFor(slots) > 0) throw new NoRoomNow(key);
    this.begin(slots);
  }

  /**
   * The service is stopping: whatever waits for room gives up now, its claim released for the
   * next start to pick up, rather than holding the shutdown for minutes; calls with room still go.
   */
  stop(): void {
    this.stopped = true;
    for (const wake of [...this.sleepers]) wake();
  }

  private async sleep(ms: number): Promise<void> {
    let wake = () => {};
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.sleepers.add(wake);
    try {
      await away(() => Promise.race([this.clock.sleep(ms), woken]));
    } finally {
      this.sleepers.delete(wake);
    }
  }

  private begin(slots: readonly Slot[]): void {
    for (const slot of slots) this.track(slot).going++;
  }

  /** Runs a call that has its places (begin), and counts it as finished when it is. */
  private async counted<T>(slots: readonly Slot[], call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } finally {
      const now = this.clock.now();
      for (const slot of slots) {
        const track = this.track(slot);
        track.going--;
        track.times.push(now);
        const from = track.times.findIndex((t) => t > now - track.longest);
        if (from > 0) track.times.splice(0, from);
      }
    }
  }

  /**
   * Only the narrowest slot is held: a 429 does not say which limit it was, and the pacer keeps
   * within the wider ones itself, so holding a whole workspace for one channel's burst would
   * stall every other channel for nothing.
   */
  private hold(slots: readonly Slot[], until: number): void {
    const first = slots[0];
    if (!first) return;
    const track = this.track(first);
    track.until = Math.max(track.until, until);
  }

  private track(slot: Slot): Track {
    let track = this.tracks.get(slot.key);
    if (!track) {
      track = { times: [], going: 0, until: 0, longest: Math.max(0, ...slot.windows.map((w) => w.ms + this.marginMs)) };
      this.tracks.set(slot.key, track);
      if (++this.added % SWEEP_EVERY === 0) this.sweep();
    }
    return track;
  }

  /** Forgets slots with nothing left to count, so memory follows recent work, not every conversation ever seen. */
  private sweep(): void {
    const now = this.clock.now();
    for (const [key, track] of this.tracks) {
      const last = track.times[track.times.length - 1] ?? 0;
      if (track.going === 0 && last <= now - track.longest && track.until <= now) this.tracks.delete(key);
    }
  }
}

/** The line a call waits in: its widest slot's (a tenant, a workspace's method). */
function lineOf(slots: readonly Slot[]): string {
  return slots[slots.length - 1]?.key ?? '';
}

/** Scheduled work that would have waited past its patience: it is given back to the scheduler. */
export class PacingTimeout extends PlatformBusyError {
  constructor(key: string, waitedMs: number, cause?: unknown) {
    super(`gave up waiting for room in ${key} after ${waitedMs} ms; the scheduler will try again`, cause === undefined ? undefined : { cause });
    this.name = 'PacingTimeout';
  }
}

/** A courtesy call found no room at once: it is dropped, since what it says has been seen already. */
export class NoRoomNow extends PlatformBusyError {
  constructor(key: string, cause?: unknown) {
    super(`no room in ${key} now for a message that repeats what the member has seen; not sent`, cause === undefined ? undefined : { cause });
    this.name = 'NoRoomNow';
  }
}

/** Retry-After in seconds (the form both platforms use) as milliseconds, or undefined. */
export function retryAfterHeader(value: unknown): number | undefined {
  const seconds = typeof value === 'string' ? Number.parseInt(value, 10) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
