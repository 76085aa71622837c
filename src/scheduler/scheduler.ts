import type { Logger } from 'pino';
import type { Partnership } from '../domain/model.js';
import type { Services } from '../services/index.js';
import { ChannelGoneError, PlatformBusyError, type Clock } from '../services/ports.js';
import type { Store } from '../store/store.js';
import { platformOfId } from '../services/context.js';
import { Semaphore, Turns } from '../services/turns.js';
import type { DueWork } from './due-work.js';
import { FileDueWork } from './file-due-work.js';
import { dueWork, keyOf, scheduleShape, type DueItem } from './due.js';

export interface SchedulerOptions {
  services: Services;
  store: Store;
  clock: Clock;
  log: Logger;
  /** Where due work is listed and recorded (the store's own, see openStore); without it, an index saved in `dir`. */
  due?: DueWork;
  /** The data directory, for the file index when no `due` is given. */
  dir?: string;
  /** Whether to run on a timer; tests call `tick()` themselves. */
  timer?: boolean;
  /**
   * Partnerships of one platform in flight at once. Most of their time is spent waiting for
   * room under the platform's limits, each limit its own queue, so this is large: with few,
   * all would wait in one queue (users.info, say) while another (conversations.members) stood
   * idle. Only a few work in the service at any moment (see Turns).
   */
  concurrency?: number;
  /** Attempts at a failing piece of work before giving up on it. */
  maxAttempts?: number;
  /** The first wait before a retry; it doubles with each failure. */
  retryMs?: number;
}

/** The longest the timer sleeps, so a wall clock that jumps is noticed. */
const MAX_SLEEP_MS = 60_000;
const CONCURRENCY = 512;
const TURNS = 4;
/** How soon work the platform was too busy for is looked at again. */
const BUSY_RETRY_MS = 10_000;
const UNDER_WAY_LOOK_MS = 1_000;

/**
 * Runs review rounds on each partnership's cadence: starts scheduled rounds, nudges members
 * in working hours, closes rounds at their deadline and posts the summary, and tells the
 * secretariat before a round starts. What is due is worked out from stored state; timers
 * only decide when to look.
 */
export class Scheduler {
  private readonly index: DueWork;
  /** Partnerships a tick is working on now. */
  private readonly working = new Set<string>();
  /** One limit per platform: a morning waiting for room in Slack never holds up Teams' partnerships. */
  private readonly workers = new Map<string, Semaphore>();
  /** Of the partnerships in flight, those working in the service rather than waiting on a platform. */
  private readonly turns = new Turns(TURNS);
  /** The last tick found nothing it could start: what is due is already under way. */
  private idle = false;
  private readonly failures = new Map<string, { attempts: number; retryAt: number }>();
  private readonly dirty = new Map<string, Partnership>();
  /** The shape (see scheduleShape) each partnership had when its due time was last worked out. */
  private readonly shapes = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** The partnerships the index could not vouch for at start have been read. */
  private complete = false;

  private constructor(
    private readonly o: SchedulerOptions,
    index: DueWork,
  ) {
    this.index = index;
  }

  private workersOf(id: string): Semaphore {
    const platform = platformOfId(id);
    let workers = this.workers.get(platform);
    if (!workers) {
      workers = new Semaphore(this.o.concurrency ?? CONCURRENCY);
      this.workers.set(platform, workers);
    }
    return workers;
  }

  /**
   * Loads the index, looks again at partnerships changed since it was saved, and does what is
   * due. On its own timer all of that runs in the background, so the service answers at once
   * (reading 1,000 partnership files takes seconds); tests driving tick() get it done first.
   */
  static async start(options: SchedulerOptions): Promise<Scheduler> {
    if (!options.due && options.dir === undefined) throw new Error('the scheduler needs due work or a data directory');
    const index = options.due ?? new FileDueWork(options.dir!, options.log);
    const stale = await index.open();
    const scheduler = new Scheduler(options, index);
    options.store.onWrite((p) => scheduler.markDirty(p));
    if (options.timer === false) await scheduler.catchUp(stale);
    else scheduler.running = scheduler.catchUp(stale).then(() => scheduler.tick()).finally(() => scheduler.arm());
    return scheduler;
  }

