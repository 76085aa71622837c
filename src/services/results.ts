import type { Progress } from '../domain/round.js';
import type { Framework } from '../domain/framework.js';
import type { ActionProblem } from '../domain/actions.js';
import type { History } from '../domain/history.js';
import type { Action, Group, MemberRef, Partnership, Response, Round, Schedule } from '../domain/model.js';
import type { PageProblem } from '../domain/round.js';
import type { Summary } from '../domain/summary.js';
import type { Language } from '../domain/text.js';

/** Why a request was refused. Each has one message per language under `refusal.<reason>`. */
export type Refusal =
  | { kind: 'refused'; reason: 'notSecretariat' }
  | { kind: 'refused'; reason: 'roundOpen'; round: Round }
  | { kind: 'refused'; reason: 'noOpenRound' | 'noClosedRound' | 'unknownRound' | 'roundClosed' | 'noAnswers' }
  | { kind: 'refused'; reason: 'invalidPage'; problems: PageProblem[] }
  | { kind: 'refused'; reason: 'lastSecretariat' | 'noMentions' }
  | { kind: 'refused'; reason: 'badGroups'; detail: 'tooMany' | 'tooLong' | 'badCharacters' }
  | { kind: 'refused'; reason: 'badCron' | 'badTimeZone' }
  | { kind: 'refused'; reason: 'unknownFramework'; frameworkId: string }
  | { kind: 'refused'; reason: 'unknownAction' | 'notActionOwner'; number: number }
  | { kind: 'refused'; reason: 'actionNotOpen'; number: number; status: 'done' | 'dropped' }
  | { kind: 'refused'; reason: 'badAction'; problem: ActionProblem }
  | { kind: 'refused'; reason: 'badCharacteristic'; count: number }
  | { kind: 'refused'; reason: 'noOwner' }
  | { kind: 'refused'; reason: 'invalidActions'; problems: AgreeProblem[] };

/** What is wrong with one box of the Agree actions form. */
export interface AgreeProblem {
  characteristicId: string;
  field: 'text' | 'owner' | 'due';
  problem: ActionProblem | 'unknownOwner' | 'nothing';
}

export type RefusalReason = Refusal['reason'];

export type CommandResult =
  | Refusal
  | { kind: 'help'; secretariat: boolean }
  | { kind: 'started'; round: Round }
  | { kind: 'status'; round?: Round; progress?: Progress; mine?: { saved: number; total: number }; schedule: Schedule | null; nextReview?: number; overdue?: Action[] }
  | { kind: 'closed'; round: Round; summary: Summary }
  | { kind: 'summary'; round: Round; summary: Summary; framework: Framework; open?: Round }
  | { kind: 'schedule'; schedule: Schedule | null; nextReview?: number; changed: boolean }
  | { kind: 'language'; language: Language; changed: boolean }
  | { kind: 'timeZone'; timeZone: string; changed: boolean }
  | { kind: 'secretariat'; members: MemberRef[]; added: MemberRef[]; removed: MemberRef[] }
  | { kind: 'groups'; groups: Group[]; changed: boolean }
  | { kind: 'exported'; fileName: string; rows: number }
  | { kind: 'history'; partnership: Partnership; framework: Framework; history: History }
  | { kind: 'reported'; fileName: string }
  | { kind: 'forgotten'; rounds: number; open: number }
  | { kind: 'duplicate' }
  | ActionsResult;

/** The agreed actions, after a change to some of them or on request. */
export interface ActionsResult {
  kind: 'actions';
  actions: Action[];
  framework: Framework | undefined;
  change?: 'added' | 'done' | 'dropped';
  changed?: Action[];
}

/** The Agree actions form of a closed round: its summary, and the people who can own an action. */
export interface AgreeState {
  kind: 'agree';
  partnership: Partnership;
  round: Round;
  framework: Framework;
  summary: Summary;
  owners: MemberRef[];
}

/** A member's form: where they resume and what they have saved so far. */
export interface FormState {
  kind: 'form';
  partnership: Partnership;
  round: Round;
  framework: Framework;
  response: Response | undefined;
  at: number | 'review';
}

export type FormResult = FormState | Refusal;

export type AnswerResult =
  | (FormState & { saved: true; finishedNow: boolean })
  | Refusal
  | { kind: 'duplicate'; form: FormState };
