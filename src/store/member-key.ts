import { createHmac, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codeOf, writeDurably } from './durable-file.js';

const KEY_FILE = 'member-key';

/**
 * The per-installation secret that pseudonymises members in responses. Created on first
 * run, readable by the service's user only. Losing it unlinks past responses from their
 * members (so "forget me" can no longer find them), which is why it lives with the data.
 */
export async function loadMemberKey(dir: string): Promise<{ key: Buffer; created: boolean; looseMode: boolean }> {
  const file = join(dir, KEY_FILE);
  try {
    const text = await readFile(file, 'utf8');
    const key = Buffer.from(text.trim(), 'hex');
    if (key.length < 32) throw new Error(`${file} does not hold a 256-bit key`);
    const mode = (await stat(file)).mode & 0o777;
    return { key, created: false, looseMode: (mode & 0o077) !== 0 };
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await writeDurably(file, key.toString('hex'), 0o600);
  return { key, created: true, looseMode: false };
}

export type Pseudonymise = (platform: string, userId: string) => string;

/** A member's pseudonym: HMAC-SHA256 of their platform id under the installation key, 128 bits in hex. */
export function pseudonymiser(key: Buffer): Pseudonymise {
  return (platform, userId) => createHmac('sha256', key).update(`${platform}\u0000${userId}`).digest('hex').slice(0, 32);
}
