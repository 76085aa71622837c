import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { access, constants, mkdir, readdir, rm } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { formatPath } from '../domain/framework.js';
import { partnershipFileSchema, roundSchema, SCHEMA_VERSION, type Partnership, type PartnershipFile, type Round } from '../domain/model.js';
import { DurableJsonFile, StoreFileError, type Encoded } from './durable-file.js';
import { applyChanges, PARTNERSHIP_ID, StoreClosedError, UnknownPartnershipIdError, type Change, type Job, type Store } from './store.js';


interface Entry {
  db: Low<PartnershipFile | null>;
  queue: Job[];
  draining?: Promise<void>;
}

/**
 * How many partnership files stay loaded in memory; idle ones beyond this are dropped, oldest
 * first. A loaded partnership keeps its closed rounds in its file (see Place), so each costs
 * about 9 KB: 1,000 hold about 9 MB. Dropping is dear (a file read again costs about 2 ms and
 * leaves its buffers to the allocator), but 10,000 loaded would bring a large installation's
 * peak close to 300 MB.
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
    const db = new Low<PartnershipFile | null>(new DurableJsonFile<PartnershipFile | null>(file, (json, raw) => validateFile(json, raw, file), (data) => encodeFile(data, file)), null);
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
          // A file changed behind the store's back is read again, not written over.
          if (error instanceof StoreFileError && error.detail === CHANGED) await entry.db.read().catch(() => undefined);
          continue;
        }
        for (const listener of this.listeners) listener(current);
      }
      for (const { job, result } of done) job.resolve(result);
    }
  }
}

/**
 * Where a closed round's JSON lies in its partnership's file as last written, with a check
 * of those bytes. A change never alters a stored round in place (it replaces it), so a round
 * that is the same object as at the last write has the same JSON: a write copies it from the
 * file it replaces instead of encoding it again, and memory keeps a few numbers per closed
 * round instead of its answers (about 50 KB a partnership, half a gigabyte at 10,000).
 */
interface Place {
  file: string;
  offset: number;
  length: number;
  crc: number;
}
const places = new WeakMap<Round, Place>();
/** Closed rounds' bytes that are not yet in their file in this form (a file written another way). */
const unplaced = new WeakMap<Round, Buffer>();
/**
 * The bytes of the closed rounds of the partnerships written last, so that a member's next
 * page (a write a moment later) copies them from memory rather than from the file: reading
 * back on every write cost about a tenth of the throughput. About 12 MB.
 */
const recent = new Map<Round, Buffer>();
const RECENT_ROUNDS = 1_000;
const COMMA = Buffer.from(',');
const CHANGED = 'changed on disk since it was read';

/** A file's JSON in pieces (the same bytes as JSON.stringify(file)), and where each closed round's piece starts. */
function layout(file: PartnershipFile, closedBytes: (round: Round) => Buffer): { pieces: Buffer[]; closed: { round: Round; offset: number; bytes: Buffer }[] } {
  const pieces: Buffer[] = [];
  const closed: { round: Round; offset: number; bytes: Buffer }[] = [];
  let offset = 0;
  const add = (piece: Buffer) => {
    pieces.push(piece);
    offset += piece.length;
  };
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
    add(Buffer.from(`${text}[`));
    file.partnership.rounds.forEach((round, i) => {
      if (i > 0) add(COMMA);
      if (round.closedAt === undefined) return add(Buffer.from(JSON.stringify(round)));
      const bytes = closedBytes(round);
      closed.push({ round, offset, bytes });
      add(bytes);
    });
    text = ']';
  }
  add(Buffer.from(`${text}}}`));
  return { pieces, closed };
}

/**
 * The bytes to write for a partnership file at `path`, closed rounds read back from the file
 * they are in (checked against what was written); once the new file is in place, each closed
 * round's place is where it lies in the new one.
 */
export function encodeFile(file: PartnershipFile | null, path: string): Encoded {
  if (!file) return { content: [Buffer.from('null')] };
  const fromFile = readPlaces(file.partnership.rounds.filter((r) => r.closedAt !== undefined && !unplaced.has(r) && !recent.has(r) && places.has(r)));
  const { pieces, closed } = layout(file, (r) => fromFile.get(r) ?? recent.get(r) ?? unplaced.get(r) ?? Buffer.from(JSON.stringify(r)));
  return {
    content: pieces,
    renamed: () => {
      for (const { round, offset, bytes } of closed) {
        const before = places.get(round);
        places.set(round, { file: path, offset, length: bytes.length, crc: before && (fromFile.has(round) || recent.has(round)) ? before.crc : crc32(bytes) });
        unplaced.delete(round);
        recent.delete(round);
        recent.set(round, bytes);
      }
      for (const old of recent.keys()) {
        if (recent.size <= RECENT_ROUNDS) break;
        recent.delete(old);
      }
    },
  };
}

/**
 * The bytes of rounds where they lie, each checked; a file changed behind the store's back is
 * not written over. One read of the span they lie in, and a synchronous one: the file was
 * written or read a moment ago, so this is a copy from the page cache, cheaper than the
 * thread pool's round trips.
 */
