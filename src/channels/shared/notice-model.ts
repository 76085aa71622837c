import { localesOf, type Locale } from '../../domain/text.js';
import { repeatsTheForm, type Notice } from '../../services/ports.js';
import type { Lane } from './pacing.js';
import { dueText } from './actions-model.js';
import { commandText, dateTime, type Wording } from './wording.js';

/**
 * The words of a private message to one member (thank-you, reminder, schedule notices), one
 * paragraph per locale, the same on Teams and Slack. `channel` names the partnership's
 * conversation as the platform can (a link in Slack, the team's name in Teams).
 */
export function noticeParagraphs(w: Wording, notice: Exclude<Notice, { kind: 'export' | 'report' }>, channel: (l: Locale) => string): string[] {
  return localesOf(w.language).map((l) => {
    switch (notice.kind) {
      case 'thanks':
        return w.t.t(l, 'notice.thanks', { number: notice.round.number, deadline: dateTime(w, l, notice.round.deadline) });
      case 'nudge':
        return w.t.t(l, 'notice.nudge', { number: notice.round.number, deadline: dateTime(w, l, notice.round.deadline), channel: channel(l) });
      case 'roundSoon':
        return w.t.t(l, 'notice.roundSoon', { date: dateTime(w, l, notice.startsAt), command: commandText(w, l, 'schedule') });
      case 'scheduleStopped':
        return w.t.t(l, 'notice.scheduleStopped', { channel: channel(l) });
      case 'rosterUnknown':
        return w.t.t(l, 'notice.rosterUnknown', { number: notice.round.number, channel: channel(l) });
      case 'actionDue': {
        const { action } = notice;
        const done = `${commandText(w, l, 'actions')} ${w.t.t(l, 'words.done')} ${action.number}`;
        const date = action.due ? dueText(w, l, action.due) : '';
        return w.t.t(l, notice.which === 'on' ? 'notice.actionOn' : 'notice.actionBefore', { number: action.number, text: action.text, date, command: done, channel: channel(l) });
      }
    }
  });
}

/** How a notice waits for room at the platform: one that repeats the form is not worth a wait. */
export function noticeLane(notice: Notice): Lane {
  return repeatsTheForm(notice) ? 'courtesy' : 'scheduled';
}
