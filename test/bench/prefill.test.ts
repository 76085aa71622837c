import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prefill } from '../../bench/prefill.js';
import { partnershipFileSchema, type Partnership } from '../../src/domain/model.js';
import { dueWork } from '../../src/scheduler/due.js';
import { builtinFrameworks } from '../../src/services/frameworks.js';

/**
 * The benchmark starts the service on prefilled data and counts every answer it acknowledges;
 * a partnership that owes scheduled work the moment it is loaded would start or close rounds
 * under the load. Whatever the date, nothing prefilled may be owed yet.
 */
const moments: [string, string][] = [
  ['the first of a month, just after midnight', '2026-12-01T00:05:00Z'],
  ['the first of a month, just after a quarter starts at 09:30', '2026-12-01T09:31:00Z'],
  ['the second of a month', '2026-12-02T08:00:00Z'],
  ['the last day of a month, before midnight', '2026-11-30T23:55:00Z'],
  ['a Monday the 2nd, after a quarter moved off a Sunday the 1st (summer time)', '2027-08-02T08:31:00Z'],
  ['the last day of a 31-day month (summer time)', '2027-05-31T22:55:00Z'],
  ['31 December, before midnight', '2026-12-31T23:55:00Z'],
  ['1 January, just after midnight', '2027-01-01T00:05:00Z'],
  ['29 February', '2028-02-29T12:00:00Z'],
  ['1 March after a leap day', '2028-03-01T09:31:00Z'],
];

async function prefilled(now: number): Promise<Partnership[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'asesu-prefill-'));
  await prefill({ dataDir, partnerships: 8, closedRounds: 1, members: 3, framework: builtinFrameworks().get('spat')!, serviceUrl: 'http://127.0.0.1:9', slackTeam: 'TBENCH', now });
  const files = (await readdir(dataDir)).filter((f) => f.endsWith('.json'));
  const all: Partnership[] = [];
  for (const f of files) {
    all.push(partnershipFileSchema.parse(JSON.parse(await readFile(join(dataDir, f), 'utf8'))).partnership);
  }
  return all;
}

describe('the benchmark prefill', () => {
  it.each(moments)('owes no scheduled work at %s', async (_label, iso) => {
    const now = Date.parse(iso);
    const all = await prefilled(now);
    expect(all).toHaveLength(8);
    const scheduled = all.filter((p) => p.settings.schedule);
    expect(scheduled.length).toBeGreaterThan(0);
    for (const p of all) expect({ id: p.id, due: dueWork(p, now).due }).toEqual({ id: p.id, due: [] });
    // The schedule is live, only not yet due: its next round lies ahead.
    for (const p of scheduled) expect(dueWork(p, now).next).toBeGreaterThan(now);
  });
});
