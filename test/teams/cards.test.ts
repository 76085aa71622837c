import type { Language } from '../../src/domain/text.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { CARD_NAMES } from '../../src/channels/teams/cards.js';
import { plain } from '../../src/channels/teams/escape.js';
import { distributionBar, fitsTeams, summaryCard } from '../../src/channels/teams/summary-card.js';
import { pageCard, reviewCard, wording } from '../../src/channels/teams/views.js';
import { spat } from '../support/builders.js';
import { actionsOf, inputsOf, textsOf } from './client.js';
import { actionsSummaryView, COMMENTS, everyCard, withheldSummaryView, formState, largestFramework, largestSummaryView, summaryView } from './samples.js';
import { cardProblems } from './validate.js';

const t = createTranslator();
const LANGUAGES: Language[] = ['cy', 'en', 'cy+en'];

describe.each(LANGUAGES)('Teams cards in %s', (language) => {
  const cards = everyCard(language);

  test.each(Object.keys(cards))('%s passes the Adaptive Cards 1.5 parser with no warnings', (name) => {
    expect(cardProblems(cards[name])).toEqual([]);
  });

  test('every template is used', () => {
    const used = new Set(Object.values(cards).map((c) => JSON.stringify(c)));
    expect(used.size).toBe(Object.keys(cards).length);
    expect(CARD_NAMES).toHaveLength(9);
  });
});

