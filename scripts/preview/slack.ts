/**
 * Renders the Slack round message, one page of the form modal and the summary to PNG, in
 * Welsh and English, at desktop and phone width. The blocks are the ones the channel sends;
 * they are drawn by a small, faithful HTML rendering of Block Kit in Slack's light theme.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { agreeView } from '../../src/channels/slack/blocks/agree.js';
import { pageView } from '../../src/channels/slack/blocks/form.js';
import type { Block, ModalView } from '../../src/channels/slack/blocks/kit.js';
import { roundMessage } from '../../src/channels/slack/blocks/round.js';
import { summaryMessage } from '../../src/channels/slack/blocks/summary.js';
import type { Partnership, Response, Round } from '../../src/domain/model.js';
import { openRound } from '../../src/domain/round.js';
import { ACTIONS } from '../../test/teams/samples.js';
import { summarise } from '../../src/domain/summary.js';
import type { Locale } from '../../src/domain/text.js';
import { spat } from '../../test/support/builders.js';
import { AT, form, fullResponse, partnership, round, wording } from '../../test/slack/fixtures.js';

const WIDTHS = { desktop: { message: 760, modal: 540 }, phone: { message: 375, modal: 375 } } as const;

const CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; background: #f8f8f8; font-family: 'Lato', 'Liberation Sans', 'DejaVu Sans', sans-serif; font-size: 15px; line-height: 1.46; color: #1d1c1d; }
  #shot { padding: 12px; display: inline-block; width: 100%; }
  .message { background: #fff; display: flex; gap: 8px; padding: 8px 16px 12px 12px; border-radius: 6px; }
  .avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #1f4e5f; color: #fff; font-weight: 700; font-size: 18px; display: flex; align-items: center; justify-content: center; }
  .body { flex: 1; min-width: 0; }
  .who { font-weight: 900; } .app { font-size: 10px; font-weight: 700; color: #616061; background: #e8e8e8; border-radius: 2px; padding: 0 3px; margin-left: 4px; vertical-align: 2px; } .time { color: #616061; font-size: 12px; margin-left: 6px; }
  .block { margin: 4px 0; overflow-wrap: anywhere; }
  .header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 6px 0 4px; }
  .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
  .phone .fields { grid-template-columns: 1fr; }
  .context { font-size: 12px; color: #616061; display: flex; gap: 8px; flex-wrap: wrap; }
  hr { border: 0; border-top: 1px solid #dddddd; margin: 12px 0; }
  .button { display: inline-block; border: 1px solid #bbbabb; border-radius: 4px; padding: 3px 12px; font-weight: 700; font-size: 14px; background: #fff; white-space: nowrap; }
  .button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
  .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 8px; }
  .with-accessory { display: flex; gap: 12px; align-items: flex-start; } .with-accessory > div:first-child { flex: 1; }
  a, .link { color: #1264a3; }
  .modal { background: #fff; border-radius: 8px; box-shadow: 0 0 0 1px rgba(29,28,29,.13), 0 18px 48px rgba(0,0,0,.35); overflow: hidden; }
  .phone .modal { border-radius: 0; box-shadow: none; }
  .modal-head { display: flex; align-items: center; gap: 10px; padding: 16px 20px; border-bottom: 1px solid #dddddd; font-size: 22px; font-weight: 900; }
  .modal-head .mark { width: 28px; height: 28px; font-size: 15px; }
  .modal-head .x { margin-left: auto; color: #616061; font-weight: 400; font-size: 22px; }
  .modal-body { padding: 16px 20px 8px; }
  .modal-foot { display: flex; justify-content: flex-end; gap: 8px; padding: 16px 20px; border-top: 1px solid #dddddd; }
  .modal-foot .button { padding: 6px 16px; font-size: 15px; }
  .input { margin: 16px 0; }
  .label { font-weight: 700; margin-bottom: 6px; } .optional { font-weight: 400; color: #616061; }
  .radio { display: flex; align-items: flex-start; gap: 8px; margin: 4px 0; }
  .dot { flex: none; width: 16px; height: 16px; border-radius: 50%; border: 1px solid #868686; margin-top: 3px; background: #fff; }
  .dot.on { border: 5px solid #1264a3; }
  .select { border: 1px solid #868686; border-radius: 4px; padding: 8px 10px; color: #616061; }
  .textarea { border: 1px solid #868686; border-radius: 4px; padding: 8px 10px; min-height: 76px; white-space: pre-wrap; }
  .hint { font-size: 13px; color: #616061; margin-top: 4px; }
  .error { font-size: 13px; color: #e01e5a; margin-top: 4px; }
`;

type Json = Record<string, unknown>;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack mrkdwn as Slack shows it: entities stay entities, marks become emphasis, channel links become links. */
function mrkdwn(text: string): string {
  return text
    .replace(/<#(C[A-Z0-9]+)>/g, '<span class="link">#partneriaeth</span>')
    .replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,:;<])/gm, '$1<b>$2</b>')
    .replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,:;<])/gm, '$1<i>$2</i>')
    .replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,:;<])/gm, '$1<s>$2</s>')
    .replace(/\n/g, '<br>');
}

