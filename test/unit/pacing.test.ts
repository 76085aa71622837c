import { NoRoomNow, Pacer, PacingTimeout, type Clock, type Slot } from '../../src/channels/shared/pacing.js';
import { PlatformBusyError } from '../../src/services/ports.js';

/** A clock that moves only when every sleeper has been woken in time order: no real waiting. */
class FakeClock implements Clock {
  at = 0;
  private sleepers: { until: number; wake: () => void }[] = [];
  now(): number {
    return this.at;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ until: this.at + ms, wake }));
  }
  get asleep(): number {
    return this.sleepers.length;
  }
  /** Runs until nothing is left asleep. */
  async drain(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.sleepers.length) return;
      this.sleepers.sort((a, b) => a.until - b.until);
      const next = this.sleepers.shift()!;
      this.at = Math.max(this.at, next.until);
      next.wake();
    }
    throw new Error('the clock never settled');
  }
}

class Throttle extends Error {
  constructor(readonly seconds: number) {
    super('429');
  }
}

const thread = (key: string): Slot => ({ key, windows: [{ limit: 7, ms: 1_000 }, { limit: 8, ms: 2_000 }] });
const tenant: Slot = { key: 'tenant', windows: [{ limit: 50, ms: 1_000 }] };

function pacer(clock: Clock): Pacer {
  return new Pacer({ clock, marginMs: 0, retryAfterMs: (e) => (e instanceof Throttle ? e.seconds * 1000 : undefined), transient: (e) => e instanceof Error && e.message === '502' });
}

