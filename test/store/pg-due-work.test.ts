/**
 * Scheduled work on PostgreSQL across instances: one instance's writes make work due for the
 * others, and an instance that stops does not stop the schedule.
 */
import { jest } from '@jest/globals';
import type { Platform } from '../../src/domain/model.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { createLogger } from '../../src/log.js';
import { dueTimesBy } from '../../src/scheduler/due.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { builtinFrameworks } from '../../src/services/frameworks.js';
import { createServices, type Actor, type Services, type Where } from '../../src/services/index.js';
import type { ChannelPort } from '../../src/services/ports.js';
import { pseudonymiser } from '../../src/store/member-key.js';
import { PostgresDueWork } from '../../src/store/pg-due-work.js';
import { PostgresStore } from '../../src/store/pg-store.js';
import { TestClock } from '../support/app.js';
import { RecordingChannel } from '../support/recording-channel.js';
import { describePostgres, freshDatabase } from './pg-support.js';

const secretary: Actor = { id: 'U-SEC', name: 'Siân' };
const members: Actor[] = [secretary, { id: 'U-A' }, { id: 'U-B' }];
const where: Where = { platform: 'slack', key: 'T1:C1', address: { team: 'T1', channel: 'C1' }, name: 'partnership' };
const log = createLogger('silent');

interface Instance {
  store: PostgresStore;
  services: Services;
  scheduler: Scheduler;
}

describePostgres('scheduled work on PostgreSQL, across instances', () => {
  jest.setTimeout(60_000);
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const opened: Instance[] = [];
  const clock = new TestClock(Date.UTC(2026, 2, 2, 10, 0)); // Monday 2 March, 10:00
  const channel = new RecordingChannel();
  channel.roster = members;

  async function instance(options: { dueTimes?: boolean } = {}): Promise<Instance> {
    const store = await PostgresStore.open(db.url, { migrate: true, poolSize: 3, ...(options.dueTimes === false ? {} : { dueTimes: dueTimesBy(clock) }) });
    const services = createServices(
      {
        store,
        channels: new Map<Platform, ChannelPort>([['slack', channel]]),
        clock,
        frameworks: builtinFrameworks(),
        pseudonymise: pseudonymiser(Buffer.alloc(32, 7)),
        translator: createTranslator(),
        log,
        defaults: { language: 'cy+en', timeZone: 'Europe/London' },
      },
      { cardIntervalMs: 5 },
    );
    const scheduler = await Scheduler.start({ services, store, clock, log, due: new PostgresDueWork(store.pool, log), timer: false });
    const made = { store, services, scheduler };
    opened.push(made);
    return made;
  }

  beforeEach(async () => {
    db = await freshDatabase();
    clock.at = Date.UTC(2026, 2, 2, 10, 0);
    channel.posted.length = 0;
    channel.summaries.length = 0;
    channel.notices.length = 0;
  });
  afterEach(async () => {
    for (const i of opened.splice(0)) {
      await i.scheduler.stop();
      await i.services.flush();
      await i.store.close();
    }
    await db.drop();
  });

  it('closes a round another instance started, and posts its summary once, when that instance has stopped', async () => {
    const a = await instance();
    const b = await instance();
    const c = await instance();
    const started = await a.services.run(where, secretary, { name: 'start' });
    if (started.kind !== 'started') throw new Error('not started');
    await a.scheduler.tick(); // the round card
    const pid = (await a.services.ensure(where, secretary)).partnership.id;
    const { rows } = await a.store.pool.query<{ due_at: Date }>('SELECT due_at FROM partnerships WHERE id = $1', [pid]);
    // The three-day nudge is the next work, written with the round in the same transaction.
    expect(rows[0]!.due_at.getTime()).toBe(Date.UTC(2026, 2, 6, 10, 0));
    await a.scheduler.stop(); // this instance is gone; the others never saw its writes

    clock.at = Date.UTC(2026, 2, 6, 10, 0);
    await Promise.all([b.scheduler.tick(), c.scheduler.tick()]);
    await Promise.all([b.scheduler.tick(), c.scheduler.tick()]);
    expect(channel.notices.filter((n) => n.notice.kind === 'nudge').map((n) => n.member.id).sort()).toEqual(['U-A', 'U-B', 'U-SEC']);

    clock.at = started.round.deadline + 60_000;
    await Promise.all([b.scheduler.tick(), c.scheduler.tick()]);
    await Promise.all([b.scheduler.tick(), c.scheduler.tick()]);
    const stored = (await b.services.get(pid))!;
    expect(stored.rounds[0]!.closedAt).toBeDefined();
    expect(channel.summaries).toHaveLength(1);
    expect(channel.posted).toHaveLength(1);
    expect(channel.notices.filter((n) => n.notice.kind === 'nudge')).toHaveLength(3); // the one-day nudge fell while no instance looked, and the round has closed
    expect(stored.claims ?? {}).toEqual({});
  });

  it('finds partnerships stored without a due time (copied in) and gives them one', async () => {
    const writer = await instance({ dueTimes: false });
    const started = await writer.services.run(where, secretary, { name: 'start' });
    if (started.kind !== 'started') throw new Error('not started');
    const pid = (await writer.services.ensure(where, secretary)).partnership.id;
    const due = async () => (await writer.store.pool.query<{ due_at: Date | null }>('SELECT due_at FROM partnerships WHERE id = $1', [pid])).rows[0]!.due_at;
    expect(await due()).toBeNull();
    const reader = await instance();
    await reader.scheduler.tick();
    expect(channel.posted).toHaveLength(1); // the round card the writer never posted
    await reader.scheduler.stop();
    expect((await due())?.getTime()).toBe(Date.UTC(2026, 2, 6, 10, 0));
  });
});
