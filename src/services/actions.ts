import { actionByNumber, checkActionText, markReminded, replaceAction, resolveDay, withActions, type DayInput, type NewAction } from '../domain/actions.js';
import { CLAIM } from '../domain/claims.js';
import type { ActionReminder, MemberRef, Partnership } from '../domain/model.js';
import { isSecretariat, roundById } from '../domain/partnership.js';
import { parseDay } from '../i18n/days.js';
import { normalise, type Command } from '../i18n/commands.js';
import { bySecretariat, frameworkFor, isRefusal, NOT_SECRETARIAT, type Actor, type Deps } from './context.js';
import { sendOnce } from './effects.js';
import type { ActionsResult, AgreeProblem, AgreeState, CommandResult, Refusal } from './results.js';
import { notifyEach } from './scheduled.js';

/** Agreed actions (SPEC §12): listing, adding, marking done or dropped, and the owner's reminders. */

function result(deps: Deps, p: Partnership, change?: { change: ActionsResult['change']; changed: ActionsResult['changed'] }): ActionsResult {
  return { kind: 'actions', actions: p.actions, framework: deps.frameworks.get(p.settings.frameworkId), ...change };
}

export async function listActions(deps: Deps, partnershipId: string): Promise<CommandResult> {
  return result(deps, (await deps.store.get(partnershipId))!);
}

/** `actions add "…" [for n] [owner @x] [due …]`: secretariat only; everything is checked before anything is stored. */
export async function addAction(
  deps: Deps,
  partnershipId: string,
  actor: Actor,
  command: { text: string; characteristic?: number | undefined; owner?: true | undefined; due?: DayInput | undefined },
  mentioned: MemberRef[],
): Promise<CommandResult> {
  const now = deps.clock.now();
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => {
      const text = checkActionText(command.text);
      if (!text.ok) return { result: { kind: 'refused', reason: 'badAction', problem: text.problem } };
      const characteristics = deps.frameworks.get(p.settings.frameworkId)?.characteristics ?? [];
      const characteristic = command.characteristic === undefined ? undefined : characteristics[command.characteristic - 1];
      if (command.characteristic !== undefined && !characteristic) return { result: { kind: 'refused', reason: 'badCharacteristic', count: characteristics.length } };
      if (command.owner && !mentioned.length) return { result: { kind: 'refused', reason: 'noOwner' } };
      const due = command.due && resolveDay(command.due, now, p.settings.timeZone);
      if (due && !due.ok) return { result: { kind: 'refused', reason: 'badAction', problem: due.problem } };
      const item: NewAction = { text: text.text, characteristicId: characteristic?.id, owner: command.owner ? mentioned[0] : undefined, due: due?.day };
      const { next, added } = withActions(p, [item], now);
      return { next, result: result(deps, next, { change: 'added', changed: added }) };
    }),
  );
}

/** Marks an open action done (its owner or the secretariat) or drops it (the secretariat). */
export async function setActionStatus(deps: Deps, partnershipId: string, actor: Actor, number: number, status: 'done' | 'dropped'): Promise<CommandResult> {
  const now = deps.clock.now();
  return deps.store.update<CommandResult>(partnershipId, (current) => {
    const p = current!;
    const secretariat = isSecretariat(p, actor.id);
    if (status === 'dropped' && !secretariat) return { result: NOT_SECRETARIAT };
    const action = actionByNumber(p, number);
    if (!action) return { result: { kind: 'refused', reason: 'unknownAction', number } };
    if (!secretariat && action.owner?.id !== actor.id) return { result: action.owner ? { kind: 'refused', reason: 'notActionOwner', number } : NOT_SECRETARIAT };
    if (action.status !== 'open') return { result: { kind: 'refused', reason: 'actionNotOpen', number, status: action.status } };
    const changed = { ...action, status, ...(status === 'done' ? { doneAt: now } : {}) };
    const next = replaceAction(p, changed);
    return { next, result: result(deps, next, { change: status, changed: [changed] }) };
  });
}

/** Who may own an action agreed from a round: the round's roster and the secretariat, by name. */
function ownersOf(p: Partnership, roster: MemberRef[]): MemberRef[] {
  const all = [...p.secretariat, ...roster].filter((m) => m.name);
  return all.filter((m, i) => all.findIndex((o) => o.id === m.id) === i);
}

