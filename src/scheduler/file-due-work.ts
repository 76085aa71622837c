import type { Logger } from 'pino';
import { DueIndex } from './due-index.js';
import type { DueWork } from './due-work.js';

/**
 * Due work for the files: the index one process keeps in memory and saves in the data
 * directory, so a restart reads only the partnership files changed since it was saved.
 */
export class FileDueWork implements DueWork {
  private index = new DueIndex();
  private saving: Promise<void> = Promise.resolve();
  /** The index has changed since it was last saved. */
  private unsaved = false;
  /**
   * The index vouches for every partnership file (the files it could not vouch for at start
   * have been read). Until then it is never saved, so stopping part-way through leaves the old
   * index, and so the same files to read, for the next start.
   */
  private complete = false;
  private stale: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly log?: Logger,
  ) {}

  async open(): Promise<string[]> {
    const { index, stale } = await DueIndex.load(this.dir);
    this.index = index;
    this.stale = stale;
    return stale;
  }

  async dueBy(now: number): Promise<string[]> {
    return this.index.dueBy(now);
  }

  record(id: string, when: number | null): void {
    if (this.index.set(id, when)) this.unsaved = true;
  }

  get(id: string): number | undefined {
    return this.index.get(id);
  }

  nextLook(): number | null {
    return this.index.earliest();
  }

  /** Marks the stale files read: from now on the index may be saved. */
  vouch(): void {
    this.complete = true;
    this.stale = [];
  }

  /** Saves the index when it changed; answers, which change no due time, cost nothing here. */
  save(force = false): Promise<void> {
    if (!this.complete || (!this.unsaved && !force)) return this.saving;
    this.unsaved = false;
    this.saving = this.saving
      .then(() => this.index.save(this.dir))
      .catch((error: unknown) => this.log?.warn({ err: error }, 'could not save the schedule index'));
    return this.saving;
  }
}
