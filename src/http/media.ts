import type { Request, Response, Server } from 'restify';
import type { MediaStore } from '../store/store.js';

export type { MediaStore };

/** The path images are served under: `/media/<token>.png`. */
export const MEDIA_PATH = '/media';
const TOKEN = /^[0-9a-f]{48}$/;

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
