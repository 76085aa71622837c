import { FrameworkRegistry, builtinFrameworks } from '../../src/services/frameworks.js';
import { parseFramework } from '../../src/domain/framework.js';
import { teamsFrameworkRules } from '../../src/channels/teams/index.js';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { spat } from '../support/builders.js';
import { largestFramework } from './samples.js';

describe('the limits Teams puts on frameworks', () => {
  test('the built-in and documented frameworks, and the largest sample, are within them', () => {
    expect(() => builtinFrameworks(teamsFrameworkRules)).not.toThrow();
    expect(() => new FrameworkRegistry(teamsFrameworkRules).load(join(ROOT, 'docs', 'frameworks', 'six-principles.json'))).not.toThrow();
    expect(() => parseFramework(largestFramework(), 'largest', teamsFrameworkRules)).not.toThrow();
  });

  test('a statement too long for a Teams card is refused with its path', () => {
    const long = structuredClone(spat);
    long.characteristics[1]!.statements[2]!.text.cy = 'gair '.repeat(80);
    expect(() => parseFramework(long, 'long.json', teamsFrameworkRules)).toThrow('long.json: characteristics[1].statements[2].text.cy: longer than 300 characters, too long for a Teams card');
  });

  test('a scale label too long for a radio button on a phone is refused', () => {
    const wide = structuredClone(spat);
    wide.scale.options[0]!.label.en = 'Strongly disagree with every part of this statement, all of it';
    expect(() => parseFramework(wide, 'wide.json', teamsFrameworkRules)).toThrow('scale.options[0].label.en');
  });
});