  /** Reads the partnerships the saved index cannot vouch for, then saves the index. */
  private async catchUp(stale: string[]): Promise<void> {
    const began = performance.now();
    await inParallel(stale, 16, async (id) => {
      if (this.stopped) return;
      try {
        const p = await this.o.store.get(id);
        if (p) this.reindex(p);
      } catch (error) {
        this.o.log.error({ err: error, partnership: id }, 'partnership skipped by the schedule: its file cannot be read');
      }
    });
    if (this.stopped) return;
    this.complete = true;
    this.index.vouch();
    await this.index.save(true);
    this.o.log.info({ partnerships: stale.length, ms: Math.round(performance.now() - began) }, 'schedule caught up: partnerships changed since the index was saved have been read');
  }

  /**
   * Does every piece of work that is due now. Ticks overlap: a morning of round cards waiting
   * for room under the platforms' limits runs for minutes, and a summary falling due meanwhile
   * must not wait for it. A partnership already being worked on is left to that tick, so an
   * overlapping tick costs only what is newly due.
   */
  async tick(): Promise<{ done: number; failed: number }> {
    this.flushDirty();
    const now = this.o.clock.now();
    const ids = (await this.index.dueBy(now)).filter((id) => !this.working.has(id));
    this.idle = ids.length === 0;
    for (const id of ids) this.working.add(id);
    let done = 0;
    let failed = 0;
    await Promise.all(
      ids.map((id) =>
        this.workersOf(id).run(async () => {
          try {
            const r = await this.turns.run(() => this.runPartnership(id, now));
            done += r.done;
            failed += r.failed;
          } finally {
            this.working.delete(id);
          }
        }),
      ),
    );
    this.flushDirty();
    await this.index.save();
    return { done, failed };
  }

  /** When the given partnership next owes work, for tests and status. */
  nextDue(partnershipId: string): number | undefined {
    this.flushDirty();
    return this.index.get(partnershipId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.flushing);
    await this.running.catch(() => undefined);
    this.flushDirty();
    // Saved even when nothing changed: its time then vouches for every file, so the next start reads none.
    await this.index.save(true);
  }

  private async runPartnership(id: string, now: number): Promise<{ done: number; failed: number }> {
    let p: Partnership | undefined;
    try {
      p = await this.o.store.get(id);
    } catch (error) {
      this.o.log.error({ err: error, partnership: id }, 'scheduled work skipped: the partnership file cannot be read');
      this.shapes.delete(id);
      this.index.record(id, null);
      return { done: 0, failed: 1 };
    }
    if (!p) {
      this.shapes.delete(id);
      this.index.record(id, null);
      return { done: 0, failed: 0 };
    }
    let done = 0;
    let failed = 0;
    for (const item of dueWork(p, now).due) {
      const key = keyOf(id, item);
      const failure = this.failures.get(key);
      if (failure && failure.retryAt > now) continue;
      try {
        await this.perform(id, item);
        this.failures.delete(key);
        done++;
      } catch (error) {
        failed++;
        await this.failed(id, item, key, error, now);
      }
    }
    const latest = await this.o.store.get(id).catch(() => undefined);
    if (latest) this.reindex(latest);
    return { done, failed };
  }

  private async perform(id: string, item: DueItem): Promise<void> {
    const s = this.o.services;
    switch (item.kind) {
      case 'card':
        await s.postRoundCard(id, item.roundId);
        return;
      case 'close':
        await s.closeRound(id, { roundId: item.roundId });
        return;
      case 'summary':
        await s.publishSummary(id, item.roundId);
        return;
      case 'nudge':
        await s.nudge(id, item.roundId, item.offsetMs);
        return;
      case 'notice':
        await s.noticeUpcoming(id, item.occurrence);
        return;
      case 'actionReminder':
        await s.remindAction(id, item.number, item.which);
        return;
      case 'start': {
        const result = await s.startRound(id, { trigger: 'schedule', occurrence: item.occurrence });
        if (result.kind === 'refused') this.o.log.info({ partnership: id, reason: result.reason }, 'scheduled round not started');
        return;
      }
    }
  }

