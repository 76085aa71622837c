import { access, constants, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { formatPath } from '../domain/framework.js';
import { partnershipFileSchema, SCHEMA_VERSION, type Partnership, type PartnershipFile, type Round } from '../domain/model.js';
import { DurableJsonFile, StoreFileError } from './durable-file.js';
import { applyChanges, PARTNERSHIP_ID, StoreClosedError, UnknownPartnershipIdError, type Change, type Job, type Store } from './store.js';


interface Entry {
  db: Low<PartnershipFile | null>;
  queue: Job[];
  draining?: Promise<void>;
}

/**
 * How many partnership files stay loaded in memory; idle ones beyond this are dropped, oldest
 * first. Each costs about 70 KB (its closed rounds' bytes, ~50 KB, and its objects), so 1,000
 * hold about 70 MB however many partnerships there are. Fewer is not smaller: a partnership
 * dropped and read again leaves its old bytes to the allocator, and with 500 loaded for 1,000
 * partnerships in use the service's peak memory rose rather than fell (and answers slowed).
 */
const CACHE_SIZE = 1_000;

/**
 * The embedded store: one lowdb JSON file per partnership under the data directory, so a
 * write costs the same however many partnerships there are. Changes that arrive while a
 * partnership's file is being written are applied together and share the next write
 * (group commit); none is acknowledged before its own data is on disk.
 */
export class LowdbStore implements Store {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly corrupt = new Set<string>();
  private readonly listeners: ((p: Partnership) => void)[] = [];
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly cacheSize: number,
  ) {}

  /**
   * Opens the store; temporary files left by a crash mid-write are removed (the real files are
   * whole). `cacheSize`: how many partnership files stay loaded (see CACHE_SIZE).
   */
  static async open(dir: string, options: { cacheSize?: number } = {}): Promise<LowdbStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const leftovers = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    await Promise.all(leftovers.map((name) => rm(join(dir, name), { force: true })));
    return new LowdbStore(dir, options.cacheSize ?? CACHE_SIZE);
  }

  async get(id: string): Promise<Partnership | undefined> {
    return (await this.entry(id)).db.data?.partnership;
  }

  async update<R>(id: string, change: Change<R>): Promise<R> {
    if (this.closed) throw new StoreClosedError();
    const entry = await this.entry(id);
    return new Promise<R>((resolve, reject) => {
      entry.queue.push({ change, resolve: resolve as (value: unknown) => void, reject });
      entry.draining ??= this.drain(entry).finally(() => {
        entry.draining = undefined;
      });
    });
  }

  onWrite(listener: (p: Partnership) => void): void {
    this.listeners.push(listener);
  }

  async ids(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((n) => PARTNERSHIP_ID.test(n));
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      await access(this.dir, constants.W_OK);
    } catch {
      return { ok: false, detail: 'data directory is not writable' };
    }
    return this.corrupt.size ? { ok: false, detail: `${this.corrupt.size} unreadable file(s)` } : { ok: true, detail: 'ok' };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.entries.values()].map((e) => e.draining));
  }

  fileOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private async entry(id: string): Promise<Entry> {
    if (!PARTNERSHIP_ID.test(id)) throw new UnknownPartnershipIdError(id);
    const cached = this.entries.get(id);
    if (cached) {
      this.entries.delete(id);
      this.entries.set(id, cached);
      return cached;
    }
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async load(id: string): Promise<Entry> {
    const file = this.fileOf(id);
    const db = new Low<PartnershipFile | null>(new DurableJsonFile<PartnershipFile | null>(file, validateFile, serializeFile), null);
    try {
      await db.read();
    } catch (error) {
      // Not cached: the file is read again next time, so a repaired file is picked up; it is never overwritten.
      if (error instanceof StoreFileError) this.corrupt.add(file);
      throw error;
    }
    this.corrupt.delete(file);
    const entry: Entry = { db, queue: [] };
    this.entries.set(id, entry);
    this.evictIdle();
    return entry;
  }

  private evictIdle(): void {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.cacheSize) return;
      if (!entry.draining && entry.queue.length === 0) this.entries.delete(id);
    }
  }

  private async drain(entry: Entry): Promise<void> {
    while (entry.queue.length) {
      const batch = entry.queue.splice(0);
      const before = entry.db.data;
      const { current, done } = applyChanges(before?.partnership, batch);
      if (current !== before?.partnership && current) {
        entry.db.data = { schemaVersion: SCHEMA_VERSION, partnership: current };
        try {
          await entry.db.write();
        } catch (error) {
          entry.db.data = before;
          for (const { job } of done) job.reject(error);
          continue;
        }
        for (const listener of this.listeners) listener(current);
      }
      for (const { job, result } of done) job.resolve(result);
    }
  }
}

/**
 * The bytes of closed rounds as last written. A change never alters a stored round in place
 * (it replaces it, see Change), so a round that is the same object as at the last write has
 * the same JSON: an answer re-encodes its own round and the partnership's small fields, not
 * the closed rounds that make up most of the file. Open rounds change with every answer, so
 * they are not kept. Keyed weakly: the bytes live exactly as long as the loaded round does.
 */
const roundBytes = new WeakMap<Round, Buffer>();
const COMMA = Buffer.from(',');

function bytesOf(round: Round): Buffer {
  const kept = roundBytes.get(round);
  if (kept) return kept;
  const bytes = Buffer.from(JSON.stringify(round));
  if (round.closedAt !== undefined) roundBytes.set(round, bytes);
  return bytes;
}

/** The same JSON as JSON.stringify(file), in pieces, with unchanged rounds' bytes reused. */
export function serializeFile(file: PartnershipFile | null): Buffer[] {
  if (!file) return [Buffer.from('null')];
  const pieces: Buffer[] = [];
  let text = `{"schemaVersion":${JSON.stringify(file.schemaVersion)},"partnership":{`;
  let first = true;
  for (const [key, value] of Object.entries(file.partnership)) {
    if (value === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key !== 'rounds') {
      text += JSON.stringify(value);
      continue;
    }
    pieces.push(Buffer.from(`${text}[`));
    file.partnership.rounds.forEach((round, i) => {
      if (i > 0) pieces.push(COMMA);
      pieces.push(bytesOf(round));
    });
    text = ']';
  }
  pieces.push(Buffer.from(`${text}}}`));
  return pieces;
}

/**
 * A closed round as loaded, with its responses and summary (nine tenths of a file) left in
 * the bytes already kept for writing and parsed only when read. Only `export`, "forget me"
 * and the next round's trend read them; as objects, they made the heap of a service with many
 * partnerships several times larger, and its garbage collections long enough to be felt.
 */
function leanRound(round: Round): Round {
  const bytes = bytesOf(round);
  const lean: Record<string, unknown> = {};
  // Key by key, so the lean round's JSON is the same, in the same order, as the bytes kept.
  for (const [key, value] of Object.entries(round)) {
    if (key === 'responses' || key === 'summary') {
      Object.defineProperty(lean, key, { get: () => (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>)[key], enumerable: true });
    } else lean[key] = value;
  }
  roundBytes.set(lean as Round, bytes);
  return lean as Round;
}

function validateFile(json: unknown): { ok: true; value: PartnershipFile } | { ok: false; reason: string } {
  const parsed = partnershipFileSchema.safeParse(json);
  if (parsed.success) {
    const p = parsed.data.partnership;
    p.rounds = p.rounds.map((r) => (r.closedAt === undefined ? r : leanRound(r)));
    return { ok: true, value: parsed.data };
  }
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: `${formatPath(issue.path) || '(top level)'}: ${issue.message}` };
}
