import { createHmac, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codeOf, writeDurably } from './durable-file.js';

const KEY_FILE = 'member-key';

/** MEMBER_KEY differs from the key already in use: starting would split every member in two. */
export class MemberKeyMismatchError extends Error {
  constructor(where: string) {
    super(`MEMBER_KEY differs from the member key already kept in ${where}; members' past responses would no longer be theirs. Unset MEMBER_KEY, or set it to the key in use`);
    this.name = 'MemberKeyMismatchError';
  }
}

/** The key file in a data folder, or undefined when there is none; never creates one. */
export async function readMemberKeyFile(dir: string): Promise<{ key: Buffer; looseMode: boolean } | undefined> {
  const file = join(dir, KEY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  const key = Buffer.from(text.trim(), 'hex');
  if (key.length < 32) throw new Error(`${file} does not hold a 256-bit key`);
  const mode = (await stat(file)).mode & 0o777;
  return { key, looseMode: (mode & 0o077) !== 0 };
}

/**
 * The per-installation secret that pseudonymises members in responses. Created on first
 * run (from `given`, MEMBER_KEY, when set), readable by the service's user only. Losing it
 * unlinks past responses from their members (so "forget me" can no longer find them), which
 * is why it lives with the data, and why a `given` key that differs from it is refused.
 */
export async function loadMemberKey(dir: string, given?: Buffer): Promise<{ key: Buffer; created: boolean; looseMode: boolean }> {
  const found = await readMemberKeyFile(dir);
  if (found) {
    if (given && !found.key.equals(given)) throw new MemberKeyMismatchError(join(dir, KEY_FILE));
    return { ...found, created: false };
  }
  const key = given ?? randomBytes(32);
  await writeDurably(join(dir, KEY_FILE), key.toString('hex'), 0o600);
  return { key, created: true, looseMode: false };
}

export type Pseudonymise = (platform: string, userId: string) => string;

/** A member's pseudonym: HMAC-SHA256 of their platform id under the installation key, 128 bits in hex. */
export function pseudonymiser(key: Buffer): Pseudonymise {
  return (platform, userId) => createHmac('sha256', key).update(`${platform}\u0000${userId}`).digest('hex').slice(0, 32);
}