describe('the pacer', () => {
  it('lets a conversation burst to its limit and then keeps every window', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    const starts: number[] = [];
    const all = Promise.all(Array.from({ length: 10 }, () => p.run([thread('c1'), tenant], async () => starts.push(clock.now()))));
    await clock.drain();
    await all;
    // 7 in the first second; the 8th once a second has passed; 8 per 2 s holds the 9th and 10th until 2 s.
    expect(starts).toEqual([0, 0, 0, 0, 0, 0, 0, 1000, 2000, 2000]);
  });

  it('counts a slow call from when it finishes, so the platform never sees more than its limit in a window', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    const slot: Slot = { key: 'users.info', windows: [{ limit: 2, ms: 1_000 }] };
    const starts: number[] = [];
    // Each call takes 300 ms to reach the platform and come back.
    const slow = () => p.run([slot], async () => {
      starts.push(clock.now());
      await clock.sleep(300);
    });
    const all = Promise.all([slow(), slow(), slow()]);
    await clock.drain();
    await all;
    // Two go at once; the third waits a whole window after the first two finished (300 + 1,000 ms), not after they left.
    expect(starts).toEqual([0, 0, 1300]);
  });

  it('lets only the first in a line of waiting calls sleep, and serves the line in order', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    const slot: Slot = { key: 'conversations.open', windows: [{ limit: 1, ms: 1_000 }] };
    const order: number[] = [];
    const all = Promise.all(Array.from({ length: 50 }, (_, i) => p.run([slot], async () => order.push(i))));
    await new Promise((r) => setImmediate(r));
    // One call went; of the 49 waiting, one sleeps until the window frees, the rest wait their turn.
    expect(clock.asleep).toBe(1);
    await clock.drain();
    await all;
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps conversations apart but holds them all to the tenant limit', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    const starts: number[] = [];
    const all = Promise.all(Array.from({ length: 60 }, (_, i) => p.run([thread(`c${i}`), tenant], async () => starts.push(clock.now()))));
    await clock.drain();
    await all;
    expect(starts.filter((t) => t === 0)).toHaveLength(50);
    expect(starts.filter((t) => t === 1000)).toHaveLength(10);
  });

  it('waits what Retry-After asks and does throttled work once it is let through, however many 429s come first', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    let tries = 0;
    const done: number[] = [];
    const work = p.run([thread('c1')], async () => {
      if (++tries <= 5) throw new Throttle(30);
      done.push(clock.now());
      return 'posted';
    });
    await clock.drain();
    await expect(work).resolves.toBe('posted');
    expect(done).toEqual([150_000]);
    expect(p.throttled).toBe(5);
  });

  it('holds the throttled conversation for the others waiting on it', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    let first = true;
    const starts: number[] = [];
    const a = p.run([thread('c1')], async () => {
      if (first) {
        first = false;
        throw new Throttle(2);
      }
      starts.push(clock.now());
    });
    await new Promise((resolve) => setImmediate(resolve));
    const b = p.run([thread('c1')], async () => starts.push(clock.now()));
    await clock.drain();
    await Promise.all([a, b]);
    expect(starts).toEqual([2000, 2000]);
  });

  it('gives scheduled work up only after its patience runs out', async () => {
    const clock = new FakeClock();
    const p = new Pacer({ clock, marginMs: 0, patienceMs: 60_000, retryAfterMs: (e) => (e instanceof Throttle ? e.seconds * 1000 : undefined) });
    let tries = 0;
    const work = p.run([thread('c1')], async () => {
      tries++;
      throw new Throttle(20);
    });
    const settled = work.catch((e: unknown) => e);
    await clock.drain();
    // Handed back as "busy", not as a failure, with the platform's answer kept as the cause.
    const error = await settled;
    expect(error).toBeInstanceOf(PlatformBusyError);
    expect((error as Error).cause).toBeInstanceOf(Throttle);
    // Tries at 0, 20 s, 40 s and 60 s; a fifth at 80 s would be past the minute.
    expect(tries).toBe(4);
  });

  it('gives back work that would wait for room past its patience, and keeps no place for it', async () => {
    const clock = new FakeClock();
    const p = new Pacer({ clock, marginMs: 0, patienceMs: 1_500, retryAfterMs: () => undefined });
    const slots = [{ key: 'members', windows: [{ limit: 1, ms: 1_000 }] }];
    const outcomes = Promise.all([0, 1, 2].map((i) => p.run(slots, async () => i).catch((e: unknown) => (e instanceof PacingTimeout ? 'given back' : e))));
    await clock.drain();
    expect(await outcomes).toEqual([0, 1, 'given back']);
  });

  it('on stopping, gives back at once what waits for room, and lets through what has room', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    const slots = [thread('c1')];
    const outcomes = Promise.all(Array.from({ length: 8 }, (_, i) => p.run(slots, async () => i).catch((e: unknown) => (e instanceof PacingTimeout ? 'given back' : e))));
    await new Promise((resolve) => setImmediate(resolve));
    p.stop();
    expect(await outcomes).toEqual([0, 1, 2, 3, 4, 5, 6, 'given back']);
    expect(clock.now()).toBe(0);
    await expect(p.run([thread('c2')], async () => 'room')).resolves.toBe('room');
  });

  it('lets an interactive call straight past scheduled work that is waiting for room', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    const order: string[] = [];
    const scheduled = Promise.all(Array.from({ length: 9 }, (_, i) => p.run([thread('c1')], async () => order.push(`card ${i} at ${clock.now()}`))));
    await new Promise((resolve) => setImmediate(resolve));
    await p.run([thread('c1')], async () => order.push(`reply at ${clock.now()}`), 'interactive');
    await clock.drain();
    await scheduled;
    expect(order.indexOf('reply at 0')).toBe(7);
    // The reply counted: the 8 per 2 s window now holds the last scheduled posts until 2 s.
    expect(order.slice(8)).toEqual(['card 7 at 2000', 'card 8 at 2000']);
  });

  it('sends a courtesy message when there is room at once, and drops it rather than queue it behind waiting work', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    const sent: string[] = [];
    await p.run([thread('c1'), tenant], async () => sent.push('thanks with room'), 'courtesy');
    // Seven more fill the conversation's window; the eighth waits in line.
    const scheduled = Promise.all(Array.from({ length: 7 }, (_, i) => p.run([thread('c1'), tenant], async () => sent.push(`card ${i}`))));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(p.run([thread('c1'), tenant], async () => sent.push('thanks, no room'), 'courtesy')).rejects.toBeInstanceOf(NoRoomNow);
    // Another conversation of the tenant has room, but the tenant's line has someone in it.
    await expect(p.run([thread('c2'), tenant], async () => sent.push('thanks behind the line'), 'courtesy')).rejects.toBeInstanceOf(NoRoomNow);
    await clock.drain();
    await scheduled;
    expect(sent).not.toContain('thanks, no room');
    expect(sent).not.toContain('thanks behind the line');
    expect(sent).toHaveLength(8);
    expect(clock.now()).toBe(1000);
  });

  it('does not retry a courtesy message the platform throttled, and holds the conversation for the work that waits', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    let tries = 0;
    const outcome = await p
      .run([thread('c1')], async () => {
        tries++;
        throw new Throttle(5);
      }, 'courtesy')
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(NoRoomNow);
    expect(outcome).toBeInstanceOf(PlatformBusyError);
    expect(tries).toBe(1);
    const card = p.run([thread('c1')], async () => clock.now());
    await clock.drain();
    expect(await card).toBe(5000);
  });

  it('tries a call that failed for a moment again, but not without end', async () => {
    const clock = new FakeClock();
    const p = pacer(clock);
    let tries = 0;
    const work = p
      .run([thread('c1')], async () => {
        tries++;
        throw new Error('502');
      })
      .catch((e: unknown) => e);
    await clock.drain();
    expect(await work).toBeInstanceOf(Error);
    expect(tries).toBe(3);
  });
});