function text(obj: unknown): string {
  const t = obj as { type?: string; text?: string } | undefined;
  if (!t?.text) return '';
  return t.type === 'mrkdwn' ? mrkdwn(t.text) : escapeHtml(t.text);
}

function element(el: Json): string {
  switch (el.type) {
    case 'button':
      return `<span class="button${el.style === 'primary' ? ' primary' : ''}">${text(el.text)}</span>`;
    case 'radio_buttons': {
      const chosen = (el.initial_option as Json | undefined)?.value;
      return (el.options as Json[]).map((o) => `<div class="radio"><span class="dot${o.value === chosen ? ' on' : ''}"></span><span>${text(o.text)}</span></div>`).join('');
    }
    case 'static_select': {
      const chosen = el.initial_option as Json | undefined;
      return `<div class="select">${chosen ? text(chosen.text) : 'Select an option'} ▾</div>`;
    }
    case 'plain_text_input':
      return `<div class="textarea">${escapeHtml(String(el.initial_value ?? ''))}</div>`;
    default:
      return '';
  }
}

function block(b: Json): string {
  switch (b.type) {
    case 'header':
      return `<div class="block header">${text(b.text)}</div>`;
    case 'section': {
      const main = b.fields ? `<div class="fields">${(b.fields as Json[]).map((f) => `<div>${text(f)}</div>`).join('')}</div>` : `<div>${text(b.text)}</div>`;
      return b.accessory ? `<div class="block with-accessory">${main}<div>${element(b.accessory as Json)}</div></div>` : `<div class="block">${main}</div>`;
    }
    case 'context':
      return `<div class="block context">${(b.elements as Json[]).map((e) => `<span>${text(e)}</span>`).join('')}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="block actions">${(b.elements as Json[]).map(element).join('')}</div>`;
    case 'input': {
      // Slack marks optional inputs itself, in the reader's Slack language.
      const optional = b.optional ? ' <span class="optional">(optional)</span>' : '';
      const hint = b.hint ? `<div class="hint">${text(b.hint)}</div>` : '';
      return `<div class="input"><div class="label">${text(b.label)}${optional}</div>${element(b.element as Json)}${hint}</div>`;
    }
    default:
      return '';
  }
}

function messageHtml(blocks: Block[]): string {
  return `<div class="message"><div class="avatar">a</div><div class="body"><div><span class="who">asesu</span><span class="app">APP</span><span class="time">10:02</span></div>${(blocks as unknown as Json[]).map(block).join('')}</div></div>`;
}

function modalHtml(view: ModalView): string {
  const foot = `${view.close ? `<span class="button">${text(view.close)}</span>` : ''}${view.submit ? `<span class="button primary">${text(view.submit)}</span>` : ''}`;
  return `<div class="modal"><div class="modal-head"><span class="avatar mark">a</span><span>${text(view.title)}</span><span class="x">×</span></div><div class="modal-body">${(view.blocks as unknown as Json[]).map(block).join('')}</div><div class="modal-foot">${foot}</div></div>`;
}

/** Which characteristic each sample comment is about: purpose, engagement, cascade. */
const COMMENTED = [0, 1, 3];

