import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersOf, type Ack } from '../../bench/load.js';
import { GROUPS, prefill } from '../../bench/prefill.js';
import { verifyStore } from '../../bench/verify.js';
import { rememberDelivery, replaceRound } from '../../src/domain/partnership.js';
import { checkPage, savePage } from '../../src/domain/round.js';
import { builtinFrameworks } from '../../src/services/frameworks.js';
import { copyFilesToPostgres } from '../../src/store/copy.js';
import { PostgresStore } from '../../src/store/pg-store.js';
import { describePostgres, freshDatabase } from '../store/pg-support.js';

/**
 * `npm run bench -- --store postgres` prefills files, copies them into its database, and after
 * the load reads every acknowledged answer back through the PostgreSQL store: an answer the
 * service acknowledged but the database does not hold must be counted lost.
 */
describePostgres('the benchmark check on PostgreSQL', () => {
  const framework = builtinFrameworks().get('spat')!;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dataDir: string;

  beforeAll(async () => {
    database = await freshDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'asesu-bench-verify-'));
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds the answers the database holds and counts the missing one as lost', async () => {
    const data = await prefill({ dataDir, partnerships: 2, closedRounds: 1, members: 3, framework, serviceUrl: 'http://127.0.0.1:9', slackTeam: 'TBENCH', now: Date.now() });
    const copied = await copyFilesToPostgres(dataDir, database.url);
    expect(copied.copied).toHaveLength(2);

    const store = await PostgresStore.open(database.url, { migrate: false, poolSize: 2 });
    try {
      const member = data.members[0]!;
      const sent = answersOf(framework, 0, 0);
      const checked = checkPage(framework, member.group ? GROUPS : [], { ...sent, ...(member.group ? { group: member.group } : {}) });
      if (!checked.ok) throw new Error('the test built a page the service would refuse');
      await store.update(member.partnershipId, (p) => {
        const round = p!.rounds.find((r) => r.id === member.roundId)!;
        return { next: rememberDelivery(replaceRound(p!, savePage(round, member.pseudonym, checked.value)), 'teams:stored', Date.now()), result: undefined };
      });

      const acks: Ack[] = [
        { member: 0, page: 0, delivery: 'teams:stored' },
        { member: 3, page: 0, delivery: 'teams:never-stored' },
      ];
      const result = await verifyStore(store, data.members, acks, framework);
      expect(result).toMatchObject({ checked: 2, lost: 1, duplicated: 0, unreadable: 0, partnerships: 2 });
    } finally {
      await store.close();
    }
  });
});
