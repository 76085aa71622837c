/**
 * The two reference servers the benchmark measures against, each in its own process:
 * `bare` answers a trivial POST (the HTTP ceiling); `durable` writes a 20 KB file per request
 * exactly as the store does (temporary file, fsync, rename, fsync of the folder), over as
 * many files as the benchmark has partnerships (the durability ceiling).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import restify, { type Request, type Response } from 'restify';
import { writeDurably } from '../src/store/durable-file.js';

const kind = process.argv[2];
const files = Number(process.argv[3] ?? 1000);
const server = restify.createServer({ name: `reference-${kind}` });
const dir = await mkdtemp(join(tmpdir(), 'asesu-reference-'));
const payload = 'x'.repeat(20 * 1024);
let n = 0;

server.post('/', async (_req: Request, res: Response) => {
  if (kind === 'durable') await writeDurably(join(dir, `p${n++ % files}.json`), payload);
  res.send(200, { ok: true });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${address.port}\n`);
});

process.once('SIGTERM', () => {
  server.close();
  void rm(dir, { recursive: true, force: true }).finally(() => process.exit(0));
});