/** Sample answers for a partnership of nine across three groups, with comments in the view's language. */
function sampleSummary(locale: Locale, withheld: readonly string[] = []) {
  const groups = [
    { id: 'g1', label: locale === 'cy' ? 'Cyflogwyr' : 'Employers' },
    { id: 'g2', label: locale === 'cy' ? 'Undebau llafur' : 'Trade unions' },
    { id: 'g3', label: locale === 'cy' ? 'Llywodraeth' : 'Government' },
  ];
  const comments: Record<Locale, string[]> = {
    en: ['Agree one short purpose statement & revisit it each year.', 'Share papers a week before meetings, not the night before.', 'Report back to members after every meeting.'],
    cy: ["Cytuno ar ddatganiad pwrpas byr a'i adolygu bob blwyddyn.", 'Rhannu papurau wythnos cyn cyfarfodydd, nid y noson cynt.', "Adrodd yn ôl i aelodau ar ôl pob cyfarfod."],
  };
  const pattern = [
    [5, 4, 4, 2, 3],
    [4, 4, 3, 1, 3],
    [4, 5, 4, 4, 4],
    [5, 3, 4, 2, 2],
    [4, 4, 3, 5, 3],
    [3, 4, 4, 1, 3],
    [4, 4, 5, 4, 2],
    [5, 3, 4, 2, 3],
    [4, 4, 4, 5, 4],
  ];
  const responses: Response[] = pattern.map((row, i) =>
    fullResponse(spat, (ci, si) => (i === 3 && si === 2 ? 'dk' : Math.max(1, Math.min(5, row[ci]! + (si === 1 && ci > 0 && ci !== 3 ? -1 : 0)))), (ci) => (i < 3 && ci === COMMENTED[i] ? comments[locale][i] : undefined), `g${(i % 3) + 1}`),
  );
  const previous = summarise({ framework: spat, responses: responses.map((r) => fullResponse(spat, () => 3)).slice(0, 6), rosterSize: 12, k: 3, groups });
  // The characteristics in `withheld` were saved by two members only, so the rule withholds them.
  for (const r of responses.slice(2)) for (const id of withheld) delete r.pages[id];
  const summary = summarise({ framework: spat, responses, rosterSize: 12, k: 3, groups, previous });
  const p = partnership(locale, groups);
  return { partnership: p, round: { ...round(spat, 2, responses), closedAt: AT + 7 * 24 * 3_600_000, summary }, framework: spat, summary };
}

/** The partnership with round 1 closed and the sample actions agreed after it, beside `current`. */
function withAgreed(p: Partnership, current: Round): Partnership {
  const first = { ...openRound({ id: 'round0000', number: 1, framework: spat, now: AT - 90 * 86_400_000, durationMs: 7 * 86_400_000, trigger: 'command', roster: [] }), closedAt: AT - 83 * 86_400_000 };
  return { ...p, rounds: [first, current], actions: ACTIONS.map((a) => ({ ...a, roundId: first.id })) };
}

function withAgreedSummary(locale: Locale) {
  const view = sampleSummary(locale);
  return { ...view, partnership: withAgreed(view.partnership, view.round) };
}

/** Renders this channel's cards to PNG files in `outDir`; returns the files written. */
export async function render(browser: Browser, outDir: string): Promise<string[]> {
  const files: string[] = [];
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  try {
    for (const locale of ['cy', 'en'] as const) {
      const w = wording(locale);
      const r = round(spat, 2);
      const cards = {
        round: { kind: 'message' as const, html: messageHtml(roundMessage(w, { partnership: partnership(locale), round: r, framework: spat, progress: { answered: 7, roster: 12 } }).blocks) },
        modal: {
          kind: 'modal' as const,
          html: modalHtml(
            pageView(w, form(spat, locale, { pages: {}, group: 'g2' }, [{ id: 'g1', label: locale === 'cy' ? 'Cyflogwyr' : 'Employers' }, { id: 'g2', label: locale === 'cy' ? 'Undebau llafur' : 'Trade unions' }, { id: 'g3', label: locale === 'cy' ? 'Llywodraeth' : 'Government' }], 2), 0, {
              answers: { 'purpose-defined': '4', 'purpose-explain': '5' },
              group: 'g2',
            }),
          ),
        },
        summary: { kind: 'message' as const, html: messageHtml(summaryMessage(w, sampleSummary(locale)).blocks) },
        'summary-withheld': { kind: 'message' as const, html: messageHtml(summaryMessage(w, sampleSummary(locale, ['engagement', 'cascade'])).blocks) },
        'round-actions': { kind: 'message' as const, html: messageHtml(roundMessage(w, { partnership: withAgreed(partnership(locale), r), round: r, framework: spat, progress: { answered: 7, roster: 12 } }).blocks) },
        'page-actions': { kind: 'modal' as const, html: modalHtml(pageView(w, { ...form(spat, locale, { pages: {} }, [], 2), partnership: withAgreed(partnership(locale), r) }, 3)) },
        'summary-actions': { kind: 'message' as const, html: messageHtml(summaryMessage(w, withAgreedSummary(locale)).blocks) },
        agree: { kind: 'modal' as const, html: modalHtml(agreeView(w, { kind: 'agree', ...sampleSummary(locale), owners: [{ id: 'U1', name: 'Alun Jones' }, { id: 'U2', name: 'Sara Owen' }] })) },
      };
      for (const [name, card] of Object.entries(cards)) {
        for (const device of ['desktop', 'phone'] as const) {
          const width = WIDTHS[device][card.kind];
          await page.setViewportSize({ width, height: 400 });
          await page.setContent(`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><style>${CSS}</style></head><body class="${device}"><div id="shot">${card.html}</div></body></html>`);
          const file = join(outDir, `slack-${name}-${locale}-${device}.png`);
          await page.locator('#shot').screenshot({ path: file });
          files.push(file);
        }
      }
    }
  } finally {
    await page.close();
  }
  return files;
}
