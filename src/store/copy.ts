import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { formatPath } from '../domain/framework.js';
import { partnershipFileSchema, type Partnership } from '../domain/model.js';
import { MemberKeyMismatchError, readMemberKeyFile } from './member-key.js';
import { memberKeyInDatabase } from './pg-member-key.js';
import { PostgresStore } from './pg-store.js';
import { PARTNERSHIP_ID } from './store.js';

export interface CopyReport {
  /** Partnerships written to the database by this copy. */
  copied: string[];
  /** Partnerships the database already held exactly as the files do (a copy run again). */
  alreadyThere: string[];
  /** Partnerships the database holds differently: left as they were, never overwritten. */
  refused: string[];
  /** Files that could not be read as partnerships: not copied. */
  unreadable: { id: string; reason: string }[];
  /** Partnerships that read back differently from their files (none, unless the database changed them). */
  mismatched: string[];
  memberKey: 'copied' | 'same' | 'none in the folder';
}

/** Plain JSON, for comparing: key order and undefined fields do not count. */
function plain(p: Partnership): unknown {
  return JSON.parse(JSON.stringify(p));
}

async function readPartnerships(dir: string): Promise<{ found: Partnership[]; unreadable: CopyReport['unreadable'] }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && PARTNERSHIP_ID.test(n.slice(0, -5))).sort();
  const found: Partnership[] = [];
  const unreadable: CopyReport['unreadable'] = [];
  for (const name of names) {
    const id = name.slice(0, -5);
    try {
      const parsed = partnershipFileSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        unreadable.push({ id, reason: `${formatPath(issue.path) || '(top level)'}: ${issue.message}` });
      } else if (parsed.data.partnership.id !== id) unreadable.push({ id, reason: `holds partnership ${parsed.data.partnership.id}` });
      else found.push(parsed.data.partnership);
    } catch (error) {
      unreadable.push({ id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { found, unreadable };
}

/**
 * Copies a data folder's partnerships and member key into a PostgreSQL database, and reads
 * every copy back to check it. The folder is only read. A partnership the database already
 * holds is never overwritten: left alone when identical (so a copy can be run again after an
 * interruption), reported as refused when it differs. A member key that differs from the
 * database's stops the copy before anything is written: the pseudonyms would not match.
 */
export async function copyFilesToPostgres(from: string, url: string): Promise<CopyReport> {
  if (!(await stat(from).catch(() => undefined))?.isDirectory()) throw new Error(`${from} is not a folder`);
  const { found, unreadable } = await readPartnerships(from);
  const keyFile = await readMemberKeyFile(from);
  const store = await PostgresStore.open(url, { migrate: true, poolSize: 4 });
  try {
    let memberKey: CopyReport['memberKey'] = 'none in the folder';
    if (keyFile) {
      try {
        memberKey = (await memberKeyInDatabase(store.pool, keyFile.key)).created ? 'copied' : 'same';
      } catch (error) {
        if (!(error instanceof MemberKeyMismatchError)) throw error;
        throw new Error(`the member key in ${from} differs from the one already in the database, so members would not match their past responses; nothing was copied`);
      }
    }
    const report: CopyReport = { copied: [], alreadyThere: [], refused: [], unreadable, mismatched: [], memberKey };
    for (const p of found) {
      const outcome = await store.update(p.id, (current) => {
        if (!current) return { next: p, result: 'copied' as const };
        return { result: isDeepStrictEqual(plain(current), plain(p)) ? ('alreadyThere' as const) : ('refused' as const) };
      });
      report[outcome].push(p.id);
    }
    // Read back through a fresh instance: what another process would see, not what this one kept.
    const check = await PostgresStore.open(url, { migrate: false, poolSize: 4 });
    try {
      for (const p of found) {
        if (report.refused.includes(p.id)) continue;
        const stored = await check.get(p.id);
        if (!stored || !isDeepStrictEqual(plain(stored), plain(p))) report.mismatched.push(p.id);
      }
    } finally {
      await check.close();
    }
    return report;
  } finally {
    await store.close();
  }
}