  /**
   * Retries with a doubling wait, a bounded number of times; a channel the bot was removed from
   * stops the schedule. A platform that only asked for patience is not a failure: the work comes
   * back soon however often that happens, since giving it up would drop it for nothing.
   */
  private async failed(id: string, item: DueItem, key: string, error: unknown, now: number): Promise<void> {
    if (error instanceof PlatformBusyError) {
      const retryAt = this.o.clock.now() + BUSY_RETRY_MS;
      this.failures.set(key, { attempts: this.failures.get(key)?.attempts ?? 0, retryAt });
      this.o.log.warn({ partnership: id, work: item.kind, retryAt, reason: error.message }, 'scheduled work waits for the platform');
      return;
    }
    if (error instanceof ChannelGoneError) {
      await this.o.services.stopSchedule(id, error.message).catch((e: unknown) => this.o.log.error({ err: e, partnership: id }, 'could not stop the schedule'));
      if (item.kind === 'summary') await this.o.services.markSummaryPosted(id, item.roundId).catch(() => undefined);
      this.failures.delete(key);
      return;
    }
    const attempts = (this.failures.get(key)?.attempts ?? 0) + 1;
    if (attempts >= (this.o.maxAttempts ?? 6)) {
      this.o.log.error({ err: error, partnership: id, work: item.kind, attempts }, 'scheduled work failed; giving up');
      this.failures.delete(key);
      if (item.kind === 'summary') await this.o.services.markSummaryPosted(id, item.roundId).catch(() => undefined);
      return;
    }
    const retryAt = now + (this.o.retryMs ?? 30_000) * 2 ** (attempts - 1);
    this.failures.set(key, { attempts, retryAt });
    this.o.log.warn({ err: error, partnership: id, work: item.kind, attempts, retryAt }, 'scheduled work failed; will retry');
  }

  private reindex(p: Partnership): void {
    this.shapes.set(p.id, scheduleShape(p));
    const now = this.o.clock.now();
    const { due, next } = dueWork(p, now);
    const retries = due.map((item) => this.failures.get(keyOf(p.id, item))?.retryAt).filter((t): t is number => t !== undefined);
    const waiting = due.length > retries.length ? now : retries.length ? Math.min(...retries) : null;
    const when = [waiting, next].filter((t): t is number => t !== null);
    this.index.record(p.id, when.length ? Math.min(...when) : null);
  }

  /** Writes arrive on every answer; the due time is worked out once per burst. */
  private markDirty(p: Partnership): void {
    if (this.shapes.get(p.id) === scheduleShape(p)) {
      // An answer: nothing the schedule reads has changed since the due time was worked out.
      this.dirty.delete(p.id);
      return;
    }
    this.dirty.set(p.id, p);
    this.flushing ??= setTimeout(() => {
      this.flushing = undefined;
      this.flushDirty();
      this.arm();
      void this.index.save();
    }, 100);
  }

  private flushDirty(): void {
    for (const p of this.dirty.values()) this.reindex(p);
    this.dirty.clear();
  }

  private arm(): void {
    if (this.stopped || this.o.timer === false || !this.complete) return;
    clearTimeout(this.timer);
    const earliest = this.index.nextLook(this.o.clock.now());
    // Work due now but already under way is looked at again a little later, not in a tight loop.
    const soonest = this.idle && this.working.size > 0 ? UNDER_WAY_LOOK_MS : 0;
    const wait = earliest === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(soonest, earliest - this.o.clock.now()));
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.o.log.error({ err: error }, 'schedule tick failed'))
        .finally(() => this.arm());
    }, wait);
    this.timer.unref();
  }
}

/** Runs `work` on every item, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}
