import { createLogger } from '../../src/log.js';
import { formatDateTime } from '../../src/i18n/dates.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { scheduleShape } from '../../src/scheduler/due.js';
import { ChannelGoneError, PlatformBusyError } from '../../src/services/ports.js';
import type { Actor } from '../../src/services/index.js';
import { pageAnswers, serviceHarness, type ServiceHarness } from '../support/services.js';

const DAY = 86_400_000;
const secretary: Actor = { id: 'U-SEC', name: 'Siân' };
const members: Actor[] = [secretary, { id: 'U-A' }, { id: 'U-B' }, { id: 'U-C' }];
const local = (at: number) => formatDateTime('en', at, 'Europe/London');

async function setUp(h: ServiceHarness, at: number) {
  h.clock.at = at;
  h.channel.roster = members;
  await h.services.ensure(h.where, secretary);
  const scheduler = await Scheduler.start({ services: h.services, store: h.store, clock: h.clock, log: createLogger('silent'), dir: h.dataDir, timer: false, retryMs: 60_000, maxAttempts: 3 });
  const partnershipId = (await h.services.ensure(h.where, secretary)).partnership.id;
  return { scheduler, partnershipId };
}

async function answerAll(h: ServiceHarness, partnershipId: string, roundId: string, actor: Actor, value = '4') {
  for (const c of h.services.deps.frameworks.get('spat')!.characteristics) {
    await h.services.answer({ partnershipId, roundId, actor, input: { characteristicId: c.id, answers: pageAnswers(h.services, c.id, value) } });
  }
}

describe('the scheduler on its own timer', () => {
  it('closes a live round in real time at its deadline, with no tick from outside', async () => {
    const h = await serviceHarness();
    h.clock.now = () => Date.now();
    h.channel.roster = members;
    await h.services.ensure(h.where, secretary);
    const scheduler = await Scheduler.start({ services: h.services, store: h.store, clock: h.clock, log: createLogger('silent'), dir: h.dataDir });
    // A live round as in a meeting; shortened here so the test waits about a second, not five minutes.
    const started = await h.services.startRound((await h.services.ensure(h.where, secretary)).partnership.id, { actor: secretary, durationMs: 1_200, trigger: 'command' });
    if (started.kind !== 'started') throw new Error('not started');
    const deadline = started.round.deadline;
    for (let waited = 0; h.channel.summaries.length === 0 && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    expect(h.channel.summaries).toHaveLength(1);
    expect(h.channel.summaries[0]!.round.closedAt).toBeGreaterThanOrEqual(deadline);
    // On time, not at the timer's longest sleep (a minute).
    expect(h.channel.summaries[0]!.round.closedAt! - deadline).toBeLessThan(2_000);
  });
});

describe('the scheduler starting on its own timer', () => {
  it('reads the partnerships its index cannot vouch for in the background, then closes what is overdue', async () => {
    const h = await serviceHarness();
    h.clock.at = Date.UTC(2026, 2, 2, 10, 0);
    h.channel.roster = members;
    await h.services.ensure(h.where, secretary);
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 30 * 60_000 });
    if (started.kind !== 'started') throw new Error('not started');
    // No saved index: the service was stopped before it ever saved one, and the deadline passed meanwhile.
    h.clock.advance(2 * 3_600_000);
    const scheduler = await Scheduler.start({ services: h.services, store: h.store, clock: h.clock, log: createLogger('silent'), dir: h.dataDir });
    for (let waited = 0; h.channel.summaries.length === 0 && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await scheduler.stop();
    expect(h.channel.summaries.map((s) => s.round.id)).toEqual([started.round.id]);
  });
});

