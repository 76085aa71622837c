import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ROOT } from '../../src/paths.js';

/**
 * How `npm start` runs the service, read once from package.json so that tests and the benchmark
 * run what users run: its Node options and its entry file (relative to the project).
 */
export const START_COMMAND: { options: string[]; entry: string } = (() => {
  const pkg = z.object({ scripts: z.object({ start: z.string() }) }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
  const words = pkg.scripts.start.split(/\s+/);
  const script = words.findIndex((w) => w.endsWith('.js'));
  return { options: words.slice(words.indexOf('node') + 1, script).filter((w) => w.startsWith('--')), entry: words[script]! };
})();

/** The built service's entry file, as `npm start` runs it. */
export const ENTRY = join(ROOT, START_COMMAND.entry);

/** The built service running as its own process, as it runs in production. */
export interface BuiltService {
  child: ChildProcess;
  url: string;
}

/** Starts the built service (as `npm start` does) on a free loopback port with only `env` (and PATH), and resolves once it listens. */
export async function startBuiltService(env: Record<string, string>): Promise<BuiltService> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` (npm test does) before this test`);
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
