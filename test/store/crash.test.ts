import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../src/paths.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { loadMemberKey, pseudonymiser } from '../../src/store/member-key.js';

interface Ack {
  partnershipId: string;
  member: string;
  value: number;
}

/** Runs the writer until it has acknowledged `killAfter` answers, then kills it with SIGKILL. */
async function runAndKill(dataDir: string, killAfter: number, delayMs: number): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'support', 'crash-writer.ts'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const acks: Ack[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, partnershipId, member, value] = line.split(' ');
    if (word !== 'ack') continue;
    acks.push({ partnershipId: partnershipId!, member: member!, value: Number(value) });
    if (acks.length >= killAfter) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      break;
    }
  }
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`writer ended without being killed: ${stderr}`);
  return acks;
}

describe('a crash at any moment', () => {
  // Different kill points: early and late in the stream, right after an acknowledgement and a little later.
  const points = Array.from({ length: 20 }, (_, i) => ({ killAfter: 1 + ((i * 37) % 160), delayMs: i % 4 }));

  it.each(points)('loses no acknowledged answer and leaves every file readable (kill after $killAfter acks, +$delayMs ms)', async ({ killAfter, delayMs }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'asesu-crash-'));
    const acks = await runAndKill(dataDir, killAfter, delayMs);
    const store = await LowdbStore.open(dataDir);
    const pseudonym = pseudonymiser((await loadMemberKey(dataDir)).key);
    const ids = await store.ids();
    expect(ids).toHaveLength(3);
    for (const id of ids) await expect(store.get(id)).resolves.toBeDefined();
    for (const ack of acks) {
      const p = await store.get(ack.partnershipId);
      const answers = p!.rounds[0]!.responses[pseudonym('slack', ack.member)]?.pages.purpose?.answers;
      expect([ack.member, answers && Object.values(answers)]).toEqual([ack.member, [ack.value, ack.value, ack.value, ack.value]]);
    }
  });
});
