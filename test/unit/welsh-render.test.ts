import { parseCommand } from '../../src/i18n/commands.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { COUNTS, renderAll, sampleVars, WELSH_KEYS } from '../../scripts/welsh-proof.js';

/** Words that are the same in both languages, so the Welsh may match the English. */
const SAME_IN_BOTH: Record<string, string> = {
  'app.name': 'the name of the bot',
  'export.band': '"band" is the Welsh word too',
  'report.band': '"band" is the Welsh word too',
};

describe('every Welsh string, rendered with sample values', () => {
  const t = createTranslator();
  const rows = renderAll(t);

  it('renders every key, with every count where it has a number', () => {
    expect(WELSH_KEYS.length).toBeGreaterThan(150);
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(WELSH_KEYS));
    const counted = rows.filter((r) => r.key === 'duration.days').map((r) => r.cy);
    expect(counted).toEqual(COUNTS.map((n) => `${n} ${n === 2 ? 'ddiwrnod' : 'diwrnod'}`));
  });

  it('leaves no placeholder unfilled', () => {
    expect(rows.filter((r) => /\{\{|«|undefined/.test(r.cy + r.en)).map((r) => `${r.key}: ${r.cy}`)).toEqual([]);
  });

  it('is Welsh, not the English fallen through', () => {
    expect(rows.filter((r) => r.cy === r.en && !(r.key in SAME_IN_BOTH)).map((r) => `${r.key}: ${r.cy}`)).toEqual([]);
  });

  it('never leaves a name, date or channel unmutated after a word that mutates it', () => {
    const mutator = /(?:^|[\s(])(ar|i|o|am|at|gan|heb|dan|dros|trwy|drwy|wrth|hyd|yn|ei|a|â|gyda|neu|\p{L}+'n) (Dydd|Bethan|Dafydd|Partneriaeth|Cyflogwyr|Cymraeg|Anghytuno|Cytuno|Pleidlais)/u;
    expect(rows.filter((r) => mutator.test(r.cy)).map((r) => `${r.key}: ${r.cy}`)).toEqual([]);
  });

  it('never leaves a noun unmutated after 2, 3 or 6 from the data', () => {
    const months = /^(Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)$/;
    const faults = rows.flatMap((r) =>
      [...r.cy.matchAll(/(?:^|[\s(])([236]) (\p{L}+)/gu)]
        .filter(([, n, word]) => !months.test(word!) && (n === '2' ? /^(p|t(?!h)|c(?!h)|b|d(?!d)|g|m|ll|rh)/i : /^(p(?!h)|t(?!h)|c(?!h))/i).test(word!))
        .map((m) => `${r.key}: "${m[0]!.trim()}" in ${r.cy}`),
    );
    expect(faults).toEqual([]);
  });

  it('names a date by its label, not after "ar"', () => {
    const vars = sampleVars(t, 'cy', 'status.closed', 3, true);
    expect(vars.date).toBe('dydd Mawrth, 3 Mawrth am 09:30');
    expect(t.t('cy', 'status.closed', vars)).toBe('Cylch adolygu 3 wedi cau: dydd Mawrth, 3 Mawrth am 09:30.');
  });

  it('keeps the number of partners apart from the noun', () => {
    const ks = [2, 3, 6, 12]; // a partnership's k is at least 2
    expect(ks.map((k) => t.t('cy', 'form.privacy', { k }))).toEqual(
      ks.map((k) => `Dim ond chi sy'n gallu gweld eich atebion. Mae'r sianel yn gweld crynodeb pan fydd o leiaf ${k} o bartneriaid wedi ateb.`),
    );
  });
});

describe('the Welsh duration examples', () => {
  const t = createTranslator();
  const minutes = 60_000;
  const examples = (text: string) => [...text.matchAll(/\d+ \p{L}+/gu)].map((m) => m[0]).filter((e) => !/^\d+ Mawrth$/.test(e));

  it('are written in Welsh words, not English unit letters', () => {
    const cmd = '/asesu dechrau';
    const help = t.t('cy', 'help.commands.start', { cmd });
    expect(examples(help)).toEqual(['7 diwrnod', '30 munud', '2 awr', '14 diwrnod']);
    for (const key of ['help.commands.start', 'parse.duration', 'parse.usage.start']) expect([key, /\d+[mhd]\b/.test(t.t('cy', key, { cmd }))]).toEqual([key, false]);
  });

  it('are ones the parser accepts, typed after the Welsh command as shown', () => {
    const cmd = '/asesu dechrau';
    const shown = ['help.commands.start', 'parse.duration', 'parse.usage.start'].flatMap((key) => examples(t.t('cy', key, { cmd })));
    expect(shown.length).toBeGreaterThanOrEqual(6);
    for (const example of shown) expect([example, parseCommand(`${cmd} ${example}`).ok]).toEqual([example, true]);
    expect(parseCommand(`${cmd} 30 munud`)).toEqual({ ok: true, command: { name: 'start', durationMs: 30 * minutes } });
    expect(parseCommand(`${cmd} 2 awr`)).toEqual({ ok: true, command: { name: 'start', durationMs: 120 * minutes } });
    expect(parseCommand(`${cmd} 14 diwrnod`)).toEqual({ ok: true, command: { name: 'start', durationMs: 14 * 24 * 60 * minutes } });
    expect(parseCommand(`${cmd} 7 diwrnod`)).toEqual({ ok: true, command: { name: 'start', durationMs: 7 * 24 * 60 * minutes } });
  });
});
