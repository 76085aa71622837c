import restify, { type Next, type Request, type Response, type Server } from 'restify';
import type { Logger } from 'pino';

/** Request bodies larger than this are refused with 413 before any handler reads them. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Neither Bot Framework nor Slack compresses what it sends, and neither SDK inflates a
 * request; a compressed body is refused unread, so the size limit is always on what is parsed.
 */
function isCompressed(req: Request): boolean {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  return encoding !== '' && encoding !== 'identity';
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  /** Which store the instance runs on, and whether it can reach it (503 while it cannot). */
  store: 'lowdb' | 'postgres';
  ok: boolean;
  detail: string;
}

/**
 * The one HTTP server: restify with `GET /healthz`, JSON errors, and guards on request bodies
 * (no compression, at most 256 KB).
 * Channels mount their own routes on it (`/api/messages`, `/slack/events`).
 */
export function createHttpServer(options: { log: Logger; health: () => Promise<HealthReport> }): Server {
  const server = restify.createServer({ name: 'asesu', handleUncaughtExceptions: false });

  // A callback handler: only next(false) stops restify's chain (an async handler cannot).
  server.pre((req: Request, res: Response, next: Next) => {
    if (isCompressed(req)) {
      options.log.info({ path: req.path(), encoding: req.headers['content-encoding'] }, 'compressed request body refused');
      res.send(415, { error: 'unsupported_encoding', message: 'Request bodies must not be compressed (Content-Encoding: identity only).' });
      return next(false);
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES) {
      options.log.info({ path: req.path(), length }, 'request body too large');
      res.send(413, { error: 'payload_too_large', message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` });
      return next(false);
    }
    return next();
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    const report = await options.health();
    res.send(report.status === 'ok' ? 200 : 503, report);
  });

  server.on('NotFound', (req: Request, res: Response, _err: unknown, callback: () => void) => {
    if (!res.headersSent) res.send(404, { error: 'not_found', message: `Nothing here: ${req.method} ${req.path()}` });
    callback();
  });
  server.on('MethodNotAllowed', (req: Request, res: Response, _err: unknown, callback: () => void) => {
    if (!res.headersSent) res.send(405, { error: 'method_not_allowed', message: `${req.method} is not allowed on ${req.path()}` });
    callback();
  });
  server.on('restifyError', (req: Request, _res: Response, err: { statusCode?: number }, callback: () => void) => {
    if ((err.statusCode ?? 500) >= 500) options.log.error({ err, path: req.path() }, 'request failed');
    callback();
  });
  return server;
}

/** Reads a request body as raw bytes, refusing more than the limit (for bodies without a Content-Length). */
export async function readRawBody(req: Request, limit = MAX_BODY_BYTES): Promise<Buffer | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) return 'tooLarge';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