/** The Agree actions form of a closed round: secretariat only. */
export async function agreeForm(deps: Deps, partnershipId: string, roundId: string, actor: Actor): Promise<AgreeState | Refusal> {
  const p = await deps.store.get(partnershipId);
  if (!p) return { kind: 'refused', reason: 'unknownRound' };
  if (!isSecretariat(p, actor.id)) return NOT_SECRETARIAT;
  const round = roundById(p, roundId);
  if (!round?.summary) return { kind: 'refused', reason: 'unknownRound' };
  const framework = frameworkFor(deps, round.frameworkId);
  if (isRefusal(framework)) return framework;
  return { kind: 'agree', partnership: p, round, framework, summary: round.summary, owners: ownersOf(p, round.roster) };
}

/** One filled box of the Agree actions form, as typed. */
export interface AgreeItem {
  characteristicId: string;
  text: string;
  ownerId?: string | undefined;
  due?: string | undefined;
}

/** Adds one action per filled box of the form; a box that does not check out refuses them all, marked. */
export async function agreeActions(deps: Deps, partnershipId: string, actor: Actor, roundId: string, items: AgreeItem[]): Promise<CommandResult> {
  const form = await agreeForm(deps, partnershipId, roundId, actor);
  if (form.kind === 'refused') return form;
  const now = deps.clock.now();
  const known = new Set(form.framework.characteristics.map((c) => c.id));
  const problems: AgreeProblem[] = [];
  const adding: NewAction[] = [];
  for (const item of items.filter((i) => known.has(i.characteristicId) && (i.text.trim() || i.ownerId || i.due?.trim()))) {
    const problem = (field: AgreeProblem['field'], what: AgreeProblem['problem']) => problems.push({ characteristicId: item.characteristicId, field, problem: what });
    const text = checkActionText(item.text);
    if (!text.ok) problem('text', text.problem);
    const owner = item.ownerId ? form.owners.find((m) => m.id === item.ownerId) : undefined;
    if (item.ownerId && !owner) problem('owner', 'unknownOwner');
    const typed = item.due?.trim() ? parseDay(normalise(item.due)) : undefined;
    const due = typed === null ? ({ ok: false, problem: 'badDate' } as const) : typed && resolveDay(typed, now, form.partnership.settings.timeZone);
    if (due && !due.ok) problem('due', due.problem);
    if (text.ok && (!due || due.ok)) adding.push({ text: text.text, characteristicId: item.characteristicId, owner, due: due?.day });
  }
  if (!problems.length && !adding.length) problems.push({ characteristicId: form.framework.characteristics[0]!.id, field: 'text', problem: 'nothing' });
  if (problems.length) {
    deps.log.info({ partnership: partnershipId, problems: problems.map((p) => `${p.field}:${p.problem}`) }, 'agreed actions refused');
    return { kind: 'refused', reason: 'invalidActions', problems };
  }
  return deps.store.update(
    partnershipId,
    bySecretariat<CommandResult>(actor, (p) => {
      const { next, added } = withActions(p, adding, now);
      deps.log.info({ partnership: partnershipId, round: roundId, added: added.length }, 'actions agreed');
      return { next, result: result(deps, next, { change: 'added', changed: added }) };
    }),
  );
}

/** Reminds an action's owner privately, once for each reminder. */
export async function remindAction(deps: Deps, partnershipId: string, number: number, which: ActionReminder): Promise<void> {
  await sendOnce(deps, partnershipId, {
    key: CLAIM.actionReminder(number, which),
    owed: (p) => {
      const action = actionByNumber(p, number);
      if (!action?.owner || action.status !== 'open' || action.reminded.includes(which)) return null;
      return { p, action, owner: action.owner };
    },
    send: ({ p, action, owner }) => notifyEach(deps, p, [owner], () => ({ kind: 'actionDue', action, which, framework: deps.frameworks.get(p.settings.frameworkId) })),
    record: (p) => markReminded(p, number, which),
  });
}

/** The `actions` command in its four forms; a refusal is logged by its reason, a change by what changed. */
export async function runActions(deps: Deps, partnershipId: string, actor: Actor, command: Extract<Command, { name: 'actions' }>, mentioned: MemberRef[]): Promise<CommandResult> {
  const result = await (() => {
    switch (command.action) {
      case 'list':
        return listActions(deps, partnershipId);
      case 'add':
        return addAction(deps, partnershipId, actor, command, mentioned);
      case 'done':
        return setActionStatus(deps, partnershipId, actor, command.number, 'done');
      case 'drop':
        return setActionStatus(deps, partnershipId, actor, command.number, 'dropped');
    }
  })();
  if (result.kind === 'refused') deps.log.info({ partnership: partnershipId, command: `actions ${command.action}`, reason: result.reason }, 'actions command refused');
  else if (result.kind === 'actions' && result.change) deps.log.info({ partnership: partnershipId, change: result.change, actions: result.changed?.map((a) => a.number) }, 'actions changed');
  return result;
}
