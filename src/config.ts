import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { LANGUAGES } from './domain/text.js';
import { isTimeZone } from './i18n/dates.js';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** Every setting of SPEC §8, read from the environment once at start-up. */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
    HOST: optionalText,
    TEAMS_LOCAL_MODE: optionalText.pipe(z.enum(['true', 'false']).optional()),
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^xox[bp]-/.test(v), 'a bot token starting with xoxb-'),
    SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('cy+en'),
    TIME_ZONE: z.string().trim().default('Europe/London').refine(isTimeZone, 'an IANA time zone such as Europe/London'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: optionalText.refine((v) => v === undefined || (/^postgres(ql)?:\/\//.test(v) && URL.canParse(v)), 'a postgres:// or postgresql:// URL'),
    DB_MIGRATE: z.enum(['true', 'false']).default('true'),
    MEMBER_KEY: optionalText.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), '64 hexadecimal digits (a 256-bit key)'),
    // Tests of the built service only: a file holding milliseconds the clock is moved forward by.
    CLOCK_OFFSET_FILE: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'required when MICROSOFT_APP_ID is set' });
    }
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: 'required for a SingleTenant app' });
    }
    if (env.MICROSOFT_APP_ID && env.TEAMS_LOCAL_MODE === 'true') {
      ctx.addIssue({ code: 'custom', path: ['TEAMS_LOCAL_MODE'], message: 'cannot be true when MICROSOFT_APP_ID is set: with an app id every request is authenticated' });
    }
    if (!env.SLACK_SIGNING_SECRET !== !env.SLACK_BOT_TOKEN) {
      const missing = env.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'set both Slack secrets, or neither to run without Slack' });
    }
  });

export interface Config {
  port: number;
  /** The interface the server listens on. */
  host: string;
  dataDir: string;
  defaultLanguage: (typeof LANGUAGES)[number];
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Undefined without an app id: Teams is then in local mode (`teamsLocal`) or off. */
  teams: { appId: string; appPassword?: string | undefined; tenantId?: string | undefined; appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' } | undefined;
  /**
   * The https address Teams clients reach this service at, for the chart images cards show
   * (`<PUBLIC_URL>/media/…`). Without it a Teams chart travels inside the card as a data URI.
   */
  publicUrl?: string | undefined;
  /**
   * Teams in local mode: Bot Framework requests are accepted without any token. Only without an
   * app id, and only when a person chose it: TEAMS_LOCAL_MODE=true, or listening on loopback.
   */
  teamsLocal: boolean;
  /** Undefined when Slack is off. */
  slack: { signingSecret: string; botToken: string; apiUrl?: string | undefined } | undefined;
  /** PostgreSQL instead of the files in dataDir; undefined for the files. */
  database: { url: string; migrate: boolean } | undefined;
  /** The member key from MEMBER_KEY; undefined to use (or create) the one kept with the data. */
  memberKey: Buffer | undefined;
  /** Tests of the built service only: a file holding milliseconds the clock runs ahead by (see clock-offset.ts). */
  clockOffsetFile?: string | undefined;
}

/** A bad setting: the message is one line naming the variable and what it accepts. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into the service's settings, or throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${describe(issue)}`);
  }
  const e = parsed.data;
  const slack = e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL } : undefined;
  // With nothing configured this is a try-out on the person's own machine; with credentials, a deployment.
  const host = e.HOST ?? (e.MICROSOFT_APP_ID || slack ? '0.0.0.0' : '127.0.0.1');
  return {
    port: e.PORT,
    host,
    dataDir: isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR),
    defaultLanguage: e.DEFAULT_LANGUAGE,
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    teams: e.MICROSOFT_APP_ID
      ? { appId: e.MICROSOFT_APP_ID, appPassword: e.MICROSOFT_APP_PASSWORD, tenantId: e.MICROSOFT_APP_TENANT_ID, appType: e.MICROSOFT_APP_TYPE }
      : undefined,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    teamsLocal: !e.MICROSOFT_APP_ID && (e.TEAMS_LOCAL_MODE === undefined ? isLoopback(host) : e.TEAMS_LOCAL_MODE === 'true'),
    slack,
    database: e.DATABASE_URL ? { url: e.DATABASE_URL, migrate: e.DB_MIGRATE === 'true' } : undefined,
    memberKey: e.MEMBER_KEY ? Buffer.from(e.MEMBER_KEY, 'hex') : undefined,
    clockOffsetFile: e.CLOCK_OFFSET_FILE,
  };
}

/** Whether an address is this machine only (127.0.0.0/8, ::1, localhost): nobody else can reach it. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type') {
    return issue.path[0] === 'PORT' ? 'must be a port number from 0 to 65535' : issue.message;
  }
  if (issue.code === 'invalid_format') return issue.path[0] === 'SLACK_API_URL' || issue.path[0] === 'PUBLIC_URL' ? 'must be an http(s) URL' : issue.message;
  return issue.message;
}
