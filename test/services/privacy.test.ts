import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summaryMessage } from '../../src/channels/slack/blocks/summary.js';
import { slackSurface } from '../../src/channels/slack/wording.js';
import type { Actor } from '../../src/services/index.js';
import type { SummaryView } from '../../src/services/ports.js';
import { pageAnswers, serviceHarness, type ServiceHarness } from '../support/services.js';

/** Issue 12, cases 1–5 and 12: each one a way an output or a file told what one partner answered. */

const secretary: Actor = { id: 'U-SEC', name: 'Siân' };
const partner: Actor = { id: 'U-P1', name: 'Dewi', locale: 'cy-GB' };
const second: Actor = { id: 'U-P2', name: 'Elin' };
const third: Actor = { id: 'U-P3', name: 'Ffion' };
const CHARACTERISTICS = ['purpose', 'engagement', 'principles', 'cascade', 'monitoring'];

async function started(h: ServiceHarness) {
  h.channel.roster = [{ id: secretary.id, name: secretary.name! }, { id: partner.id, name: partner.name! }, { id: second.id }, { id: third.id }];
  const result = await h.services.run(h.where, secretary, { name: 'start' });
  if (result.kind !== 'started') throw new Error(`not started: ${JSON.stringify(result)}`);
  await h.services.run(h.where, secretary, { name: 'language', language: 'en' });
  return { partnershipId: h.channel.posted[0]!.partnership.id, roundId: result.round.id };
}

async function answer(h: ServiceHarness, at: { partnershipId: string; roundId: string }, actor: Actor, characteristicId: string, answers: Record<string, string>, comment?: string) {
  const result = await h.services.answer({ ...at, actor, input: { characteristicId, answers, ...(comment ? { comment } : {}) } });
  if (!('saved' in result)) throw new Error(JSON.stringify(result));
}

/** One value for every statement of a characteristic, or a value per statement. */
function values(h: ServiceHarness, characteristicId: string, value: string | string[]): Record<string, string> {
  const keys = Object.keys(pageAnswers(h.services, characteristicId, '1'));
  return Object.fromEntries(keys.map((k, i) => [k, Array.isArray(value) ? value[i % value.length]! : value]));
}

/** The summary as Slack shows it in English, as one text. */
function slackText(h: ServiceHarness, view: SummaryView): string {
  const m = summaryMessage({ t: h.services.deps.translator, language: 'en', timeZone: 'Europe/London', surface: slackSurface() }, view);
  return JSON.stringify(m.blocks);
}

async function exportText(h: ServiceHarness): Promise<string> {
  const before = h.channel.notices.length;
  const result = await h.services.run(h.where, { ...secretary, locale: 'en-GB' }, { name: 'export' });
  if (result.kind !== 'exported') throw new Error(JSON.stringify(result));
  const notice = h.channel.notices.slice(before).find((n) => n.notice.kind === 'export')!.notice as { csv: string };
  return notice.csv;
}

/** The CSV's figures, without its comments: what must never move once published. */
function figures(csv: string): string[] {
  return csv.trim().split('\r\n').filter((line) => !line.startsWith('Comment,'));
}

function rowsOf(csv: string) {
  return csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '')));
}

