import { Cron } from 'croner';
import { checkText, GROUP_LABEL_MAX } from '../domain/input.js';
import type { Group, MemberRef, Schedule } from '../domain/model.js';
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

/** A cron expression croner accepts, in the partnership's time zone. */
export function isValidCron(expr: string, timeZone: string): boolean {
  try {
    new Cron(expr, { timezone: timeZone, paused: true }).nextRun();
    return true;
  } catch {
    return false;
  }
}

/** Shows the review schedule, or sets it (secretariat only); `null` turns it off. */
export async function setSchedule(deps: Deps, partnershipId: string, actor: Actor, schedule: Schedule | null | undefined): Promise<CommandResult> {
  if (schedule === undefined) {
    const p = (await deps.store.get(partnershipId))!;
    return { kind: 'schedule', schedule: p.settings.schedule, changed: false };
  }
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => {
      if (schedule?.kind === 'cron' && !isValidCron(schedule.expr, p.settings.timeZone)) return { result: { kind: 'refused', reason: 'badCron' } };
      return {
        next: { ...p, settings: { ...p.settings, schedule } },
        result: { kind: 'schedule', schedule, changed: JSON.stringify(schedule) !== JSON.stringify(p.settings.schedule) },
      };
    }),
  );
}

function dedupe(members: MemberRef[]): MemberRef[] {
  return members.filter((m, i) => members.findIndex((o) => o.id === m.id) === i);
}
