import pg from 'pg';
import type { Logger } from '../log.js';
import { formatPath } from '../domain/framework.js';
import { partnershipFileSchema, SCHEMA_VERSION, type Partnership } from '../domain/model.js';
import { migrate, pendingMigrations } from './migrate.js';
import { applyChanges, PARTNERSHIP_ID, StoreClosedError, StoreError, UnknownPartnershipIdError, type Change, type DueTimes, type Job, type Store } from './store.js';


interface Queue {
  jobs: Job[];
  draining?: Promise<void>;
}

interface Row {
  version: string;
  schema_version: number;
  doc: unknown;
}

/**
 * How many validated partnerships stay in memory; reading one again costs a version check,
 * not a parse. Fewer than the lowdb store keeps: these are whole objects, closed rounds and
 * all, and with requests spread over instances each sees a share of the partnerships.
 */
const CACHE_SIZE = 500;
/** How long the health check waits for the database before calling it unreachable. */
const HEALTH_TIMEOUT_MS = 2_000;

/**
 * The server store: one PostgreSQL row per partnership, shared by any number of instances.
 * An update is one transaction holding the row's lock (`SELECT … FOR UPDATE`), so changes to
 * a partnership happen one at a time across instances, and it is acknowledged only after
 * COMMIT. Within an instance, changes that arrive while a transaction runs share the next
 * one, as they share a file write in the lowdb store.
 */