describe('the schedule shape of a partnership', () => {
  it('changes with everything the due work reads, and not with answers', async () => {
    const h = await serviceHarness();
    h.channel.roster = members;
    await h.services.ensure(h.where, secretary);
    const started = await h.services.run(h.where, secretary, { name: 'start' });
    if (started.kind !== 'started') throw new Error('not started');
    const p = (await h.services.get((await h.services.ensure(h.where, secretary)).partnership.id))!;
    const r = p.rounds[0]!;
    const shape = scheduleShape(p);
    const withRound = (change: Partial<typeof r>) => scheduleShape({ ...p, rounds: [{ ...r, ...change }] });
    const withSettings = (change: Partial<typeof p.settings>) => scheduleShape({ ...p, settings: { ...p.settings, ...change } });
    expect(scheduleShape({ ...p, rounds: [{ ...r, responses: { ['a'.repeat(32)]: { pages: {} } }, roster: [] }], deliveries: [{ id: 'x', at: 1 }] })).toBe(shape);
    for (const changed of [
      withRound({ deadline: r.deadline + 1 }),
      withRound({ openedAt: r.openedAt + 1 }),
      withRound({ closedAt: r.deadline }),
      withRound({ done: ['nudge:1'] }),
      withRound({ card: undefined }),
      withSettings({ timeZone: 'Europe/Dublin' }),
      withSettings({ nudgeOffsetsMs: [1] }),
      withSettings({ workingHours: { ...p.settings.workingHours, start: '08:00' } }),
      withSettings({ schedule: { kind: 'monthly' } }),
      scheduleShape({ ...p, scheduleState: { lastOccurrence: 1 } }),
      scheduleShape({ ...p, createdAt: p.createdAt + 1 }),
    ]) {
      expect(changed).not.toBe(shape);
    }
  });
});

