import { historyOf } from '../domain/history.js';
import type { Partnership, Round } from '../domain/model.js';
import { isSecretariat } from '../domain/partnership.js';
import type { Summary } from '../domain/summary.js';
import { channelOf, frameworkFor, isRefusal, NOT_SECRETARIAT, type Actor, type Deps } from './context.js';
import type { ReportAction } from './ports.js';
import type { CommandResult } from './results.js';

/** The last closed round with its published summary. */
function lastClosed(p: Partnership): { round: Round; summary: Summary } | undefined {
  const round = [...p.rounds].reverse().find((r) => r.summary && r.closedAt !== undefined);
  return round?.summary ? { round, summary: round.summary } : undefined;
}

/**
 * Every closed round's scores (SPEC §12), for the chart anyone may ask for. Read from the
 * published summaries, in the framework of the last closed round.
 */
export async function history(deps: Deps, partnershipId: string): Promise<CommandResult> {
  const p = (await deps.store.get(partnershipId))!;
  const last = lastClosed(p);
  if (!last) return { kind: 'refused', reason: 'noClosedRound' };
  const framework = frameworkFor(deps, last.round.frameworkId);
  if (isRefusal(framework)) return framework;
  return { kind: 'history', partnership: p, framework, history: historyOf(p, framework) };
}

/**
 * The agreed actions the report lists. The hook for SPEC §12's actions: a partnership keeps
 * none yet, so the report's actions section stays empty until it does.
 */
export function reportActions(_p: Partnership): ReportAction[] {
  return [];
}

/** The board report, sent privately to the secretariat member who asked (SPEC §12). */
export async function report(deps: Deps, partnershipId: string, actor: Actor): Promise<CommandResult> {
  const p = (await deps.store.get(partnershipId))!;
  if (!isSecretariat(p, actor.id)) return NOT_SECRETARIAT;
  const last = lastClosed(p);
  if (!last) return { kind: 'refused', reason: 'noClosedRound' };
  const framework = frameworkFor(deps, last.round.frameworkId);
  if (isRefusal(framework)) return framework;
  const madeAt = deps.clock.now();
  const fileName = `asesu-report-${new Date(madeAt).toISOString().slice(0, 10)}.html`;
  await channelOf(deps, p).notify(p, actor, {
    kind: 'report',
    fileName,
    report: { partnership: p, framework, history: historyOf(p, framework), last, actions: reportActions(p), madeAt },
  });
  return { kind: 'reported', fileName };
}
