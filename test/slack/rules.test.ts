import { join } from 'node:path';
import { FrameworkError, parseFramework } from '../../src/domain/framework.js';
import { slackFrameworkRules } from '../../src/channels/slack/index.js';
import { ROOT } from '../../src/paths.js';
import { builtinFrameworks, FrameworkRegistry } from '../../src/services/frameworks.js';
import { spat } from '../support/builders.js';

const clone = () => JSON.parse(JSON.stringify(spat)) as typeof spat;

describe('Slack\'s limits on frameworks', () => {
  it('accept the built-in framework and the six-principles example', () => {
    expect(builtinFrameworks(slackFrameworkRules).get('spat')).toBeDefined();
    expect(new FrameworkRegistry(slackFrameworkRules).load(join(ROOT, 'docs', 'frameworks', 'six-principles.json')).characteristics).toHaveLength(6);
  });

  it('refuse an answer option longer than Slack shows, naming it and the reason', () => {
    const f = clone();
    f.scale.options[2]!.label.en = 'Neither agree nor disagree, on balance, taking everything into account';
    expect(() => parseFramework(f, 'long.json', slackFrameworkRules)).toThrow(
      new FrameworkError('long.json', 'scale.options[2].label', '104 characters in Welsh and English together; an answer option holds at most 75 (Slack)'),
    );
  });

  it('refuse a statement too long for a question label, and a title too long for a heading', () => {
    const f = clone();
    f.characteristics[1]!.statements[2]!.text.cy = 'gair '.repeat(400);
    expect(() => parseFramework(f, 'f.json', slackFrameworkRules)).toThrow(/characteristics\[1\]\.statements\[2\]\.text: .* the label of a question holds at most 2000 \(Slack\)/);
    const g = clone();
    g.characteristics[0]!.title.en = 'T'.repeat(140);
    expect(() => parseFramework(g, 'g.json', slackFrameworkRules)).toThrow(/characteristics\[0\]\.title: .* a heading holds at most 150/);
  });

  it('refuse a "don\'t know" label that would not fit an option', () => {
    const f = clone();
    f.scale.dontKnow.cy = 'Dydw i ddim yn gwybod digon am y pwnc hwn i allu ateb y cwestiwn';
    expect(() => parseFramework(f, 'f.json', slackFrameworkRules)).toThrow(/scale\.dontKnow/);
  });

  it('refuse a framework whose titles and labels leave no room in one summary message', () => {
    const f = clone();
    for (const c of f.characteristics) c.title = { en: `${'&'.repeat(60)} en`, cy: `${'<'.repeat(60)} cy` };
    expect(() => parseFramework(f, 'f.json', slackFrameworkRules)).toThrow(/f\.json: characteristics: the titles and answer labels come to \d+ characters .* room for 2500/);
  });
});
