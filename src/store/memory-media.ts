import { randomBytes } from 'node:crypto';
import { MEDIA_KEEP_MS, type MediaStore } from './store.js';

const MEDIA_MAX_ITEMS = 2_000;

/** Images in this process's memory, each for a month: the files store's choice, which runs as one process. */
export class MemoryMediaStore implements MediaStore {
  private readonly items = new Map<string, { bytes: Buffer; contentType: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async put(bytes: Buffer, contentType: 'image/png'): Promise<string> {
    this.sweep();
    const token = randomBytes(24).toString('hex');
    if (this.items.size >= MEDIA_MAX_ITEMS) this.items.delete(this.items.keys().next().value!);
    this.items.set(token, { bytes, contentType, at: this.now() });
    return token;
  }

  async get(token: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    this.sweep();
    const item = this.items.get(token);
    return item && { bytes: item.bytes, contentType: item.contentType };
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, item] of this.items) if (now - item.at > MEDIA_KEEP_MS) this.items.delete(token);
  }
}
