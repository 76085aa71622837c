import type pg from 'pg';
import type { Logger } from '../log.js';
import { messageOf } from './pg-store.js';
import type { SharedState } from './store.js';

/** How often an instance clears expired deliveries and held values. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Shared state in the database, so every instance sees it. Each check-and-record is one
 * statement, atomic however many instances race on the same key; expiry uses the database's
 * clock, the one clock every instance shares.
 */
export class PostgresSharedState implements SharedState {
  private lastSweep = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log?: Logger,
  ) {}

  async firstDelivery(key: string, keepMs: number): Promise<boolean> {
    this.sweepSometimes();
    // A key whose time is over is taken again, as if new: the update runs only when it has expired.
    const { rowCount } = await this.pool.query(
      `INSERT INTO deliveries (key, expires_at) VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE deliveries.expires_at <= now()`,
      [key, keepMs],
    );
    return rowCount === 1;
  }

  async hold(id: string, owner: string, value: string, keepMs: number): Promise<void> {
    this.sweepSometimes();
    await this.pool.query(
      `INSERT INTO held_values (id, owner, value, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      [id, owner, value, keepMs],
    );
  }

  async take(id: string, owner: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('DELETE FROM held_values WHERE id = $1 AND owner = $2 AND expires_at > now() RETURNING value', [id, owner]);
    return rows[0]?.value;
  }

  private sweepSometimes(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.pool
      .query('WITH d AS (DELETE FROM deliveries WHERE expires_at <= now()) DELETE FROM held_values WHERE expires_at <= now()')
      .catch((error: unknown) => this.log?.warn({ err: messageOf(error) }, 'could not clear expired deliveries'));
  }
}
