import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../src/paths.js';

const ENTRY = join(ROOT, 'dist', 'index.js');

/** The built service running as its own process, as it runs in production. */
export interface BuiltService {
  child: ChildProcess;
  url: string;
}

/** Starts `node dist/index.js` on a free loopback port with only `env` (and PATH), and resolves once it listens. */
export async function startBuiltService(env: Record<string, string>): Promise<BuiltService> {
  if (!existsSync(ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` (npm test does) before this test');
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', DEFAULT_LANGUAGE: 'en', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /"port":(\d+)/.exec(line);
    if (match && line.includes('listening')) {
      child.stdout!.resume();
      return { child, url: `http://127.0.0.1:${match[1]}` };
    }
  }
  throw new Error('the service stopped before it listened');
}
