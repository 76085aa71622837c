/**
 * After the service has stopped: every page it acknowledged must be in the store (the files,
 * or the PostgreSQL database), read back with the real store, exactly as the member sent it,
 * and counted once.
 */
import type { Framework } from '../src/domain/framework.js';
import type { Page, Partnership } from '../src/domain/model.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import type { Store } from '../src/store/store.js';
import { answersOf, type Ack } from './load.js';
import type { BenchMember } from './prefill.js';

/** What the check found. */
export interface Verification {
  checked: number;
  /** Acknowledged pages missing from the files or stored with other answers. */
  lost: number;
  /** Acknowledged pages stored more than once: a delivery remembered twice, a member twice on the roster, an answer under a second pseudonym. */
  duplicated: number;
  /** Files that could not be read. */
  unreadable: number;
  partnerships: number;
}

function samePage(stored: Page | undefined, sent: ReturnType<typeof answersOf>): boolean {
  if (!stored) return false;
  const expected = Object.entries(sent.answers);
  if (Object.keys(stored.answers).length !== expected.length) return false;
  for (const [statement, value] of expected) {
    if (String(stored.answers[statement]) !== value) return false;
  }
  return (stored.comment ?? '') === sent.comment;
}

/** Reads every partnership the load touched from the files and checks each acknowledged page against it. */
export async function verify(dataDir: string, members: BenchMember[], acks: Ack[], framework: Framework): Promise<Verification> {
  const store = await LowdbStore.open(dataDir);
  try {
    return await verifyStore(store, members, acks, framework);
  } finally {
    await store.close();
  }
}

/** The same check through any store (the PostgreSQL one, when that is the backend measured). */
export async function verifyStore(store: Pick<Store, 'get'>, members: BenchMember[], acks: Ack[], framework: Framework): Promise<Verification> {
  const result: Verification = { checked: 0, lost: 0, duplicated: 0, unreadable: 0, partnerships: 0 };
  const byPartnership = new Map<string, Ack[]>();
  for (const ack of acks) {
    const id = members[ack.member]!.partnershipId;
    byPartnership.set(id, [...(byPartnership.get(id) ?? []), ack]);
  }
  for (const [id, list] of byPartnership) {
    result.partnerships++;
    let p: Partnership | undefined;
    try {
      p = await store.get(id);
    } catch {
      result.unreadable++;
      result.lost += list.length;
      continue;
    }
    const round = p?.rounds.find((r) => r.id === members[list[0]!.member]!.roundId);
    if (!p || !round) {
      result.lost += list.length;
      continue;
    }
    const deliveries = new Map<string, number>();
    for (const d of p.deliveries) deliveries.set(d.id, (deliveries.get(d.id) ?? 0) + 1);
    const rosterCount = new Map<string, number>();
    for (const m of round.roster) rosterCount.set(m.id, (rosterCount.get(m.id) ?? 0) + 1);
    const pseudonyms = new Set(members.filter((m) => m.partnershipId === id).map((m) => m.pseudonym));
    for (const ack of list) {
      result.checked++;
      const member = members[ack.member]!;
      const stored = round.responses[member.pseudonym]?.pages[framework.characteristics[ack.page]!.id];
      const seen = deliveries.get(ack.delivery) ?? 0;
      if (!samePage(stored, answersOf(framework, ack.member, ack.page)) || seen === 0) result.lost++;
      if (seen > 1 || (rosterCount.get(member.userId) ?? 0) > 1) result.duplicated++;
    }
    result.duplicated += Object.keys(round.responses).filter((pseudonym) => !pseudonyms.has(pseudonym)).length;
  }
  return result;
}
