import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partnershipId } from '../../src/services/index.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { loadMemberKey, pseudonymiser } from '../../src/store/member-key.js';
import { BotConnector } from '../fakes/bot-connector.js';
import { actionsOf, BOT, cardOf, CHANNEL, dialogCard, TeamsClient, textsOf, user, type User } from '../teams/client.js';
import { spat, teamsPageData } from './support.js';
import { startBuiltService, type BuiltService } from '../support/built-service.js';

/**
 * kill -9 of the service process in the middle of a burst of answers over HTTP, at 20
 * different moments. After each kill, every answer that got its 200 must be in the files and
 * every file must load; then the service starts again on the same data and the next burst
 * begins. The service is the built one (`npm test` builds it first), as it runs in production.
 */

type Service = BuiltService;

/** The built service on the data in `dataDir`. */
const startService = (dataDir: string): Promise<Service> => startBuiltService({ DATA_DIR: dataDir });


async function kill(service: Service): Promise<void> {
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGKILL');
  await exited;
}

interface Ack {
  member: User;
  page: number;
  value: number;
}

describe('the service killed with SIGKILL during a burst of answers', () => {
  const connector = new BotConnector();
  const secretary = user('Alice');
  let dataDir = '';
  let service: Service;
  let roundId = '';
  const acked: Ack[] = [];

  beforeAll(async () => {
    await connector.start();
    dataDir = await mkdtemp(join(tmpdir(), 'asesu-kill-'));
    service = await startService(dataDir);
    const teams = new TeamsClient(service.url, connector);
    connector.members.set(CHANNEL, [secretary, BOT].map((p) => ({ id: p.id, name: p.name })));
    await teams.install(secretary);
    await teams.say(secretary, 'start 30d');
    roundId = String(actionsOf(cardOf(connector.posted(CHANNEL).filter((c) => c.method === 'send').at(-1))!)[0]!.roundId);
  }, 30_000);
  afterAll(async () => {
    if (service.child.exitCode === null) await kill(service);
    await connector.stop();
  });

  const moments = Array.from({ length: 20 }, (_, run) => ({ run, after: 1 + ((run * 17) % 90), delayMs: run % 3 }));

  it.each(moments)('keeps every acknowledged answer (run $run: kill after $after acknowledgements, +$delayMs ms)', async ({ run, after, delayMs }) => {
    const teams = new TeamsClient(service.url, connector);
    let count = 0;
    let killing: Promise<void> | undefined;
    const worker = async (w: number) => {
      for (let j = 0; !killing; j++) {
        const member = user(`M${run}x${w}x${j}`);
        for (let page = 0; page < spat.characteristics.length && !killing; page++) {
          const value = ((run + w + j + page) % 5) + 1;
          try {
            const res = await teams.submit(member, teamsPageData(roundId, page, String(value)));
            const shown = textsOf(dialogCard(res.body)).join(' ');
            // Acknowledged: a 200 showing the next section or the review, not an error.
            if (res.status === 200 && (shown.includes(`Section ${page + 2} of`) || shown.includes('Your answers'))) {
              acked.push({ member, page, value });
              if (++count >= after && !killing) killing = new Promise((r) => setTimeout(r, delayMs)).then(() => kill(service));
            }
          } catch {
            // The connection died with the process: this answer was not acknowledged.
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    await killing;

    const store = await LowdbStore.open(dataDir);
    for (const id of await store.ids()) await expect(store.get(id)).resolves.toBeDefined();
    const p = (await store.get(partnershipId('teams', CHANNEL)))!;
    const key = pseudonymiser((await loadMemberKey(dataDir)).key);
    const missing = acked.filter(({ member, page, value }) => {
      const answers = p.rounds[0]!.responses[key('teams', member.id)]?.pages[spat.characteristics[page]!.id]?.answers;
      return !answers || Object.values(answers).some((v) => v !== value);
    });
    expect(missing).toEqual([]);
    service = await startService(dataDir);
  }, 30_000);
});
