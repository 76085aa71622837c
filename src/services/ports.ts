import type { Framework } from '../domain/framework.js';
import type { History } from '../domain/history.js';
import type { Action, ActionReminder, MemberRef, Partnership, Round } from '../domain/model.js';
import type { Progress } from '../domain/round.js';
import type { Summary } from '../domain/summary.js';

/** The service's one clock: tests drive time through it instead of waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A round as the channel card shows it. */
export interface RoundView {
  partnership: Partnership;
  round: Round;
  framework: Framework;
  progress: Progress;
}

export interface SummaryView {
  partnership: Partnership;
  round: Round;
  framework: Framework;
  summary: Summary;
}

/** An agreed action as the board report lists it (SPEC §12). */
export interface ReportAction {
  text: string;
  characteristicId?: string;
  owner?: string;
  due?: number;
  status: 'open' | 'done' | 'dropped';
}

/** Everything the board report shows, all of it from published summaries. */
export interface ReportView {
  partnership: Partnership;
  framework: Framework;
  history: History;
  /** The last closed round and its published summary. */
  last: { round: Round; summary: Summary };
  /** Agreed actions: empty until the partnership keeps them. */
  actions: ReportAction[];
  madeAt: number;
}

/** Private messages the services send to one member. */
export type Notice =
  | { kind: 'thanks'; round: Round }
  | { kind: 'nudge'; round: Round; pagesLeft: number }
  | { kind: 'roundSoon'; startsAt: number }
  | { kind: 'scheduleStopped' }
  /** A scheduled round started, but the channel's members could not be read. */
  | { kind: 'rosterUnknown'; round: Round }
  | { kind: 'export'; round: Round; fileName: string; csv: string }
  | { kind: 'report'; fileName: string; report: ReportView }
  /** An action the member is responsible for is due soon (`before`) or today (`on`). */
  | { kind: 'actionDue'; action: Action; which: ActionReminder; framework: Framework | undefined };

/**
 * Notices that repeat what the member has just seen in the form ("your answers are saved"):
 * sent when the platform has room at once, dropped rather than queued when it has not.
 */
export function repeatsTheForm(notice: Notice): boolean {
  return notice.kind === 'thanks';
}

/**
 * What a channel (Teams or Slack) does for the services: reach the partnership's
 * conversation and its members. Channels render; the services decide.
 */
export interface ChannelPort {
  /** The conversation's human members now, for a round's roster. */
  members(p: Partnership): Promise<MemberRef[]>;
  /** Posts the round card and returns where it is, in the channel's terms, so it can be updated. */
  postRound(view: RoundView): Promise<Record<string, string>>;
  /** Updates the round card in place (progress, or closed). */
  updateRound(view: RoundView): Promise<void>;
  postSummary(view: SummaryView): Promise<void>;
  /** A private message to one member, in their language where known. */
  notify(p: Partnership, member: MemberRef, notice: Notice): Promise<void>;
}

/**
 * Thrown by a channel when the platform says the bot can no longer reach the conversation
 * (removed from the channel, channel archived or deleted). The schedule stops on it; other
 * failures are retried.
 */
export class ChannelGoneError extends Error {
  constructor(detail: string) {
    super(`the conversation can no longer be reached: ${detail}`);
    this.name = 'ChannelGoneError';
  }
}

/**
 * Thrown by a channel when the platform asked the bot to slow down for longer than one attempt
 * may wait. The work is not failing: the schedule comes back to it soon, and such waits never
 * count towards giving it up.
 */
export class PlatformBusyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformBusyError';
  }
}
