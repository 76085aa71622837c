import * as fs from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreError } from './store.js';

/** A store file that cannot be read, is not valid, or could not be written. The message names the file. */
export class StoreFileError extends StoreError {
  constructor(
    readonly file: string,
    kind: 'corrupt' | 'unreadable' | 'write',
    readonly detail: string,
  ) {
    super(`${file}: ${kind === 'write' ? 'could not be written' : kind === 'corrupt' ? 'is corrupt' : 'could not be read'} (${detail})`, kind);
    this.name = 'StoreFileError';
  }
}

/** A file's bytes for some data, and what to do once they are the file (renamed into place). */
export interface Encoded {
  content: string | readonly Buffer[];
  renamed?: () => void;
}

/**
 * A lowdb adapter that validates what it reads and writes durably: the data goes to a
 * temporary file that is fsynced, renamed over the old file, and the directory fsynced,
 * so a crash leaves either the old file or the new one, never a torn one.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    /** Checks the parsed JSON; `raw` is the file's bytes, for an owner that keeps where things lie in them. */
    private readonly validate: (json: unknown, raw: Buffer) => { ok: true; value: T } | { ok: false; reason: string },
    /** The file's bytes for some data: JSON.stringify unless the owner knows a cheaper way to the same JSON. */
    private readonly encode: (data: T) => Encoded | Promise<Encoded> = (data) => ({ content: JSON.stringify(data) }),
  ) {}

  async read(): Promise<T | null> {
    let raw: Buffer;
    try {
      raw = await readFile(this.file);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return null;
      throw new StoreFileError(this.file, 'unreadable', codeOf(error) ?? String(error));
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new StoreFileError(this.file, 'corrupt', 'not valid JSON');
    }
    const checked = this.validate(json, raw);
    if (!checked.ok) throw new StoreFileError(this.file, 'corrupt', checked.reason);
    return checked.value;
  }

  async write(data: T): Promise<void> {
    const { content, renamed } = await this.encode(data);
    await writeDurably(this.file, content, 0o600, renamed);
  }
}

let sequence = 0;

/**
 * Writes a whole file so that after a crash it holds either its old or its new content.
 * `renamed` runs as soon as the new content is the file, before anything else can read it.
 * The calls are fs's callback ones on a file descriptor: they cost the main thread half what
 * the promise API's FileHandle does, and a busy service makes hundreds of these writes a second.
 */
export async function writeDurably(file: string, content: string | readonly Buffer[], mode = 0o600, renamed?: () => void): Promise<void> {
  const temporary = `${file}.${process.pid}.${++sequence}.tmp`;
  try {
    const fd = await call<number>((done) => fs.open(temporary, 'w', mode, done));
    try {
      await writeAll(fd, typeof content === 'string' ? [Buffer.from(content)] : content);
      await call((done) => fs.fsync(fd, done));
    } catch (error) {
      await call((done) => fs.close(fd, done)).catch(() => undefined);
      throw error;
    }
    // The content is on disk: the file takes the old one's place while it is being closed (a
    // failed close can lose nothing now).
    const [, moved] = await Promise.allSettled([call((done) => fs.close(fd, done)), call((done) => fs.rename(temporary, file, done))]);
    if (moved.status === 'rejected') throw moved.reason;
    renamed?.();
  } catch (error) {
    await rm(temporary, { force: true });
    throw new StoreFileError(file, 'write', codeOf(error) ?? String(error));
  }
  await directorySync(dirname(file));
}

/** One callback-style fs call as a promise. */
function call<T = void>(start: (done: (error: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

/** Writes pieces one after another from the start of the file, however many calls the system needs. */
async function writeAll(fd: number, pieces: readonly Buffer[]): Promise<void> {
  let rest = pieces.filter((p) => p.length > 0);
  let position = 0;
  while (rest.length) {
    const written = await call<number>((done) => fs.writev(fd, rest, position, done));
    if (written === 0) throw new Error('nothing was written');
    position += written;
    let skip = written;
    while (rest.length && skip >= rest[0]!.length) {
      skip -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (skip > 0) rest = [rest[0]!.subarray(skip), ...rest.slice(1)];
  }
}

/**
 * fsync of a directory, shared between concurrent writers: a caller waits for a sync that
 * starts after its rename, and all callers waiting at once share that one sync.
 */
const directories = new Map<string, { running?: Promise<void>; queued?: Promise<void> }>();

function directorySync(dir: string): Promise<void> {
  let state = directories.get(dir);
  if (!state) directories.set(dir, (state = {}));
  const s = state;
  if (!s.running) {
    s.running = syncOnce(dir).finally(() => {
      s.running = undefined;
    });
    return s.running;
  }
  s.queued ??= s.running
    .catch(() => undefined)
    .then(() => {
      s.queued = undefined;
      return directorySync(dir);
    });
  return s.queued;
}

async function syncOnce(dir: string): Promise<void> {
  try {
    const fd = await call<number>((done) => fs.open(dir, 'r', done));
    try {
      await call((done) => fs.fsync(fd, done));
    } finally {
      await call((done) => fs.close(fd, done));
    }
  } catch (error) {
    throw new StoreFileError(dir, 'write', codeOf(error) ?? String(error));
  }
}

export function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
