import type { Framework } from '../../src/domain/framework.js';
import type { Group, Partnership, Response, Round } from '../../src/domain/model.js';
import { newPartnership } from '../../src/domain/partnership.js';
import { openRound, resumeAt } from '../../src/domain/round.js';
import { summarise } from '../../src/domain/summary.js';
import type { Language } from '../../src/domain/text.js';
import { createTranslator } from '../../src/i18n/translator.js';
import type { SummaryView } from '../../src/services/ports.js';
import type { FormState } from '../../src/services/results.js';
import type { Wording } from '../../src/channels/shared/wording.js';
import { slackSurface } from '../../src/channels/slack/wording.js';

export const t = createTranslator();
export const AT = Date.UTC(2026, 2, 2, 10, 0);

export function wording(language: Language): Wording {
  return { t, language, timeZone: 'Europe/London', surface: slackSurface() };
}

export function partnership(language: Language, groups: Group[] = []): Partnership {
  const p = newPartnership({
    id: 'slack-0123456789abcdef0123456789abcdef',
    platform: 'slack',
    address: { team: 'T1', channel: 'C1' },
    name: 'partneriaeth',
    now: AT,
    founder: { id: 'U1', name: 'Alun Jones' },
    settings: { language, timeZone: 'Europe/London' },
  });
  return { ...p, settings: { ...p.settings, groups } };
}

export function round(framework: Framework, number = 1, responses: Response[] = []): Round {
  const r = openRound({ id: 'round0001', number, framework, now: AT, durationMs: 7 * 24 * 3_600_000, trigger: 'command', roster: [] });
  return { ...r, responses: Object.fromEntries(responses.map((resp, i) => [i.toString(16).padStart(32, '0'), resp])) };
}

export function form(framework: Framework, language: Language, response?: Response, groups: Group[] = [], number = 1): FormState {
  return { kind: 'form', partnership: partnership(language, groups), round: round(framework, number), framework, response, at: resumeAt(framework, response) };
}

/** A full response: every statement answered with `value`, a comment on every characteristic. */
export function fullResponse(framework: Framework, value: (ci: number, si: number) => number | 'dk', comment?: (ci: number) => string | undefined, group?: string): Response {
  const pages: Response['pages'] = {};
  framework.characteristics.forEach((c, ci) => {
    const text = comment?.(ci);
    pages[c.id] = { answers: Object.fromEntries(c.statements.map((s, si) => [s.id, value(ci, si)])), ...(text ? { comment: text } : {}) };
  });
  return { pages, ...(group ? { group } : {}) };
}

export function summaryView(framework: Framework, language: Language, responses: Response[], groups: Group[] = [], k = 3): SummaryView {
  const p = { ...partnership(language, groups), settings: { ...partnership(language, groups).settings, k } };
  const summary = summarise({ framework, responses, rosterSize: responses.length + 2, k, groups });
  return { partnership: p, round: { ...round(framework, 1, responses), closedAt: AT + 3_600_000, summary }, framework, summary };
}