describe('what one partner answered stays theirs (issue 12)', () => {
  let h: ServiceHarness;
  beforeEach(async () => {
    h = await serviceHarness();
  });

  it('case 1: a characteristic only one member answered shows no distribution and no count', async () => {
    const at = await started(h);
    for (const actor of [secretary, partner, second]) await answer(h, at, actor, 'purpose', values(h, 'purpose', '4'));
    for (const id of CHARACTERISTICS.slice(1)) await answer(h, at, partner, id, values(h, id, ['1', '2', '5', '5']));
    await h.services.run(h.where, secretary, { name: 'close' });
    const text = slackText(h, h.channel.summaries[0]!);
    expect(text).toContain('Meaningful, continuous engagement*\\n_Too few answers_');
    expect(text).not.toContain('Answered: 1');
    expect(text).not.toMatch(/Meaningful, continuous engagement\*\\n_Too few answers_\\n/);
  });

  it('case 2: a comment on a characteristic fewer than k answered is in neither the summary nor the export', async () => {
    const at = await started(h);
    for (const actor of [secretary, partner, second]) await answer(h, at, actor, 'purpose', values(h, 'purpose', '4'), 'Shorter papers');
    await answer(h, at, partner, 'engagement', values(h, 'engagement', '2'), 'Only Dewi would write this');
    await h.services.run(h.where, secretary, { name: 'close' });
    expect(slackText(h, h.channel.summaries[0]!)).not.toContain('Only Dewi');
    expect(slackText(h, h.channel.summaries[0]!)).toContain('Shorter papers');
    expect(await exportText(h)).not.toContain('Only Dewi');
  });

  it('case 3: "forget me" after close changes no figure of the export', async () => {
    const at = await started(h);
    const picks: [Actor, string[]][] = [[secretary, ['4', '4', '4', '4']], [partner, ['1', '2', '1', '2']], [second, ['5', '4', '5', '4']]];
    for (const [actor, v] of picks) for (const id of CHARACTERISTICS) await answer(h, at, actor, id, values(h, id, v));
    await h.services.run(h.where, secretary, { name: 'close' });
    const before = await exportText(h);
    expect(await h.services.run(h.where, partner, { name: 'forget' })).toMatchObject({ kind: 'forgotten' });
    expect(figures(await exportText(h))).toEqual(figures(before));
  });

  it('case 4: a withheld statement cannot be worked out from its characteristic and the statements shown', async () => {
    const at = await started(h);
    // Only Dewi answers the first statement of each page on the scale; the others do not know.
    const picks: [Actor, string[]][] = [[secretary, ['dk', '4', '4', '4']], [partner, ['1', '2', '1', '2']], [second, ['dk', '4', '5', '4']]];
    for (const [actor, v] of picks) for (const id of CHARACTERISTICS) await answer(h, at, actor, id, values(h, id, v));
    await h.services.run(h.where, secretary, { name: 'close' });
    const rows = rowsOf(await exportText(h));
    const scale = (row: string[]) => row.slice(7, 12).map((x) => (x === '' ? 0 : Number(x)));
    for (let i = 0; i < rows.length; i++) {
      if (rows[i]![0] !== 'Characteristic' || rows[i]![5] === '') continue;
      const statements: string[][] = [];
      for (let j = i + 1; j < rows.length && rows[j]![0] === 'Statement'; j++) statements.push(rows[j]!);
      const remainder = scale(rows[i]!).map((n, o) => n - statements.reduce((sum, s) => sum + scale(s)[o]!, 0));
      const withheld = statements.filter((s) => s[5] === '');
      // Whatever is withheld is either nothing at all, or more than one member's answers together.
      if (withheld.length > 0) expect(withheld).toHaveLength(statements.length);
      expect(remainder.reduce((a, b) => a + b, 0) === 0 || withheld.length === statements.length).toBe(true);
    }
  });

  it('case 5: "forget me" takes the member\'s comments out of closed rounds\' summaries and exports', async () => {
    const at = await started(h);
    for (const actor of [secretary, partner, second]) {
      for (const id of CHARACTERISTICS) await answer(h, at, actor, id, values(h, id, '4'), actor === partner ? 'Dewi wrote this' : `From ${actor.name}`);
    }
    await h.services.run(h.where, secretary, { name: 'close' });
    expect(await exportText(h)).toContain('Dewi wrote this');
    await h.services.run(h.where, partner, { name: 'forget' });
    const summary = await h.services.run(h.where, partner, { name: 'summary' });
    if (summary.kind !== 'summary') throw new Error(JSON.stringify(summary));
    const text = slackText(h, { partnership: (await h.services.get(at.partnershipId))!, round: summary.round, framework: summary.framework, summary: summary.summary });
    expect(text).not.toContain('Dewi wrote this');
    expect(text).toContain('From Siân');
    expect(await exportText(h)).not.toContain('Dewi wrote this');
    expect(await readFile(join(h.dataDir, `${at.partnershipId}.json`), 'utf8')).not.toContain('Dewi wrote this');
  });

  it('case 12: the file keeps no locale from an answer and no order of who answered first', async () => {
    const at = await started(h);
    const key = (a: Actor) => h.services.deps.pseudonymise('slack', a.id);
    // Answer in the order that sorting would reverse, so the file cannot simply keep arrival order.
    const order = [partner, second, third].sort((a, b) => (key(a) < key(b) ? 1 : -1));
    for (const actor of order) await answer(h, at, actor, 'purpose', values(h, 'purpose', '3'));
    const file = JSON.parse(await readFile(join(h.dataDir, `${at.partnershipId}.json`), 'utf8'));
    const round = file.partnership.rounds[0];
    expect(round.roster).toEqual(h.channel.roster);
    const keys = Object.keys(round.responses);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('a round closed before the disclosure rule', () => {
  it('loads from its file as its stored summary, with withheld figures and their comments gone', async () => {
    const h = await serviceHarness();
    const at = await started(h);
    for (const actor of [secretary, partner, second]) await answer(h, at, actor, 'purpose', values(h, 'purpose', '4'), `Purpose from ${actor.name}`);
    await answer(h, at, partner, 'engagement', values(h, 'engagement', '2'), 'Only Dewi answered this');
    await h.services.run(h.where, secretary, { name: 'close' });
    const file = join(h.dataDir, `${at.partnershipId}.json`);
    const json = JSON.parse(await readFile(file, 'utf8'));
    // The shape summaries were stored in before: figures kept for withheld rows, comments in one list.
    json.partnership.rounds[0].summary = {
      ...json.partnership.rounds[0].summary,
      characteristics: CHARACTERISTICS.map((id) =>
        id === 'purpose'
          ? { id, answering: 3, dontKnow: 0, distribution: [0, 0, 0, 12, 0], tenths: 40, band: 'strength', trendTenths: null }
          : { id, answering: id === 'engagement' ? 1 : 0, dontKnow: 0, distribution: id === 'engagement' ? [0, 4, 0, 0, 0] : [0, 0, 0, 0, 0], tenths: null, band: null, trendTenths: null },
      ),
      divided: [],
      comments: [
        { characteristicId: 'purpose', text: 'Purpose from Dewi' },
        { characteristicId: 'engagement', text: 'Only Dewi answered this' },
      ],
    };
    await writeFile(file, JSON.stringify(json));
    const reloaded = await serviceHarness({ dataDir: h.dataDir });
    const summary = await reloaded.services.run(reloaded.where, secretary, { name: 'summary' });
    if (summary.kind !== 'summary') throw new Error(JSON.stringify(summary));
    expect(summary.summary.characteristics[0]).toMatchObject({ id: 'purpose', shown: true, tenths: 40, comments: ['Purpose from Dewi'], statements: null });
    expect(summary.summary.characteristics[1]).toEqual({ id: 'engagement', shown: false });
    const text = slackText(reloaded, { partnership: (await reloaded.services.get(at.partnershipId))!, round: summary.round, framework: summary.framework, summary: summary.summary });
    expect(text).not.toContain('Only Dewi');
    expect(text).toContain('Purpose from Dewi');
  });
});
