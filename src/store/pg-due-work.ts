import type pg from 'pg';
import type { Logger } from '../log.js';
import { DueIndex } from '../scheduler/due-index.js';
import type { DueWork } from '../scheduler/due-work.js';
import { messageOf } from './pg-store.js';

/** How often an instance looks at the database for work other instances' writes made due. */
export const DUE_POLL_MS = 2_000;
/** The most partnerships one look takes; the rest wait for the next look, earliest first. */
const BATCH = 500;

/**
 * Due work on PostgreSQL. Each partnership's next due time is the `due_at` column, which the
 * store writes in the same transaction as the partnership (see DueTimes), so it is never
 * behind the data, whichever instance wrote it. Every instance polls for due rows; when two
 * pick up the same partnership, the claims stored in it (see domain/claims) let only one
 * post each message, so no row is locked here: a claim that lapses with its instance makes
 * the work due again for the others. Times this instance works out itself (its own writes,
 * its own retries) are kept in memory too, so it does not wait for the next poll for them.
 *
 * Rows whose `due_at` is NULL were written without a schedule (copied in by store:copy, or
 * stored before this column was kept): they are read once and given a due time.
 */
export class PostgresDueWork implements DueWork {
  private readonly local = new DueIndex();
  /** Partnerships seen with no due time in the database, to fill in once read. */
  private readonly unset = new Set<string>();
  private filling: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly log?: Logger,
    private readonly pollMs = DUE_POLL_MS,
  ) {}

  async open(): Promise<string[]> {
    return [];
  }

  vouch(): void {}

  async dueBy(now: number): Promise<string[]> {
    const ids = new Set(this.local.dueBy(now));
    try {
      const { rows } = await this.pool.query<{ id: string; due_at: Date | null }>(
        `(SELECT id, due_at FROM partnerships WHERE due_at <= $1 ORDER BY due_at LIMIT ${BATCH})
         UNION ALL (SELECT id, due_at FROM partnerships WHERE due_at IS NULL AND version > 0 LIMIT ${BATCH})`,
        [new Date(now)],
      );
      for (const row of rows) {
        if (row.due_at === null) this.unset.add(row.id);
        ids.add(row.id);
      }
    } catch (error) {
      // The database is down for now: this instance's own due work still runs (and fails there), and the next look tries again.
      this.log?.warn({ err: messageOf(error) }, 'could not list due work in the database');
    }
    return [...ids];
  }

  record(id: string, when: number | null): void {
    this.local.set(id, when);
    if (!this.unset.delete(id)) return;
    // Only a hole is filled: a time the store wrote with the partnership is never overwritten.
    this.filling = this.filling
      .then(() => this.pool.query('UPDATE partnerships SET due_at = $2 WHERE id = $1 AND due_at IS NULL', [id, when === null ? 'infinity' : new Date(when)]))
      .catch((error: unknown) => this.log?.warn({ err: messageOf(error), partnership: id }, 'could not record when a partnership is due'));
  }

  get(id: string): number | undefined {
    return this.local.get(id);
  }

  nextLook(now: number): number | null {
    const earliest = this.local.earliest();
    return earliest === null ? now + this.pollMs : Math.min(earliest, now + this.pollMs);
  }

  async save(): Promise<void> {
    await this.filling;
  }
}
