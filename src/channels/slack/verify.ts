import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's requests are refused when their timestamp is further than this from our clock. */
export const MAX_REQUEST_AGE_MS = 5 * 60_000;

/** Whether a request is Slack's, and why not. */
export type Verification = { ok: true } | { ok: false; reason: 'missingHeaders' | 'staleTimestamp' | 'badSignature' };

/**
 * Checks a request's Slack signature (`v0=` HMAC-SHA256 of `v0:<timestamp>:<raw body>` under
 * the signing secret) and that its timestamp is within five minutes of `nowMs`, so a recorded
 * request cannot be replayed later. Pure: the caller passes the clock.
 */
export function verifySlackRequest(input: {
  signingSecret: string;
  rawBody: Buffer | string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): Verification {
  const { timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missingHeaders' };
  if (Math.abs(input.nowMs - Number(timestamp) * 1_000) > MAX_REQUEST_AGE_MS) return { ok: false, reason: 'staleTimestamp' };
  const expected = Buffer.from(`v0=${createHmac('sha256', input.signingSecret).update(`v0:${timestamp}:`).update(input.rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'badSignature' };
}

/** The signature Slack would send for a body at a time, for tests and local tools. */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}
