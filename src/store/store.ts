import type { Partnership } from '../domain/model.js';

/**
 * A change to one partnership: given what is stored (or undefined), it returns the new
 * partnership to store (or nothing, to store nothing) and a result for the caller. It must
 * not mutate its argument: a change that throws leaves the stored data as it was.
 */
export type Change<R> = (current: Partnership | undefined) => { next?: Partnership; result: R };

/** A change waiting its turn, with the caller's promise. */
export interface Job {
  change: Change<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs a batch of changes to one partnership in turn, each on the result of the last. A change
 * that throws is refused alone (its caller is told at once) and the others go on without it.
 */
export function applyChanges(start: Partnership | undefined, batch: Job[]): { current: Partnership | undefined; done: { job: Job; result: unknown }[]; refused: Set<Job> } {
  let current = start;
  const done: { job: Job; result: unknown }[] = [];
  const refused = new Set<Job>();
  for (const job of batch) {
    try {
      const { next, result } = job.change(current);
      if (next) current = next;
      done.push({ job, result });
    } catch (error) {
      refused.add(job);
      job.reject(error);
    }
  }
  return { current, done, refused };
}

/** Where partnerships live. The lowdb files are the embedded default; a server database can stand in its place. */
export interface Store {
  /** The stored partnership, or undefined when there is none. Throws a StoreError when its data cannot be read. */
  get(id: string): Promise<Partnership | undefined>;
  /**
   * Applies a change, one at a time per partnership (across every instance sharing the
   * store), and resolves only once the new data is durably stored (committed). Changes to
   * different partnerships never wait for each other. Rejects with a StoreError when the
   * data cannot be read or written.
   */
  update<R>(id: string, change: Change<R>): Promise<R>;
  /** Calls `listener` with each partnership after its new data is durably stored. */
  onWrite(listener: (partnership: Partnership) => void): void;
  /** Every stored partnership id. */
  ids(): Promise<string[]>;
  /** Whether the store can be used, for the health check. */
  health(): Promise<{ ok: boolean; detail: string }>;
  /** Finishes the writes under way and refuses new ones. */
  close(): Promise<void>;
}

/**
 * How a partnership's next due time is worked out, for a store that keeps it beside the
 * partnership, written in the same transaction (PostgreSQL). The scheduler provides it, so
 * the store holds the time without knowing the schedule's rules.
 */
export interface DueTimes {
  /** Everything the due time depends on: equal shapes owe the same work at the same times, so an answer costs nothing. */
  shape(p: Partnership): string;
  /** When the partnership next owes scheduled work (now, when it already does); null for never. */
  dueAt(p: Partnership): number | null;
}

/**
 * Short-lived facts every instance sharing the store must agree on: deliveries already taken
 * (a platform's retry may reach another instance) and values held for one member between two
 * requests (a Teams export waiting for the member's consent). In one process for the files;
 * in the database for PostgreSQL.
 */
/** Where chart images wait for the clients that show them (Teams loads them from `/media/`), under an unguessable name. */
export interface MediaStore {
  /** Keeps the bytes and returns the token that names them. */
  put(bytes: Buffer, contentType: 'image/png'): Promise<string>;
  get(token: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
}

/** A chart stays for a month: long enough for a channel's members to see it, then it goes. */
export const MEDIA_KEEP_MS = 30 * 24 * 3_600_000;

export interface SharedState {
  /** True for the first instance to record `key` within `keepMs`; false for every repeat. */
  firstDelivery(key: string, keepMs: number): Promise<boolean>;
  /** Holds `value` under `id` for `keepMs`, for `owner` only. */
  hold(id: string, owner: string, value: string, keepMs: number): Promise<void>;
  /** Takes a held value out, once, and only for its owner (anyone else gets undefined and it stays). */
  take(id: string, owner: string): Promise<string | undefined>;
}

/**
 * Stored data that cannot be read (corrupt, or its store unreachable) or could not be
 * written. The one error people are told about as "could not save" or "unavailable",
 * whichever backend raised it.
 */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly kind: 'corrupt' | 'unreadable' | 'write',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Partnership ids are also file names, so anything else is refused before it reaches the disk. */
export const PARTNERSHIP_ID = /^(teams|slack)-[0-9a-f]{32}$/;

export class UnknownPartnershipIdError extends Error {
  constructor(id: string) {
    super(`not a partnership id: ${JSON.stringify(id.slice(0, 80))}`);
    this.name = 'UnknownPartnershipIdError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}