export class PostgresStore implements Store {
  private readonly queues = new Map<string, Queue>();
  private readonly cache = new Map<string, { version: string; partnership: Partnership }>();
  private readonly listeners: ((p: Partnership) => void)[] = [];
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    private readonly dueTimes?: DueTimes,
  ) {}

  /**
   * Connects, and migrates the schema (or, with `migrate: false`, refuses a database that
   * still needs migrations). The URL is never logged: it may hold a password.
   */
  static async open(url: string, options: { migrate: boolean; log?: Logger; poolSize?: number; dueTimes?: DueTimes }): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000, application_name: 'asesu' });
    // An idle connection the server drops must not bring the process down; the next query reconnects.
    pool.on('error', (error) => options.log?.warn({ err: error.message }, 'database connection lost'));
    try {
      if (options.migrate) {
        const applied = await migrate(pool);
        if (applied.length) options.log?.info({ applied }, 'database migrated');
      } else {
        const pending = await pendingMigrations(pool);
        if (pending.length) throw new Error(`the database needs migrations (${pending.join(', ')}): run npm run db:migrate, or start without DB_MIGRATE=false`);
      }
    } catch (error) {
      await pool.end();
      const where = new URL(url);
      throw new StoreError(`PostgreSQL ${where.host}${where.pathname}: ${messageOf(error)}`, 'unreadable');
    }
    return new PostgresStore(pool, options.dueTimes);
  }

  async get(id: string): Promise<Partnership | undefined> {
    checkId(id);
    const cached = this.cache.get(id);
    let rows: Row[];
    try {
      ({ rows } = await this.pool.query<Row>(
        'SELECT version, schema_version, CASE WHEN version = $2 THEN NULL ELSE doc END AS doc FROM partnerships WHERE id = $1 AND version > 0',
        [id, cached?.version ?? '0'],
      ));
    } catch (error) {
      throw unavailable(error);
    }
    return rows[0] ? this.partnershipOf(id, rows[0], cached) : undefined;
  }

  async update<R>(id: string, change: Change<R>): Promise<R> {
    if (this.closed) throw new StoreClosedError();
    checkId(id);
    let queue = this.queues.get(id);
    if (!queue) this.queues.set(id, (queue = { jobs: [] }));
    const q = queue;
    return new Promise<R>((resolve, reject) => {
      q.jobs.push({ change, resolve: resolve as (value: unknown) => void, reject });
      q.draining ??= this.drain(id, q).finally(() => {
        q.draining = undefined;
        if (!q.jobs.length) this.queues.delete(id);
      });
    });
  }

  onWrite(listener: (p: Partnership) => void): void {
    this.listeners.push(listener);
  }

  async ids(): Promise<string[]> {
    try {
      const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM partnerships WHERE version > 0 ORDER BY id');
      return rows.map((r) => r.id);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), late]);
      return { ok: true, detail: 'ok' };
    } catch (error) {
      return { ok: false, detail: `database unreachable (${messageOf(error)})` };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.queues.values()].map((q) => q.draining));
    await this.pool.end();
  }

  private async drain(id: string, queue: Queue): Promise<void> {
    while (queue.jobs.length) {
      const batch = queue.jobs.splice(0);
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        for (const job of batch) job.reject(unavailable(error));
        continue;
      }
      let done: { job: Job; result: unknown }[] = [];
      let refused = new Set<Job>();
      let stage: 'read' | 'write' = 'read';
      let written: Partnership | undefined;
      try {
        const before = await this.beginAndLock(client, id);
        const applied = applyChanges(before, batch);
        ({ done, refused } = applied);
        const current = applied.current;
        if (current !== before && current) {
          stage = 'write';
          const due = this.dueOf(before, current);
          const { rows } = await client.query<{ version: string }>(
            due === undefined
              ? 'UPDATE partnerships SET doc = $2::jsonb, schema_version = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version'
              : 'UPDATE partnerships SET doc = $2::jsonb, schema_version = $3, version = version + 1, updated_at = now(), due_at = $4 WHERE id = $1 RETURNING version',
            due === undefined ? [id, JSON.stringify(current), SCHEMA_VERSION] : [id, JSON.stringify(current), SCHEMA_VERSION, due],
          );
          await client.query('COMMIT');
          this.remember(id, rows[0]!.version, current);
          written = current;
        } else {
          // Nothing to store; rolling back also removes a row this transaction made to lock.
          await client.query('ROLLBACK');
        }
        client.release();
      } catch (error) {
        // Closing the connection rolls back whatever it had begun, and keeps a connection in an unknown state from the next caller.
        client.release(true);
        const failure = error instanceof StoreError ? error : stage === 'write' ? new StoreError(`partnership ${id}: could not be written (${messageOf(error)})`, 'write') : unavailable(error);
        for (const job of batch) if (!refused.has(job)) job.reject(failure);
        continue;
      }
      if (written) for (const listener of this.listeners) listener(written);
      for (const { job, result } of done) job.resolve(result);
    }
  }

  /**
   * The due time to store with a change (infinity: nothing is ever due), or undefined to leave
   * the stored one: an answer changes nothing the schedule reads, so it costs no schedule work.
   */
  private dueOf(before: Partnership | undefined, after: Partnership): Date | 'infinity' | undefined {
    const times = this.dueTimes;
    if (!times || (before && times.shape(before) === times.shape(after))) return undefined;
    const at = times.dueAt(after);
    return at === null ? 'infinity' : new Date(at);
  }

  /**
   * Begins the transaction and locks the partnership's row, returning what it holds. A missing
   * row is inserted first (ON CONFLICT DO NOTHING waits for, then yields to, another instance
   * inserting it at the same moment), so two first changes to a new partnership still queue.
   */
  private async beginAndLock(client: pg.PoolClient, id: string): Promise<Partnership | undefined> {
    const cached = this.cache.get(id);
    const version = cached?.version ?? '0';
    // BEGIN and the locking read go in one round trip, as one simple query, which takes no
    // parameters: the two values are inlined, each checked to be plain first.
    if (!PARTNERSHIP_ID.test(id) || !/^\d+$/.test(version)) throw new UnknownPartnershipIdError(id);
    const lock = `SELECT version, schema_version, CASE WHEN version = ${version} THEN NULL ELSE doc END AS doc FROM partnerships WHERE id = '${id}' FOR UPDATE`;
    const results = (await client.query(`BEGIN; ${lock}`)) as unknown as pg.QueryResult<Row>[];
    let rows = results[1]!.rows;
    if (!rows[0]) {
      await client.query('INSERT INTO partnerships (id, schema_version) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, SCHEMA_VERSION]);
      ({ rows } = await client.query<Row>(lock));
    }
    const row = rows[0]!;
    return row.version === '0' ? undefined : this.partnershipOf(id, row, cached);
  }

  /** The partnership in a row: the copy cached when the query was sent if the row is still that version, else the document validated. */
  private partnershipOf(id: string, row: Row, cached: { version: string; partnership: Partnership } | undefined): Partnership {
    if (row.doc === null && cached?.version === row.version) return cached.partnership;
    const parsed = partnershipFileSchema.safeParse({ schemaVersion: row.schema_version, partnership: row.doc });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StoreError(`partnership ${id}: is corrupt (${formatPath(issue.path) || '(top level)'}: ${issue.message})`, 'corrupt');
    }
    this.remember(id, row.version, parsed.data.partnership);
    return parsed.data.partnership;
  }

  private remember(id: string, version: string, partnership: Partnership): void {
    this.cache.delete(id);
    this.cache.set(id, { version, partnership });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}

function checkId(id: string): void {
  if (!PARTNERSHIP_ID.test(id)) throw new UnknownPartnershipIdError(id);
}

function unavailable(error: unknown): StoreError {
  return error instanceof StoreError ? error : new StoreError(`the database could not be read (${messageOf(error)})`, 'unreadable');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