describe('what the cards say', () => {
  test('no English inside a Welsh card', () => {
    const en = everyCard('en');
    const cy = everyCard('cy');
    for (const name of Object.keys(en)) {
      const english = new Set(textsOf(en[name]).filter((x) => x.length > 3));
      const welsh = textsOf(cy[name]);
      // Figures, bars and what partners typed (comments, group names) are the same in any language.
      const typed = ['asesu', 'Employers', 'Trade unions', 'Government', 'Papers arrive', 'We could share', 'More time for', 'Comment ', 'Papers a week', 'A short note', 'Ask each side', 'Member ', 'Alice Jones'];
      const leaked = welsh.filter((x) => english.has(x) && /\p{L}{2}/u.test(x) && !typed.some((g) => x.includes(g)));
      expect({ name, leaked }).toEqual({ name, leaked: [] });
    }
  });

  test('bilingual cards put Welsh first, with one body', () => {
    const card = everyCard('cy+en')['round-open']!;
    const texts = textsOf(card);
    expect(texts[0]).toBe('Cylch adolygu 2 / Review round 2');
    expect(texts[1]!.startsWith('Ychydig funudau')).toBe(true);
    expect(texts[2]!.startsWith('A few minutes')).toBe(true);
    expect(texts).toContain('Partneriaid sydd wedi ateb: 7 o 12 / 7 of 12 partners have answered');
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Ateb / Answer']);
  });

  test('actions done since the last round stand under their characteristic, a withheld one too, as plain text', () => {
    const texts = textsOf(summaryCard(wording(t, 'en', 'Europe/London'), actionsSummaryView('en', withheldSummaryView('en'))).card);
    const row = texts.indexOf('4. How information and decisions cascade');
    expect(texts.slice(row + 1, row + 3)).toEqual(['Too few answers', '✓ Actions done since the last round: Papers a week before each meeting']);
    expect(texts.filter((x) => x.startsWith('✓'))).toHaveLength(1);
  });

  test('the round card shows a count, never who, and loses its button when closed', () => {
    const open = everyCard('en')['round-open']!;
    expect(JSON.stringify(open)).not.toMatch(/Member \d|29:member/);
    expect(textsOf(open)).toContain('Closes: Monday 9 March at 09:30');
    const closed = everyCard('en')['round-closed']!;
    expect(actionsOf(closed)).toEqual([]);
    expect(textsOf(closed)).toContain('This round is closed. Its summary follows in a new message.');
  });

  test('a page shows the scale with Don’t know, pre-filled answers, the comment and the group question', () => {
    const w = wording(t, 'en', 'Europe/London');
    const form = formState('en');
    const first = pageCard(w, form, 0);
    const inputs = inputsOf(first);
    expect(inputs.map((i) => i.id)).toEqual(['group', ...spat.characteristics[0]!.statements.map((s) => `answer:${s.id}`), 'comment']);
    expect(inputs[0]).toMatchObject({ value: 'g2', choices: ['none', 'g1', 'g2', 'g3'] });
    expect(inputs[1]!.choices).toEqual(['1', '2', '3', '4', '5', 'dk']);
    expect(inputs.slice(1, 5).every((i) => i.value !== '')).toBe(true);
    expect(textsOf(first)).toContain("Don't know");
    expect(textsOf(first)).toContain('Section 1 of 5');
    const second = pageCard(w, form, 1);
    expect(inputsOf(second).find((i) => i.id === 'comment')?.value).toBe('Earlier sight of papers, please.');
    expect(actionsOf(second).map((a) => a.title)).toEqual(['Back', 'Save and continue']);
    expect(actionsOf(pageCard(w, form, 4)).map((a) => a.title)).toEqual(['Back', 'Save and review']);
  });

  test('the review page lists the member’s answers with a Change link per section', () => {
    const review = reviewCard(wording(t, 'cy', 'Europe/London'), formState('cy', 5));
    expect(actionsOf(review).map((a) => a.title)).toEqual(['Newid', 'Newid', 'Newid', 'Newid', 'Newid', 'Wedi gorffen']);
    expect(textsOf(review)).toContain('Eich atebion');
    expect(textsOf(review)).toContain('Grŵp: Trade unions');
  });

  test.each(LANGUAGES)('the review page of the largest framework, with long comments, fits one Teams response in %s', (language) => {
    const framework = largestFramework();
    const response = { pages: Object.fromEntries(framework.characteristics.map((c) => [c.id, { answers: Object.fromEntries(c.statements.map((s) => [s.id, 4])), comment: 'a comment of some length '.repeat(40) }])) };
    const form = { ...formState(language), framework, response, at: 'review' as const };
    const card = reviewCard(wording(t, language, 'Europe/London'), form);
    expect(fitsTeams(JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }))).toBe(true);
    expect(actionsOf(card).filter((a) => a.verb === 'goto')).toHaveLength(12);
    expect(textsOf(card).some((x) => x.endsWith('…'))).toBe(true);
    expect(cardProblems(card)).toEqual([]);
  });

  test('the summary shows each characteristic with score, band, bar, trend and counts', () => {
    const texts = textsOf(everyCard('en').summary);
    const row = texts.indexOf('1. Clear purpose and focus');
    expect(texts[row + 1]).toMatch(/^\d\.\d$/);
    expect(texts[row + 2]).toMatch(/^ {2}(Strength|Developing|Priority)$/);
    expect(texts.slice(row, row + 8).join(' ')).toMatch(/[▲▼=] \d\.\d/);
    expect(texts.slice(row, row + 8).some((x) => /█/.test(x))).toBe(true);
    expect(texts).toContain('Divided views: where partners see things differently');
    expect(texts.join(' ')).toContain('They make a good agenda for your next discussion.');
    expect(texts).toContain('Partner groups');
    expect(texts).toContain('Response rate: 9/12 (75%)');
  });

  test('a characteristic too few answered shows its title and "Too few answers", and no bar, count or comment', () => {
    const texts = textsOf(everyCard('en')['summary-withheld']);
    const row = texts.indexOf('4. How information and decisions cascade');
    expect(texts.slice(row + 1, texts.indexOf('5. Monitoring and review'))).toEqual(['Too few answers']);
    expect(texts.slice(texts.indexOf('5. Monitoring and review') + 1, texts.indexOf('5. Monitoring and review') + 2)).toEqual(['Too few answers']);
    expect(texts.join(' ')).not.toContain('Answered: 2');
    expect(texts.join(' ')).not.toContain(COMMENTS[0]!);
    expect(texts.join(' ')).toContain(COMMENTS[1]!);
    expect(texts.slice(row - 6, row).some((x) => /█/.test(x))).toBe(true);
  });

  test('too few answers: no scores, just the reason', () => {
    const texts = textsOf(everyCard('en')['summary-too-few']);
    expect(texts.join(' ')).toContain('Too few partners have answered to show results without identifying anyone.');
    expect(texts.some((x) => /^\d\.\d$/.test(x))).toBe(false);
  });

  test.each(LANGUAGES)('the largest summary (12 characteristics, 200 comments) fits one Teams message in %s', (language) => {
    const w = wording(t, language, 'Europe/London');
    const { card, commentsShown, commentsLeftOut } = summaryCard(w, largestSummaryView(language));
    const message = JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    expect(Buffer.byteLength(message, 'utf8')).toBeLessThan(28_000);
    expect(fitsTeams(message)).toBe(true);
    expect(commentsShown + commentsLeftOut).toBe(200);
    expect(commentsLeftOut).toBeGreaterThan(0);
    // Room for the Agree actions and History buttons comes from the comments, never from a row.
    expect(commentsShown).toBeGreaterThanOrEqual(4);
    const more = t.text(language, 'summary.commentsMore', { count: commentsLeftOut }, ' / ');
    expect(textsOf(card)).toContain(more);
    expect(textsOf(card).filter((x) => /^\d+\. (Nodwedd rhif \d+ gyda theitl hir( \/ )?)?(Characteristic number \d+ with a long title)?$/.test(x))).toHaveLength(12);
  });

  test('a comment can never mention, link or format', () => {
    const attack = '<at>General</at> @channel [click](https://evil.example) **bold** www.evil.example';
    const w = wording(t, 'en', 'Europe/London');
    const view = summaryView('en', { comments: (i, c) => (c === 'purpose' && i < 4 ? attack : undefined) });
    const card = summaryCard(w, view).card;
    const json = JSON.stringify(card);
    expect(json).not.toContain('<at>');
    expect(json).not.toContain('https://');
    expect(json).not.toContain('www.evil');
    expect(json).not.toContain('@channel');
    const runs = JSON.stringify(card).match(/\{"type":"TextRun","text":"[^"]*evil[^"]*"\}/g) ?? [];
    expect(runs.length).toBe(4);
    expect(JSON.stringify(card)).not.toMatch(/"type":"TextBlock","text":"[^"]*evil/);
    expect(plain('<at>x</at> a@b https://x www.y')).toBe('‹at›x‹/at› a@\u2060b https:/\u2060/x www\u2060.y');
  });

  test('the distribution bar has 20 cells coloured by side and follows the counts', () => {
    const runs = distributionBar([1, 1, 2, 4, 2], spat.scale.options);
    expect(runs.map((r) => r.color)).toEqual(['Attention', 'Warning', 'Good']);
    expect(runs.map((r) => r.text.length)).toEqual([4, 4, 12]);
    expect(distributionBar([0, 0, 0, 0, 0], spat.scale.options)).toEqual([{ text: '░'.repeat(20), color: 'Default' }]);
  });
});
