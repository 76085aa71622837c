import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';

/** Where chart images wait for the clients that show them, under an unguessable name. */
export interface MediaStore {
  /** Keeps the bytes and returns the token that names them. */
  put(bytes: Buffer, contentType: 'image/png'): Promise<string>;
  get(token: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
}

/** The path images are served under: `/media/<token>.png`. */
export const MEDIA_PATH = '/media';
const TOKEN = /^[0-9a-f]{48}$/;
/** A chart stays for a month: long enough for a channel's members to see it, then it goes. */
export const MEDIA_KEEP_MS = 30 * 24 * 3_600_000;
const MEDIA_MAX_ITEMS = 2_000;

/**
 * Images in this process's memory, each for a month. One instance is enough for a single
 * process; several instances behind a load balancer need a shared MediaStore (the database),
 * which is why the channels see only the interface.
 */
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

/**
 * `GET /media/<token>.png`: an image a card shows. The token is the only key (192 random
 * bits), nothing lists the images, and an unknown or expired token is a plain 404.
 */
export function mountMedia(server: Server, media: MediaStore): void {
  server.get(`${MEDIA_PATH}/:file`, async (req: Request, res: Response) => {
    const file = String(req.params.file ?? '');
    const token = file.endsWith('.png') ? file.slice(0, -4) : '';
    const item = TOKEN.test(token) ? await media.get(token) : undefined;
    if (!item) {
      res.send(404, { error: 'not_found', message: 'No such image, or it has expired.' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': item.contentType,
      'Content-Length': item.bytes.length,
      'Cache-Control': 'private, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(item.bytes);
  });
}
