import { z } from 'zod';
import { LANGUAGES } from './text.js';
import { summarySchema } from './summary-schema.js';

/** What a partnership's stored file holds. Every file is checked against these schemas on load. */

export const PLATFORMS = ['teams', 'slack'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const answerValue = z.union([z.number().int().min(0).max(10), z.literal('dk')]);
export type AnswerValue = z.infer<typeof answerValue>;

const page = z.strictObject({
  answers: z.record(z.string(), answerValue),
  comment: z.string().max(1000).optional(),
});
export type Page = z.infer<typeof page>;

/**
 * One member's answers in one round, keyed in the round by the member's pseudonym.
 * A member has finished when every characteristic has a saved page. No timestamps:
 * they would tell who answered when.
 */
const response = z.strictObject({
  group: z.string().optional(),
  pages: z.record(z.string(), page),
});
export type Response = z.infer<typeof response>;

/** A person the bot must be able to reach: raw platform ids live only here (roster, secretariat). */
export const memberRef = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  locale: z.string().optional(),
});
export type MemberRef = z.infer<typeof memberRef>;

export const roundSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{8,32}$/),
  number: z.number().int().positive(),
  frameworkId: z.string(),
  frameworkVersion: z.string(),
  trigger: z.enum(['command', 'schedule']),
  openedAt: z.number().int(),
  deadline: z.number().int(),
  closedAt: z.number().int().optional(),
  roster: z.array(memberRef),
  /** The channel's members could not be read at the start: progress counts answers, with no total. */
  rosterUnknown: z.literal(true).optional(),
  responses: z.record(z.string().regex(/^[0-9a-f]{32}$/), response),
  /** Where the channel posted the round card, in the channel's own terms. */
  card: z.record(z.string(), z.string()).optional(),
  summary: summarySchema.optional(),
  /** Keys of scheduled work already done for this round (nudges, closing), so none is done twice. */
  done: z.array(z.string()).default([]),
});
export type Round = z.infer<typeof roundSchema>;

export const SCHEDULE_PRESETS = ['monthly', 'quarterly', 'half-yearly', 'yearly'] as const;
export type SchedulePreset = (typeof SCHEDULE_PRESETS)[number];
export const scheduleSchema = z.union([
  /** `month` (1–12) is the month of the first run, so "quarterly" counts from when it was set. */
  z.strictObject({ kind: z.enum(SCHEDULE_PRESETS), month: z.number().int().min(1).max(12).optional() }),
  z.strictObject({ kind: z.literal('cron'), expr: z.string().min(1) }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

const group = z.strictObject({ id: z.string().regex(/^g[0-9]+$/), label: z.string().min(1).max(60) });
export type Group = z.infer<typeof group>;

export const settingsSchema = z.strictObject({
  language: z.enum(LANGUAGES),
  timeZone: z.string(),
  /** Anonymity threshold: nothing is shown about fewer than k people. */
  k: z.number().int().min(2).max(50),
  frameworkId: z.string(),
  defaultDurationMs: z.number().int().positive(),
  nudgeOffsetsMs: z.array(z.number().int().positive()),
  workingHours: z.strictObject({
    /** ISO weekdays, 1 = Monday. */
    days: z.array(z.number().int().min(1).max(7)),
    start: z.string().regex(/^\d\d:\d\d$/),
    end: z.string().regex(/^\d\d:\d\d$/),
  }),
  groups: z.array(group).max(12),
  schedule: scheduleSchema.nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Reminders an action's owner gets: the working day before it is due, and on the day. */
export const ACTION_REMINDERS = ['before', 'on'] as const;
export type ActionReminder = (typeof ACTION_REMINDERS)[number];

/**
 * Something the partnership agreed to do after a review (SPEC §12). Visible to every member;
 * the owner is kept as a MemberRef (a raw id, like the secretariat) so the bot can remind them.
 */
export const actionSchema = z.strictObject({
  number: z.number().int().positive(),
  text: z.string().min(1).max(300),
  characteristicId: z.string().optional(),
  owner: memberRef.optional(),
  /** A calendar day (YYYY-MM-DD) in the partnership's time zone. */
  due: z.string().regex(/^\d{4}-\d\d-\d\d$/).optional(),
  status: z.enum(['open', 'done', 'dropped']),
  /** The closed round whose summary it answers, when there was one. */
  roundId: z.string().optional(),
  createdAt: z.number().int(),
  doneAt: z.number().int().optional(),
  /** Reminders already sent, so none goes twice. */
  reminded: z.array(z.enum(ACTION_REMINDERS)).default([]),
});
export type Action = z.infer<typeof actionSchema>;

export const partnershipSchema = z.strictObject({
  id: z.string().regex(/^(teams|slack)-[0-9a-f]{32}$/),
  platform: z.enum(PLATFORMS),
  /** How the channel reaches the partnership's conversation, in the channel's own terms. */
  address: z.record(z.string(), z.json()),
  name: z.string().optional(),
  createdAt: z.number().int(),
  welcomed: z.boolean().default(false),
  settings: settingsSchema,
  secretariat: z.array(memberRef),
  rounds: z.array(roundSchema),
  /** What the schedule has already done, so a restart neither repeats nor multiplies it. */
  scheduleState: z
    .strictObject({
      /** The latest scheduled occurrence that has been handled (a round started, or skipped). */
      lastOccurrence: z.number().int().optional(),
      /** The occurrence the secretariat has been told about in advance. */
      noticeFor: z.number().int().optional(),
    })
    .default({}),
  /**
   * Platform posts in hand (see domain/claims.ts): claimed before sending, removed when the
   * post is recorded, so nothing is posted twice by a command, the schedule or another instance.
   */
  claims: z.record(z.string(), z.strictObject({ at: z.number().int(), tries: z.number().int().min(1) })).default({}),
  /** Recently processed delivery ids, so a retried request changes nothing twice. */
  deliveries: z.array(z.strictObject({ id: z.string(), at: z.number().int() })),
  /** Agreed actions; files written before actions existed load with none. */
  actions: z.array(actionSchema).default([]),
});
export type Partnership = z.infer<typeof partnershipSchema>;

export const SCHEMA_VERSION = 1;
export const partnershipFileSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  partnership: partnershipSchema,
});
export type PartnershipFile = z.infer<typeof partnershipFileSchema>;
