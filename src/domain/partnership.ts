import type { MemberRef, Partnership, Platform, Round, Settings } from './model.js';
import type { Summary } from './summary-schema.js';

export const DEFAULT_SETTINGS: Omit<Settings, 'language' | 'timeZone'> = {
  k: 3,
  frameworkId: 'spat',
  defaultDurationMs: 7 * 24 * 3_600_000,
  nudgeOffsetsMs: [3 * 24 * 3_600_000, 24 * 3_600_000],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
  groups: [],
  schedule: null,
};

/** A person as the bot keeps them: their platform id, and their name and locale when the platform gave them. */
export function memberOf(id: string, details: { name?: string | undefined; locale?: string | undefined } = {}): MemberRef {
  return { id, ...(details.name ? { name: details.name } : {}), ...(details.locale ? { locale: details.locale } : {}) };
}

/** A new partnership: the person who sets it up becomes its first secretariat member. */
export function newPartnership(args: {
  id: string;
  platform: Platform;
  address: Partnership['address'];
  name?: string | undefined;
  now: number;
  founder: MemberRef;
  settings: Pick<Settings, 'language' | 'timeZone'>;
}): Partnership {
  return {
    id: args.id,
    platform: args.platform,
    address: args.address,
    ...(args.name ? { name: args.name } : {}),
    createdAt: args.now,
    welcomed: false,
    settings: { ...DEFAULT_SETTINGS, ...args.settings },
    secretariat: [args.founder],
    rounds: [],
    scheduleState: {},
    claims: {},
    deliveries: [],
    actions: [],
  };
}

export function isSecretariat(p: Partnership, userId: string): boolean {
  return p.secretariat.some((m) => m.id === userId);
}

export function openRoundOf(p: Partnership): Round | undefined {
  return p.rounds.find((r) => r.closedAt === undefined);
}

export function latestRound(p: Partnership): Round | undefined {
  return p.rounds[p.rounds.length - 1];
}

export function roundById(p: Partnership, id: string): Round | undefined {
  return p.rounds.find((r) => r.id === id);
}

/** The stored summary of the closed round before `round` that used the same framework, for the trend. */
export function previousSummary(p: Partnership, round: Round): Summary | undefined {
  return p.rounds
    .filter((r) => r.number < round.number && r.frameworkId === round.frameworkId && r.summary)
    .sort((a, b) => b.number - a.number)[0]?.summary;
}

export function replaceRound(p: Partnership, round: Round): Partnership {
  return { ...p, rounds: p.rounds.map((r) => (r.id === round.id ? round : r)) };
}

const DELIVERY_MEMORY_MS = 48 * 3_600_000;
const DELIVERY_MEMORY_COUNT = 500;

export function seenDelivery(p: Partnership, id: string): boolean {
  return p.deliveries.some((d) => d.id === id);
}

/** Remembers a processed delivery for long enough to outlast any platform's retries. */
export function rememberDelivery(p: Partnership, id: string, now: number): Partnership {
  const kept = p.deliveries.filter((d) => now - d.at < DELIVERY_MEMORY_MS).slice(-(DELIVERY_MEMORY_COUNT - 1));
  return { ...p, deliveries: [...kept, { id, at: now }] };
}
