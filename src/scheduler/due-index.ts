import { statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeDurably } from '../store/durable-file.js';
import { PARTNERSHIP_ID } from '../store/store.js';

const FILE = 'due-index.json';

const fileSchema = z.strictObject({
  version: z.literal(1),
  /** When the index was written, by the wall clock: files changed since are looked at again. */
  writtenAt: z.number(),
  entries: z.record(z.string().regex(PARTNERSHIP_ID), z.number()),
});

/**
 * When each partnership next owes scheduled work. A tick asks the index what is due and reads
 * only those partnerships' files, so 10,000 idle partnerships cost a tick nothing. A min-heap
 * with lazy deletion keeps "what is due" cheap; the index is saved to a file so a restart does
 * not read every partnership, only those whose files changed after the index was last saved.
 */
export class DueIndex {
  private readonly at = new Map<string, number>();
  private heap: [number, string][] = [];

  /** Records when a partnership next owes work (null: nothing); true when that changed. */
  set(id: string, when: number | null): boolean {
    if (when === null) return this.at.delete(id);
    if (this.at.get(id) === when) return false;
    this.at.set(id, when);
    this.push([when, id]);
    return true;
  }

  get(id: string): number | undefined {
    return this.at.get(id);
  }

  /** Partnerships with work due at or before `now`. */
  dueBy(now: number): string[] {
    const due: string[] = [];
    const seen = new Set<string>();
    const keep: [number, string][] = [];
    while (this.heap.length && this.heap[0]![0] <= now) {
      const [when, id] = this.pop()!;
      if (this.at.get(id) !== when || seen.has(id)) continue;
      seen.add(id);
      due.push(id);
      keep.push([when, id]);
    }
    for (const entry of keep) this.push(entry);
    return due;
  }

  /** The earliest time anything is due, for arming the timer. */
  earliest(): number | null {
    while (this.heap.length) {
      const [when, id] = this.heap[0]!;
      if (this.at.get(id) === when) return when;
      this.pop();
    }
    return null;
  }

  get size(): number {
    return this.at.size;
  }

  /** Saves the index durably; `writtenAt` is wall-clock time, compared with file times on load. */
  async save(dir: string): Promise<void> {
    const data = { version: 1 as const, writtenAt: Date.now(), entries: Object.fromEntries(this.at) };
    await writeDurably(join(dir, FILE), JSON.stringify(data));
  }

  /**
   * Loads the saved index and lists the partnership files it cannot vouch for (changed since
   * it was saved, or all of them when there is no usable index), which the caller re-reads.
   */
  static async load(dir: string): Promise<{ index: DueIndex; stale: string[] }> {
    const index = new DueIndex();
    let writtenAt = -Infinity;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(join(dir, FILE), 'utf8')));
      if (parsed.success) {
        writtenAt = parsed.data.writtenAt;
        for (const [id, when] of Object.entries(parsed.data.entries)) index.set(id, when);
      }
    } catch {
      // No index yet, or an unreadable one: every partnership is looked at once.
    }
    const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && PARTNERSHIP_ID.test(n.slice(0, -5)));
    // Without an index every file is stale: no need to look at their times.
    if (writtenAt === -Infinity) return { index, stale: names.map((n) => n.slice(0, -5)).sort() };
    const stale: string[] = [];
    // A margin for file-system time granularity: a file written in the same instant is re-read.
    const margin = 2_000;
    // One synchronous pass: this runs before the port opens, and at 10,000 files a stat each
    // through the thread pool took three to four times as long (about 400 ms against 100).
    for (const name of names) {
      const found = statSync(join(dir, name), { throwIfNoEntry: false });
      if (found && found.mtimeMs >= writtenAt - margin) stale.push(name.slice(0, -5));
    }
    return { index, stale: stale.sort() };
  }

  private push(entry: [number, string]): void {
    if (this.heap.length > 64 && this.heap.length > 4 * this.at.size) this.rebuild();
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]![0] <= h[i]![0]) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  /** Drops entries that lazy deletion left behind. */
  private rebuild(): void {
    const live = [...this.at].map(([id, when]) => [when, id] as [number, string]);
    this.heap = [];
    for (const entry of live) this.push(entry);
  }

  private pop(): [number, string] | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]![0] < h[m]![0]) m = l;
        if (r < h.length && h[r]![0] < h[m]![0]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}
