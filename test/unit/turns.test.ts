import { away, Turns } from '../../src/services/turns.js';

/** A promise settled from outside, standing for a platform's answer. */
function later<T = void>(): { promise: Promise<T>; settle: (value: T) => void } {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('turns at the service', () => {
  it('lets other work in while one piece waits on a platform, and takes the turn back before going on', async () => {
    const turns = new Turns(1);
    const log: string[] = [];
    const answer = later<string>();
    const b = later();
    const first = turns.run(async () => {
      log.push('A works');
      const got = await away(() => answer.promise);
      log.push(`A works again with ${got}`);
    });
    await ticks();
    const second = turns.run(async () => {
      log.push('B works');
      await b.promise; // B keeps its turn: it is not waiting on a platform
      log.push('B done');
    });
    await ticks();
    answer.settle('the roster');
    await ticks();
    // A's answer has come, but B holds the only turn.
    expect(log).toEqual(['A works', 'B works']);
    b.settle();
    await Promise.all([first, second]);
    expect(log).toEqual(['A works', 'B works', 'B done', 'A works again with the roster']);
  });

  it('hands a turn back once when a piece of work waits on several calls at once', async () => {
    const turns = new Turns(1);
    const calls = [later(), later(), later()];
    let during = false;
    const first = turns.run(async () => {
      await Promise.all(calls.map((c) => away(() => c.promise)));
    });
    await ticks();
    await turns.run(async () => {
      during = true;
    });
    expect(during).toBe(true);
    for (const c of calls) c.settle();
    await first;
    // Exactly one turn is left: two pieces of work never run at once.
    let running = 0;
    let most = 0;
    const gate = later();
    const two = [0, 1].map(() =>
      turns.run(async () => {
        most = Math.max(most, ++running);
        await gate.promise;
        running--;
      }),
    );
    await ticks();
    gate.settle();
    await Promise.all(two);
    expect(most).toBe(1);
  });

  it('holds no turn for what a piece of work left running after it ended', async () => {
    const turns = new Turns(1);
    const leftOver = later();
    let background: Promise<void> | undefined;
    await turns.run(async () => {
      // A card update the work asked for, which runs on after it.
      background = away(() => leftOver.promise);
    });
    let ran = false;
    await turns.run(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    leftOver.settle();
    await background;
    let count = 0;
    const gate = later();
    const two = [0, 1].map(() =>
      turns.run(async () => {
        count++;
        await gate.promise;
      }),
    );
    await ticks();
    expect(count).toBe(1);
    gate.settle();
    await Promise.all(two);
  });

  it('waits as usual outside scheduled work', async () => {
    expect(await away(async () => 'answered')).toBe('answered');
  });
});
