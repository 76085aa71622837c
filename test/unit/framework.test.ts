import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameworkError, parseFramework } from '../../src/domain/framework.js';
import { openRound, progress, savePage, checkPage } from '../../src/domain/round.js';
import { summarise } from '../../src/domain/summary.js';
import { FrameworkRegistry } from '../../src/services/frameworks.js';
import { sixPrinciples, spat } from '../support/builders.js';

describe('the default spat framework', () => {
  it('has the five characteristics of the review, each with 3 to 5 statements in both languages', () => {
    expect(spat.characteristics.map((c) => c.id)).toEqual(['purpose', 'engagement', 'principles', 'cascade', 'monitoring']);
    for (const c of spat.characteristics) {
      expect(c.statements.length).toBeGreaterThanOrEqual(3);
      expect(c.statements.length).toBeLessThanOrEqual(5);
    }
    expect(spat.characteristics.map((c) => c.title.cy)).toEqual([
      'Pwrpas a ffocws clir',
      'Ymgysylltiad ystyrlon a pharhaus',
      'Ymrwymiad i egwyddorion cydweithio',
      'Rhaeadru gwybodaeth a phenderfyniadau',
      'Monitro ac adolygu',
    ]);
    expect(spat.scale.options.map((o) => o.label.cy)).toEqual(["Anghytuno'n gryf", 'Anghytuno', 'Ddim yn cytuno nac yn anghytuno', 'Cytuno', "Cytuno'n gryf"]);
    expect(spat.scale.dontKnow.cy).toBe('Ddim yn gwybod');
    expect(spat.version).toMatch(/^\d/);
  });
});

describe('a framework file that fails validation', () => {
  const broken = (change: (json: Record<string, unknown>) => void) => {
    const json = JSON.parse(JSON.stringify(spat)) as Record<string, unknown>;
    change(json);
    return json;
  };

  it('names the file and the path inside it', () => {
    const json = broken((j) => {
      (j as { characteristics: { statements: { text: { cy: string } }[] }[] }).characteristics[2]!.statements[1]!.text.cy = '';
    });
    expect(() => parseFramework(json, 'frameworks/mine.json')).toThrow(FrameworkError);
    expect(() => parseFramework(json, 'frameworks/mine.json')).toThrow(/^frameworks\/mine\.json: characteristics\[2\]\.statements\[1\]\.text\.cy: Too small/);
  });

  it('refuses a characteristic with too few statements, duplicate ids and bands outside the scale', () => {
    expect(() => parseFramework(broken((j) => ((j as { characteristics: { statements: unknown[] }[] }).characteristics[0]!.statements.length = 2)), 'f.json')).toThrow(/characteristics\[0\]\.statements/);
    expect(() => parseFramework(broken((j) => ((j as { characteristics: { id: string }[] }).characteristics[1]!.id = 'purpose')), 'f.json')).toThrow(/characteristics\[1\]\.id: duplicate id "purpose"/);
    expect(() => parseFramework(broken((j) => ((j as { bands: { strength: number } }).bands.strength = 7)), 'f.json')).toThrow(/bands/);
  });

  it('is reported by the registry with the file name, also when it is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asesu-fw-'));
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"id": "x",');
    expect(() => new FrameworkRegistry().load(file)).toThrow(/broken\.json: \(top level\): not valid JSON/);
  });

  it('runs the rules channels add, such as a platform limit', () => {
    const rule = () => [{ path: 'characteristics[0].statements[0].text.en', reason: 'longer than 75 characters' }];
    expect(() => parseFramework(spat, 'spat.json', [rule])).toThrow('spat.json: characteristics[0].statements[0].text.en: longer than 75 characters');
  });
});

describe('a six-characteristic framework on a four-point scale', () => {
  const six = sixPrinciples();

  it('runs a whole round to a correct summary', () => {
    let round = openRound({ id: 'abcdef0123456789', number: 1, framework: six, now: 0, durationMs: 3_600_000, trigger: 'command', roster: [] });
    // Three members: all "Strongly agree" (4), all "Disagree" (2), and all "Agree" (3) with one "don't know".
    const answersFor = (member: number, c: (typeof six.characteristics)[number]) =>
      Object.fromEntries(c.statements.map((s, i) => [s.id, member === 0 ? '4' : member === 1 ? '2' : i === 0 ? 'dk' : '3']));
    for (let m = 0; m < 3; m++) {
      for (const c of six.characteristics) {
        const checked = checkPage(six, [], { characteristicId: c.id, answers: answersFor(m, c) });
        if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
        round = savePage(round, `${m}`.repeat(32).slice(0, 32).replace(/[^0-9a-f]/g, 'a'), checked.value);
      }
    }
    expect(progress(round, six)).toEqual({ answered: 3, roster: 3 });
    const summary = summarise({ framework: six, responses: Object.values(round.responses), rosterSize: 3, k: 3, groups: [] });
    expect(summary.characteristics).toHaveLength(6);
    for (const c of summary.characteristics) {
      // 3 × 4 + 3 × 2 + 2 × 3 = 24 over 8 answers = 3.0, a strength on this scale (≥ 3.0).
      expect(c).toMatchObject({ tenths: 30, band: 'strength', dontKnow: 1, answering: 3, distribution: [0, 3, 2, 3] });
    }
    expect(summary.strengths).toHaveLength(6);
    // The first statement of each has two answers on the scale (fewer than k). The others split
    // 1 disagree, 2 agree, but showing them would give the first one away by subtraction.
    expect(summary.divided).toEqual([]);
    for (const c of summary.characteristics) expect(c).toMatchObject({ statements: null });
  });

  it('refuses a value that is not on its scale', () => {
    const c = six.characteristics[0]!;
    const checked = checkPage(six, [], { characteristicId: c.id, answers: Object.fromEntries(c.statements.map((s) => [s.id, '5'])) });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.map((p) => p.problem)).toEqual(['offScale', 'offScale', 'offScale']);
  });
});
