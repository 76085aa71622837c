import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder (the one holding package.json), found from this file whether it runs from src/ or dist/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the running code');
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot();
export const LOCALES_DIR = join(ROOT, 'locales');
export const CARDS_DIR = join(ROOT, 'cards');
export const BUILTIN_FRAMEWORKS_DIR = join(ROOT, 'src', 'domain', 'frameworks');