describe('the scheduler', () => {
  let h: ServiceHarness;
  beforeEach(async () => {
    h = await serviceHarness();
  });

  it('starts a monthly round at 09:30 on the first working day, tells the secretariat the working day before, and says when in status', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 1, 10, 12, 0)); // Tuesday 10 February
    const set = await h.services.run(h.where, secretary, { name: 'schedule', schedule: { kind: 'monthly' } });
    expect(set).toMatchObject({ kind: 'schedule', changed: true });
    if (set.kind !== 'schedule') return;
    expect(local(set.nextReview!)).toBe('Monday 2 March at 09:30');
    const status = await h.services.run(h.where, members[1]!, { name: 'status' });
    expect(status).toMatchObject({ kind: 'status', nextReview: set.nextReview });

    h.clock.at = Date.UTC(2026, 1, 27, 9, 29); // Friday 27 February 09:29
    expect(await scheduler.tick()).toEqual({ done: 0, failed: 0 });
    h.clock.at = Date.UTC(2026, 1, 27, 9, 30);
    await scheduler.tick();
    expect(h.channel.notices.map((n) => [n.member.id, n.notice.kind])).toEqual([['U-SEC', 'roundSoon']]);
    await scheduler.tick();
    expect(h.channel.notices).toHaveLength(1);

    h.clock.at = Date.UTC(2026, 2, 2, 9, 30);
    await scheduler.tick();
    expect(h.channel.posted).toHaveLength(1);
    expect(h.channel.posted[0]!.round).toMatchObject({ trigger: 'schedule', number: 1, deadline: Date.UTC(2026, 2, 9, 9, 30) });
    expect(scheduler.nextDue(partnershipId)).toBe(Date.UTC(2026, 2, 6, 9, 30)); // the 3-day nudge
  });

  it('nudges only members who have not finished, at each offset, once', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 2, 10, 0)); // Monday
    const started = await h.services.run(h.where, secretary, { name: 'start' });
    if (started.kind !== 'started') throw new Error('not started');
    await answerAll(h, partnershipId, started.round.id, members[1]!);
    h.channel.notices.length = 0;
    h.clock.at = Date.UTC(2026, 2, 6, 10, 0); // Friday: three days before the deadline
    await Promise.all([scheduler.tick(), scheduler.tick()]);
    await scheduler.tick();
    expect(h.channel.notices.map((n) => [n.member.id, n.notice.kind]).sort()).toEqual([['U-B', 'nudge'], ['U-C', 'nudge'], ['U-SEC', 'nudge']]);
    h.clock.at = Date.UTC(2026, 2, 8, 10, 0); // Sunday: the one-day nudge waits for Monday
    await scheduler.tick();
    expect(h.channel.notices).toHaveLength(3);
    expect(local(scheduler.nextDue(partnershipId)!)).toBe('Monday 9 March at 09:00');
  });

  it('sends a nudge due on Saturday on Monday at 09:00', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 4, 10, 0)); // Wednesday
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 6 * DAY }); // closes Tuesday 10:00
    if (started.kind !== 'started') throw new Error('not started');
    expect(local(scheduler.nextDue(partnershipId)!)).toBe('Monday 9 March at 09:00'); // 3-day nudge falls on Saturday
    h.clock.at = Date.UTC(2026, 2, 7, 10, 0); // Saturday
    await scheduler.tick();
    expect(h.channel.notices).toEqual([]);
    h.clock.at = Date.UTC(2026, 2, 9, 9, 0);
    await scheduler.tick();
    expect(h.channel.notices.filter((n) => n.notice.kind === 'nudge')).toHaveLength(4);
  });

  it('skips a nudge when the round closes before the next working window', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 6, 16, 0)); // Friday 16:00
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 2 * DAY }); // closes Sunday 16:00
    if (started.kind !== 'started') throw new Error('not started');
    // The one-day nudge would fall on Saturday 16:00; Monday comes after the deadline: no nudge, next is the close.
    expect(scheduler.nextDue(partnershipId)).toBe(started.round.deadline);
    h.clock.at = started.round.deadline;
    await scheduler.tick();
    expect(h.channel.notices.filter((n) => n.notice.kind === 'nudge')).toEqual([]);
    expect(h.channel.summaries).toHaveLength(1);
  });

  it('gives a round shorter than an offset no such nudge', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 2, 10, 0));
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 2 * 3_600_000 });
    if (started.kind !== 'started') throw new Error('not started');
    expect(scheduler.nextDue(partnershipId)).toBe(started.round.deadline);
  });

  it('closes a round at its deadline and posts the summary once, even when ticks overlap', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 2, 10, 0));
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 30 * 60_000 });
    if (started.kind !== 'started') throw new Error('not started');
    for (const m of members.slice(0, 3)) await answerAll(h, partnershipId, started.round.id, m);
    h.clock.advance(30 * 60_000);
    await Promise.all([scheduler.tick(), scheduler.tick(), scheduler.tick()]);
    expect(h.channel.summaries).toHaveLength(1);
    expect(h.channel.summaries[0]!.summary).toMatchObject({ enough: true, respondents: 3 });
    expect((await h.services.get(partnershipId))!.rounds[0]!.done).toContain('summary');
    expect(scheduler.nextDue(partnershipId)).toBeUndefined();
  });

  it('starts exactly one round after being stopped for three months, and closes what passed its deadline', async () => {
    const first = await setUp(h, Date.UTC(2026, 1, 10, 12, 0));
    await h.services.run(h.where, secretary, { name: 'schedule', schedule: { kind: 'monthly' } });
    h.clock.at = Date.UTC(2026, 2, 2, 9, 30);
    await first.scheduler.tick();
    expect(h.channel.posted).toHaveLength(1);
    await first.scheduler.stop();

    // Down from March to mid-June: the March round passed its deadline; April, May and June's runs were missed.
    h.clock.at = Date.UTC(2026, 5, 15, 11, 0);
    const restarted = await Scheduler.start({ services: h.services, store: h.store, clock: h.clock, log: createLogger('silent'), dir: h.dataDir, timer: false });
    await restarted.tick();
    await restarted.tick();
    const p = (await h.services.get(first.partnershipId))!;
    expect(p.rounds.map((r) => [r.number, r.trigger, r.closedAt !== undefined])).toEqual([
      [1, 'schedule', true],
      [2, 'schedule', false],
    ]);
    expect(h.channel.summaries).toHaveLength(1);
    expect(local(restarted.nextDue(first.partnershipId)!)).toBe('Friday 19 June at 12:00'); // the 3-day nudge of the catch-up round, started at 12:00 on 15 June
    expect(local(p.scheduleState.lastOccurrence!)).toBe('Monday 1 June at 09:30');
  });

  it('retries a failing post with growing waits, a bounded number of times, without holding up others', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 2, 10, 0));
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 30 * 60_000 });
    if (started.kind !== 'started') throw new Error('not started');
    const post = h.channel.postSummary.bind(h.channel);
    let calls = 0;
    h.channel.postSummary = async () => {
      calls++;
      throw new Error('503 from the platform');
    };
    h.clock.advance(30 * 60_000);
    await scheduler.tick(); // closes; the post fails inside close and the summary stays owed
    expect(calls).toBe(1);
    expect((await h.services.get(partnershipId))!.rounds[0]!.closedAt).toBeDefined();
    await scheduler.tick(); // the owed summary is tried again at once
    expect(calls).toBe(2);
    await scheduler.tick(); // waiting a minute before the next attempt
    expect(calls).toBe(2);
    h.clock.advance(60_000);
    await scheduler.tick();
    expect(calls).toBe(3);
    h.clock.advance(10 * 60_000);
    await scheduler.tick(); // third failed attempt of the owed summary: gives up
    h.clock.advance(60 * 60_000);
    await scheduler.tick();
    expect(calls).toBe(4);
    h.channel.postSummary = post;
    expect(scheduler.nextDue(partnershipId)).toBeUndefined();
  });

  it('never gives up work the platform was only too busy for, and posts it once when it is let through', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 2, 10, 0));
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 30 * 60_000 });
    if (started.kind !== 'started') throw new Error('not started');
    const post = h.channel.postSummary.bind(h.channel);
    let busy = 0;
    h.channel.postSummary = async () => {
      busy++;
      throw new PlatformBusyError('waited five minutes for room in chat.postMessage');
    };
    h.clock.advance(30 * 60_000);
    // Far more than the three attempts a failing post gets (maxAttempts), each coming back soon.
    for (let i = 0; i < 8; i++) {
      await scheduler.tick();
      h.clock.advance(10_000);
    }
    expect(busy).toBe(8);
    h.channel.postSummary = post;
    await scheduler.tick();
    await scheduler.tick();
    expect(h.channel.summaries).toHaveLength(1);
    expect((await h.services.get(partnershipId))!.rounds[0]!.done).toContain('summary');
  });

  it('leaves a partnership being worked on to its tick: an overlapping tick neither repeats nor waits for it', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 2, 10, 0));
    const started = await h.services.run(h.where, secretary, { name: 'start', durationMs: 30 * 60_000 });
    if (started.kind !== 'started') throw new Error('not started');
    const post = h.channel.postSummary.bind(h.channel);
    let release = () => {};
    let posts = 0;
    h.channel.postSummary = async (view) => {
      posts++;
      // The platform keeps this post waiting, as it does on a busy morning.
      await new Promise<void>((resolve) => (release = resolve));
      return post(view);
    };
    h.clock.advance(30 * 60_000);
    const first = scheduler.tick();
    while (posts === 0) await new Promise((r) => setImmediate(r));
    expect(await scheduler.tick()).toEqual({ done: 0, failed: 0 });
    release();
    await first;
    expect(posts).toBe(1);
    expect(h.channel.summaries).toHaveLength(1);
    expect((await h.services.get(partnershipId))!.rounds[0]!.done).toContain('summary');
  });

  it('stops the schedule of a channel the bot was removed from, and tells the secretariat once', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 1, 10, 12, 0));
    await h.services.run(h.where, secretary, { name: 'schedule', schedule: { kind: 'monthly' } });
    h.channel.postRound = async () => {
      throw new ChannelGoneError('not_in_channel');
    };
    h.clock.at = Date.UTC(2026, 2, 2, 9, 30);
    await scheduler.tick();
    await scheduler.tick();
    const p = (await h.services.get(partnershipId))!;
    expect(p.settings.schedule).toBeNull();
    expect(p.rounds).toEqual([]); // a round nobody can see is taken back
    expect(h.channel.notices.filter((n) => n.notice.kind === 'scheduleStopped').map((n) => n.member.id)).toEqual(['U-SEC']);
  });

  it('posts the card of a round whose card could not be posted at the start, once the channel answers', async () => {
    const { scheduler, partnershipId } = await setUp(h, Date.UTC(2026, 2, 2, 10, 0));
    h.channel.failPosts = true;
    const started = await h.services.run(h.where, secretary, { name: 'start' });
    expect(started).toMatchObject({ kind: 'started', round: { number: 1 } });
    expect((await h.services.get(partnershipId))!.rounds[0]!.card).toBeUndefined();
    await scheduler.tick();
    expect(h.channel.posted).toHaveLength(0);
    h.channel.failPosts = false;
    h.clock.advance(60_000); // the first retry waits a minute
    await scheduler.tick();
    expect(h.channel.posted).toHaveLength(1);
    expect((await h.services.get(partnershipId))!.rounds[0]!.card).toEqual({ ref: 'card-1' });
  });
});
