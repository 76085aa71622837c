import { builtinFrameworks } from '../../src/services/frameworks.js';
import type { Framework } from '../../src/domain/framework.js';
import type { Response } from '../../src/domain/model.js';
import { FrameworkRegistry } from '../../src/services/frameworks.js';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';

export const spat: Framework = builtinFrameworks().get('spat')!;

export function sixPrinciples(): Framework {
  return new FrameworkRegistry().load(join(ROOT, 'docs', 'frameworks', 'six-principles.json'));
}

/** A response answering every statement of the given characteristics with one value. */
export function responseAll(framework: Framework, value: number | 'dk', options: { group?: string; comment?: string; only?: string[] } = {}): Response {
  const pages: Response['pages'] = {};
  for (const c of framework.characteristics) {
    if (options.only && !options.only.includes(c.id)) continue;
    pages[c.id] = {
      answers: Object.fromEntries(c.statements.map((s) => [s.id, value])),
      ...(options.comment ? { comment: options.comment } : {}),
    };
  }
  return { pages, ...(options.group ? { group: options.group } : {}) };
}

/** A response to one characteristic with the given answers, statement by statement. */
export function responseTo(framework: Framework, characteristicId: string, values: (number | 'dk')[], extra: { group?: string; comment?: string } = {}): Response {
  const c = framework.characteristics.find((x) => x.id === characteristicId)!;
  return {
    pages: { [c.id]: { answers: Object.fromEntries(c.statements.map((s, i) => [s.id, values[i % values.length]!])), ...(extra.comment ? { comment: extra.comment } : {}) } },
    ...(extra.group ? { group: extra.group } : {}),
  };
}
