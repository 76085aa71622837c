import { checkCron, nextReview } from '../domain/calendar.js';
import { isTimeZone } from '../i18n/dates.js';
import { checkText, GROUP_LABEL_MAX } from '../domain/input.js';
import type { Group, MemberRef, Partnership, Schedule } from '../domain/model.js';
import type { Language } from '../domain/text.js';
import { bySecretariat, type Actor, type Deps } from './context.js';
import type { CommandResult, Refusal } from './results.js';

const MAX_GROUPS = 12;

/** Shows the partnership's language, or sets it (secretariat only). */
export async function setLanguage(deps: Deps, partnershipId: string, actor: Actor, language: Language | undefined): Promise<CommandResult> {
  if (!language) {
    const p = (await deps.store.get(partnershipId))!;
    return { kind: 'language', language: p.settings.language, changed: false };
  }
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => ({
      next: { ...p, settings: { ...p.settings, language } },
      result: { kind: 'language', language, changed: p.settings.language !== language },
    })),
  );
}

/** Lists the secretariat, or adds or removes the people mentioned (secretariat only; the last one stays). */
export async function changeSecretariat(
  deps: Deps,
  partnershipId: string,
  actor: Actor,
  action: 'add' | 'remove' | 'list',
  mentioned: MemberRef[],
): Promise<CommandResult> {
  if (action === 'list') {
    const p = (await deps.store.get(partnershipId))!;
    return { kind: 'secretariat', members: p.secretariat, added: [], removed: [] };
  }
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => {
      if (!mentioned.length) return { result: { kind: 'refused', reason: 'noMentions' } };
      const ids = new Set(p.secretariat.map((m) => m.id));
      if (action === 'add') {
        const added = dedupe(mentioned).filter((m) => !ids.has(m.id));
        const members = [...p.secretariat, ...added];
        return { next: { ...p, secretariat: members }, result: { kind: 'secretariat', members, added, removed: [] } };
      }
      const gone = new Set(mentioned.map((m) => m.id));
      const members = p.secretariat.filter((m) => !gone.has(m.id));
      if (!members.length) return { result: { kind: 'refused', reason: 'lastSecretariat' } };
      const removed = p.secretariat.filter((m) => gone.has(m.id));
      return { next: { ...p, secretariat: members }, result: { kind: 'secretariat', members, added: [], removed } };
    }),
  );
}

/**
 * Shows the partner groups, or sets them (secretariat only). A group keeps its id when its
 * name is kept, so answers given under it stay with it; `null` turns the question off.
 */
export async function setGroups(deps: Deps, partnershipId: string, actor: Actor, labels: string[] | null | undefined): Promise<CommandResult> {
  if (labels === undefined) {
    const p = (await deps.store.get(partnershipId))!;
    return { kind: 'groups', groups: p.settings.groups, changed: false };
  }
  const cleaned: string[] = [];
  for (const label of labels ?? []) {
    const checked = checkText(label, GROUP_LABEL_MAX);
    if (!checked.ok) return { kind: 'refused', reason: 'badGroups', detail: checked.problem };
    if (checked.text && !cleaned.some((c) => c.toLowerCase() === checked.text!.toLowerCase())) cleaned.push(checked.text);
  }
  if (cleaned.length > MAX_GROUPS) return { kind: 'refused', reason: 'badGroups', detail: 'tooMany' };
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => {
      let last = Math.max(0, ...p.settings.groups.map((g) => Number(g.id.slice(1))));
      const groups: Group[] = cleaned.map((label) => {
        const kept = p.settings.groups.find((g) => g.label.toLowerCase() === label.toLowerCase());
        return { id: kept?.id ?? `g${++last}`, label };
      });
      const changed = JSON.stringify(groups) !== JSON.stringify(p.settings.groups);
      return { next: { ...p, settings: { ...p.settings, groups } }, result: { kind: 'groups', groups, changed } };
    }),
  );
}

/**
 * Shows the review schedule, or sets it (secretariat only); `null` turns it off. A preset
 * counts its months from the next month, and the schedule only looks forward from now.
 */
export async function setSchedule(deps: Deps, partnershipId: string, actor: Actor, schedule: Schedule | null | undefined): Promise<CommandResult> {
  if (schedule === undefined) {
    const p = (await deps.store.get(partnershipId))!;
    return { kind: 'schedule', schedule: p.settings.schedule, changed: false, ...upcoming(p) };
  }
  const now = deps.clock.now();
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => {
      if (schedule?.kind === 'cron' && !checkCron(schedule.expr, p.settings.timeZone)) return { result: { kind: 'refused', reason: 'badCron' } };
      const stored: Schedule | null = schedule && schedule.kind !== 'cron' ? { kind: schedule.kind, month: nextMonth(now, p.settings.timeZone) } : schedule;
      const next: Partnership = { ...p, settings: { ...p.settings, schedule: stored }, scheduleState: { lastOccurrence: now } };
      return { next, result: { kind: 'schedule', schedule: stored, changed: JSON.stringify(stored) !== JSON.stringify(p.settings.schedule), ...upcoming(next) } };
    }),
  );
}

/** When the next scheduled review starts, for replies. */
export function upcoming(p: Partnership): { nextReview?: number } {
  const { schedule } = p.settings;
  if (!schedule) return {};
  const at = nextReview(schedule, p.settings, p.scheduleState.lastOccurrence ?? p.createdAt);
  return at === null ? {} : { nextReview: at };
}

/** The month (1–12) after the one `at` falls in, in the time zone. */
function nextMonth(at: number, timeZone: string): number {
  const month = Number(new Intl.DateTimeFormat('en-GB', { timeZone, month: 'numeric' }).format(at));
  return (month % 12) + 1;
}

/** Shows the partnership's time zone, or sets it (secretariat only). */
export async function setTimeZone(deps: Deps, partnershipId: string, actor: Actor, timeZone: string | undefined): Promise<CommandResult> {
  if (timeZone === undefined) {
    const p = (await deps.store.get(partnershipId))!;
    return { kind: 'timeZone', timeZone: p.settings.timeZone, changed: false };
  }
  if (!isTimeZone(timeZone)) return { kind: 'refused', reason: 'badTimeZone' };
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => ({
      next: { ...p, settings: { ...p.settings, timeZone } },
      result: { kind: 'timeZone', timeZone, changed: timeZone !== p.settings.timeZone },
    })),
  );
}

function dedupe(members: MemberRef[]): MemberRef[] {
  return members.filter((m, i) => members.findIndex((o) => o.id === m.id) === i);
}