function readPlaces(rounds: Round[]): Map<Round, Buffer> {
  const read = new Map<Round, Buffer>();
  if (!rounds.length) return read;
  const spots = rounds.map((round) => places.get(round)!);
  const file = spots[0]!.file;
  const from = Math.min(...spots.map((p) => p.offset));
  const span = readRange(file, from, Math.max(...spots.map((p) => p.offset + p.length)) - from);
  rounds.forEach((round, i) => {
    const place = spots[i]!;
    const bytes = span.subarray(place.offset - from, place.offset - from + place.length);
    if (place.file !== file || bytes.length !== place.length || crc32(bytes) !== place.crc) throw new StoreFileError(file, 'write', CHANGED);
    read.set(round, bytes);
  });
  return read;
}

/** Up to `length` bytes of a file from `offset` (fewer where the file is shorter). */
function readRange(file: string, offset: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  const fd = openSync(file, 'r');
  try {
    return bytes.subarray(0, readSync(fd, bytes, 0, length, offset));
  } finally {
    closeSync(fd);
  }
}

/** A closed round as its file holds it, for the rare reader of its answers or summary. */
function closedJson(round: Round): unknown {
  const kept = unplaced.get(round);
  if (kept) return JSON.parse(kept.toString('utf8'));
  const place = places.get(round)!;
  const bytes = readRange(place.file, place.offset, place.length);
  if (bytes.length === place.length && crc32(bytes) === place.crc) return JSON.parse(bytes.toString('utf8'));
  // The file was written again from a reloaded copy since this round was read: find it there.
  const now = (JSON.parse(readFileSync(place.file, 'utf8')) as PartnershipFile).partnership.rounds.find((r) => r.id === round.id);
  if (!now) throw new StoreFileError(place.file, 'corrupt', `round ${round.id} is no longer in the file`);
  return now;
}

/**
 * What a loaded closed round leaves in its file, parsed only when read: its responses,
 * summary and roster (nine tenths of a file). Only `export`, "forget me", history, agreed
 * actions and the next round's trend read them; as objects, they made the heap of a service
 * with many partnerships several times larger, and its garbage collections long enough to
 * be felt. What the schedule looks at every time (dates, the card, what is done) stays.
 * Own, enumerable getters, so that a copy made with spread ({ ...round, done }) is a whole
 * round; the same getter functions for every round, so that V8 gives all lean rounds one
 * shape (a getter of its own would give each round a shape of its own).
 */
const LEFT_IN_FILE: Partial<Record<string, PropertyDescriptor>> = {
  responses: { get: function (this: Round) { return whole(this).responses; }, enumerable: true },
  summary: { get: function (this: Round) { return whole(this).summary; }, enumerable: true },
  roster: { get: function (this: Round) { return whole(this).roster; }, enumerable: true },
};

function leanRound(round: Round): Round {
  const lean: Record<string, unknown> = {};
  // Key by key, so the lean round's JSON has the keys in the same order as the file.
  for (const [key, value] of Object.entries(round)) {
    const left = LEFT_IN_FILE[key];
    if (left) Object.defineProperty(lean, key, left);
    else lean[key] = value;
  }
  return lean as Round;
}

function whole(round: Round): Round {
  return roundSchema.parse(closedJson(round));
}

/**
 * Checks a file against the schema and makes its closed rounds lean, each keeping where its
 * bytes lie in the file. Those bytes are written back as they are, so a round written by an
 * earlier version keeps its shape on disk, and is checked (and brought up to date) by the
 * schema each time it is read.
 */
function validateFile(json: unknown, raw: Buffer, path: string): { ok: true; value: PartnershipFile } | { ok: false; reason: string } {
  const parsed = partnershipFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${formatPath(issue.path) || '(top level)'}: ${issue.message}` };
  }
  const p = parsed.data.partnership;
  const ranges = roundRanges(raw);
  p.rounds = p.rounds.map((round, i) => {
    if (round.closedAt === undefined) return round;
    const lean = leanRound(round);
    const range = ranges?.length === p.rounds.length ? ranges[i] : undefined;
    if (range) places.set(lean, { file: path, offset: range[0], length: range[1] - range[0], crc: crc32(raw.subarray(range[0], range[1])) });
    else unplaced.set(lean, Buffer.from(JSON.stringify(round)));
    return lean;
  });
  return { ok: true, value: parsed.data };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x7b, 0x5b]);
const CLOSE = new Set([0x7d, 0x5d]);
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Where each element of `partnership.rounds` lies in a file's bytes, as [start, end) pairs: a
 * scan of the JSON's strings and nesting, which the file has just been parsed to be valid.
 */
export function roundRanges(raw: Buffer): [number, number][] | undefined {
  let depth = 0;
  let inRounds = false;
  let start = -1;
  const ranges: [number, number][] = [];
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === QUOTE) {
      const from = i;
      for (i++; raw[i] !== QUOTE; i++) if (raw[i] === BACKSLASH) i++;
      if (depth !== 2 || inRounds) continue;
      let next = i + 1;
      while (SPACE.has(raw[next]!)) next++;
      if (raw[next] === 0x3a && raw.toString('latin1', from + 1, i) === 'rounds') inRounds = true;
    } else if (OPEN.has(byte)) {
      depth++;
      if (inRounds && depth === 4) start = i;
    } else if (CLOSE.has(byte)) {
      depth--;
      if (inRounds && depth === 3 && start >= 0) {
        ranges.push([start, i + 1]);
        start = -1;
      }
      if (inRounds && depth === 2) return ranges;
    }
  }
  return undefined;
}
