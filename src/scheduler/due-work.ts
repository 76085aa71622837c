/**
 * Where the scheduler learns which partnerships owe work, and records when each next does.
 * The files keep an index in the data directory that one process owns; PostgreSQL keeps the
 * due time in the partnership's row, written in the same transaction as the partnership, so
 * every instance sees work another instance's writes made due.
 */
export interface DueWork {
  /** Partnerships whose due time cannot be trusted and must be read once before the first tick. */
  open(): Promise<string[]>;
  /** The partnerships open() listed have been read: what is recorded now vouches for all of them. */
  vouch(): void;
  /** Partnerships with work due at or before `now`, earliest first. */
  dueBy(now: number): Promise<string[]>;
  /** Records when a partnership next owes work as this instance sees it (its own retries included); null: nothing. */
  record(id: string, when: number | null): void;
  /** When this instance last recorded the partnership as next owing work. */
  get(id: string): number | undefined;
  /** When to look again: the earliest due time known here, and no later than the next look at shared state. */
  nextLook(now: number): number | null;
  /** Keeps what was recorded; `force` saves even when nothing changed (at stop). Never rejects. */
  save(force?: boolean): Promise<void>;
}
