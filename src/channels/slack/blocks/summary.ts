import type { SummaryView } from '../../../services/ports.js';
import { summaryModel, type SummaryModel, type SummaryRow } from '../../shared/summary-model.js';
import { label, type Wording } from '../../shared/wording.js';
import { ACTIONS } from '../ids.js';
import { escapeEntities, inert, inertLine } from '../escape.js';
import { LIMITS } from '../limits.js';
import { actions, button, context, divider, fields, header, pack, section, textLength, type Block } from './kit.js';
import { answerValue } from './round.js';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** The distribution at a glance: one bar per scale option, as high as its share of the answers. */
export function bars(distribution: number[]): string {
  const max = Math.max(...distribution, 0);
  return distribution.map((n) => (max === 0 || n === 0 ? BARS[0]! : BARS[Math.max(1, Math.round((n / max) * (BARS.length - 1)))]!)).join('');
}

/** Blocks added while a message stays within Slack's block count and text total. */
class Budget {
  readonly blocks: Block[] = [];
  private chars = 0;
  constructor(
    private readonly maxBlocks: number,
    private readonly maxChars: number,
  ) {}
  fits(extra: Block[], reserveBlocks = 0, reserveChars = 0): boolean {
    const chars = extra.reduce((n, b) => n + textLength(b), 0);
    return this.blocks.length + extra.length + reserveBlocks <= this.maxBlocks && this.chars + chars + reserveChars <= this.maxChars;
  }
  add(...extra: Block[]): void {
    this.blocks.push(...extra);
    this.chars += extra.reduce((n, b) => n + textLength(b), 0);
  }
}

/** Room for the line that ends a list cut short. */
const MORE_CHARS = 250;
/** The most a later list keeps back from an earlier one: comments matter as much as divided views. */
const LATER_ROOM = { groups: 2_000, comments: 3_000 };

/** Room kept for a part still to come: a divider, its heading and items (up to a cap), a closing line. */
interface Reserve {
  blocks: number;
  chars: number;
}

function roomFor(heading: string, items: string[], cap: number): Reserve {
  const chars = heading.length + items.reduce((n, i) => n + i.length + 1, 0);
  return { blocks: 3, chars: Math.min(chars, cap) + MORE_CHARS };
}

function plus(...parts: Reserve[]): Reserve {
  return parts.reduce((a, b) => ({ blocks: a.blocks + b.blocks, chars: a.chars + b.chars }), { blocks: 0, chars: 0 });
}

/**
 * A heading and a list, packed into as few sections as fit; when the message's budget runs
 * out, the rest is counted in one closing line instead of shown. `reserve` keeps room for
 * the parts of the message still to come.
 */
function list(budget: Budget, heading: string, items: string[], more: (count: number) => string, reserve: Reserve): void {
  const build = (n: number) => pack([heading, ...items.slice(0, n)]).map((text) => section(text));
  if (budget.fits(build(items.length), reserve.blocks, reserve.chars)) {
    budget.add(...build(items.length));
    return;
  }
  const moreLine = (n: number) => context([escapeEntities(more(items.length - n))]);
  const fitsWith = (n: number) => budget.fits([...build(n), moreLine(n)], reserve.blocks, reserve.chars);
  if (!fitsWith(0)) {
    if (budget.fits([moreLine(0)])) budget.add(moreLine(0));
    return;
  }
  // Showing more items never takes less room, so the most that fit is found by halving.
  let low = 0;
  let high = items.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fitsWith(mid)) low = mid;
    else high = mid - 1;
  }
  budget.add(...build(low), moreLine(low));
}

/** List lines under the title of their characteristic, the title written once for each run of lines. */
function underTitles<T>(items: T[], title: (item: T) => string, line: (item: T) => string): string[] {
  let last: string | undefined;
  return items.map((item) => {
    const t = title(item);
    const text = t === last ? line(item) : `_${escapeEntities(t)}_\n${line(item)}`;
    last = t;
    return text;
  });
}

