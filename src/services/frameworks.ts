import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FrameworkError, parseFramework, type Framework, type FrameworkRule } from '../domain/framework.js';
import { BUILTIN_FRAMEWORKS_DIR, ROOT } from '../paths.js';

/** The frameworks this service knows, by id. */
export class FrameworkRegistry {
  private readonly byId = new Map<string, Framework>();

  constructor(private readonly rules: FrameworkRule[] = []) {}

  /** Loads a framework file; a file that fails validation throws an error naming it and the path inside it. */
  load(file: string): Framework {
    const name = relative(ROOT, file) || file;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new FrameworkError(name, '', error instanceof SyntaxError ? `not valid JSON (${error.message})` : String(error));
    }
    const framework = parseFramework(json, name, this.rules);
    this.byId.set(framework.id, framework);
    return framework;
  }

  /** Loads every *.json file of a folder. */
  loadDir(dir: string): Framework[] {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => this.load(join(dir, f)));
  }

  get(id: string): Framework | undefined {
    return this.byId.get(id);
  }

  all(): Framework[] {
    return [...this.byId.values()];
  }
}

/** The registry with the built-in frameworks (the default `spat`). */
export function builtinFrameworks(rules: FrameworkRule[] = []): FrameworkRegistry {
  const registry = new FrameworkRegistry(rules);
  registry.loadDir(BUILTIN_FRAMEWORKS_DIR);
  return registry;
}
