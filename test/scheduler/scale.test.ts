import { mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Partnership } from '../../src/domain/model.js';
import { newPartnership } from '../../src/domain/partnership.js';
import { createLogger } from '../../src/log.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { partnershipId } from '../../src/services/index.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { serviceHarness } from '../support/services.js';

const NOW = Date.UTC(2026, 2, 2, 9, 40); // Monday 2 March, 09:40 London

/** Writes `count` partnerships on a monthly schedule; the first `due` of them owe a round now. */
async function prefill(dir: string, count: number, due: number): Promise<void> {
  const files: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const id = partnershipId('slack', `T:${i}`);
    const base = newPartnership({ id, platform: 'slack', address: { channel: `C${i}` }, now: 0, founder: { id: 'U1' }, settings: { language: 'en', timeZone: 'Europe/London' } });
    const p: Partnership = {
      ...base,
      settings: { ...base.settings, schedule: { kind: 'monthly', month: 3 } },
      // Due ones last handled February's run; the others have handled March's already.
      scheduleState: { lastOccurrence: i < due ? Date.UTC(2026, 1, 2, 9, 30) : NOW - 60_000 },
    };
    files.push(writeFile(join(dir, `${id}.json`), JSON.stringify({ schemaVersion: 1, partnership: p })));
  }
  await Promise.all(files);
}

/** A store that counts the partnership files it is asked for. */
function counting(store: Store): { store: Store; reads: () => number; reset: () => void } {
  let reads = 0;
  const wrapped: Store = {
    get: (id) => {
      reads++;
      return store.get(id);
    },
    update: (id, change) => store.update(id, change),
    onWrite: (l) => store.onWrite(l),
    ids: () => store.ids(),
    health: () => store.health(),
    close: () => store.close(),
  };
  return { store: wrapped, reads: () => reads, reset: () => (reads = 0) };
}

async function tickReads(count: number): Promise<{ reads: number; started: number; startupReads: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'asesu-scale-'));
  await prefill(dir, count, 10);
  const h = await serviceHarness({ dataDir: dir });
  h.clock.at = NOW;
  const log = createLogger('silent');
  // First start: no saved index, so every file is read once to build it; then the index is saved.
  const first = await Scheduler.start({ services: h.services, store: h.store, clock: h.clock, log, dir, timer: false });
  await first.stop();
  // Files older than the saved index are vouched for by it.
  const past = new Date(Date.now() - 60_000);
  await Promise.all((await h.store.ids()).map((id) => utimes(join(dir, `${id}.json`), past, past)));
  await (await import('node:fs/promises')).utimes(join(dir, 'due-index.json'), new Date(), new Date());
  const c = counting(await LowdbStore.open(dir));
  const scheduler = await Scheduler.start({ services: h.services, store: c.store, clock: h.clock, log, dir, timer: false });
  const startupReads = c.reads();
  c.reset();
  const { done } = await scheduler.tick();
  await scheduler.stop();
  return { reads: c.reads(), started: done, startupReads };
}

describe('the scheduler at scale', () => {
  it('reads only the partnerships with work due: a tick over 10,000 costs what a tick over 10 does', async () => {
    const small = await tickReads(10);
    const large = await tickReads(10_000);
    expect(small.started).toBe(10);
    expect(large.started).toBe(10);
    // One read to do the work and one to re-index, per due partnership; none for the 9,990 idle ones.
    expect(large.reads).toBe(small.reads);
    expect(large.reads).toBeLessThanOrEqual(20);
    // A restart with a saved index reads no file that has not changed since.
    expect(large.startupReads).toBe(0);
  }, 120_000);
});