function rowText(m: SummaryModel, row: SummaryRow): string {
  const title = `*${escapeEntities(row.title)}*`;
  const done = row.actionsDone ? [`✓ ${inertLine(row.actionsDone)}`] : [];
  if (row.tooFew !== undefined) return [title, `_${escapeEntities(row.tooFew)}_`, ...done].join('\n');
  const trend = row.trend ? ` · ${escapeEntities(m.headings.trend)}: ${row.trend}` : '';
  return [
    title,
    `${escapeEntities(m.headings.score)}: *${row.score}* (${escapeEntities(row.bandLabel)})${trend}`,
    `${bars(row.distribution)}  ${row.distribution.join(' · ')}  ·  ${escapeEntities(row.counts)}`,
    ...done,
  ].join('\n');
}

/**
 * The summary of a closed round in Block Kit: scores and bands with the distribution,
 * strengths and priorities, divided views, partner groups and comments (inert text), within
 * Slack's 50 blocks, 3,000 characters a section and well under its limit on a message's text.
 */
export function summaryMessage(w: Wording, view: SummaryView, options: { maxBlocks?: number; prefix?: Block[] } = {}): { text: string; blocks: Block[] } {
  const m = summaryModel(w, view);
  // The Agree actions and History buttons come last; their room is kept from the start.
  const buttons = actions([
    button(label(w, 'actions.agree.button'), ACTIONS.agree, answerValue(view.partnership.id, view.round.id)),
    button(label(w, 'history.button'), ACTIONS.history, view.partnership.id),
  ]);
  const budget = new Budget((options.maxBlocks ?? LIMITS.messageBlocks) - 1, LIMITS.messageTextBudget - textLength(buttons));
  budget.add(...(options.prefix ?? []), header(m.title), context([escapeEntities(m.responseRate)]));
  if (m.tooFew) {
    budget.add(section(m.tooFew.map(escapeEntities).join('\n\n')));
    return { text: m.title, blocks: [...budget.blocks, buttons] };
  }
  budget.add(divider(), section(`*${escapeEntities(m.headings.characteristics)}*`), context([escapeEntities(m.headings.distribution)]));
  for (const row of m.rows) budget.add(section(rowText(m, row)));

  const bullet = (items: string[], empty: string) => (items.length ? items.map((i) => `• ${escapeEntities(i)}`) : [`_${escapeEntities(empty)}_`]).join('\n');
  budget.add(
    divider(),
    fields([`*${escapeEntities(m.strengths.heading)}*\n${bullet(m.strengths.items, m.strengths.empty)}`, `*${escapeEntities(m.priorities.heading)}*\n${bullet(m.priorities.items, m.priorities.empty)}`]),
    divider(),
  );

  const more = (count: number) => w.t.text(w.language, 'slack.summary.more', { count }, ' / ');
  const dividedHeading = `*${escapeEntities(m.divided.heading)}*\n${m.divided.intro.map(escapeEntities).join('\n')}`;
  const divided = underTitles(m.divided.items, (d) => d.characteristic, (d) => `• ${escapeEntities(d.statement)} — ${escapeEntities(d.counts)}`);
  const g = m.groups;
  const groupsHeading = g ? [`*${escapeEntities(g.heading)}*`, ...(g.gap ? [inertLine(g.gap)] : []), ...(g.note ? [`_${escapeEntities(g.note)}_`] : [])].join('\n') : '';
  const groups = g ? g.items.map((item) => `*${inert(item.label)}*\n${item.scores.map((s) => `${escapeEntities(s.characteristic)} ${s.score}`).join(' · ')}`) : [];
  const commentsHeading = `*${escapeEntities(m.comments.heading)}*`;
  const comments = underTitles(m.comments.items, (c) => c.characteristic, (c) => `• ${inertLine(c.text)}`);
  const commentsRoom = roomFor(commentsHeading, comments, LATER_ROOM.comments);
  const groupsRoom = g ? roomFor(groupsHeading, groups, LATER_ROOM.groups) : { blocks: 0, chars: 0 };

  if (divided.length) list(budget, dividedHeading, divided, more, plus(groupsRoom, commentsRoom));
  else budget.add(section(`*${escapeEntities(m.divided.heading)}*\n_${escapeEntities(m.divided.empty)}_`));
  if (g) {
    budget.add(divider());
    list(budget, groupsHeading, groups, more, commentsRoom);
  }
  budget.add(divider());
  if (comments.length) list(budget, commentsHeading, comments, m.more, { blocks: 0, chars: 0 });
  else budget.add(section(`${commentsHeading}\n_${escapeEntities(m.comments.empty)}_`));
  return { text: m.title, blocks: [...budget.blocks, buttons] };
}

