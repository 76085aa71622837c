import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
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
 */
export async function writeDurably(file: string, content: string | readonly Buffer[], mode = 0o600, renamed?: () => void): Promise<void> {
  const temporary = `${file}.${process.pid}.${++sequence}.tmp`;
  try {
    const handle = await open(temporary, 'w', mode);
    try {
      if (typeof content === 'string') await handle.writeFile(content);
      else await writeAll(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    renamed?.();
  } catch (error) {
    await rm(temporary, { force: true });
    throw new StoreFileError(file, 'write', codeOf(error) ?? String(error));
  }
  await directorySync(dirname(file));
}

/** Writes pieces one after another from the start of the file, however many calls the system needs. */
async function writeAll(handle: FileHandle, pieces: readonly Buffer[]): Promise<void> {
  let rest = pieces.filter((p) => p.length > 0);
  let position = 0;
  while (rest.length) {
    const { bytesWritten } = await handle.writev(rest, position);
    if (bytesWritten === 0) throw new Error('nothing was written');
    position += bytesWritten;
    let skip = bytesWritten;
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
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    throw new StoreFileError(dir, 'write', codeOf(error) ?? String(error));
  } finally {
    await handle.close();
  }
}

export function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
