/**
 * The service with many partnerships (`npm run bench -- --partnerships 10000`): after the main
 * run, a second data folder is prefilled with N partnerships of the same shape and no saved
 * schedule index, as after an upgrade or a restore. The service is started on it and timed to
 * its first 200 from /healthz; its schedule then reads every file in the background, and the
 * catch-up is over when it saves its index (the index is saved only once every file has been
 * read). A closed-loop load follows, the service is stopped, and the saved index is checked
 * against the due work worked out afresh from every file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Framework } from '../src/domain/framework.js';
import { createTranslator } from '../src/i18n/translator.js';
import { dueWork } from '../src/scheduler/due.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import type { BotConnector } from '../test/fakes/bot-connector.js';
import type { FakeSlackApi } from '../test/fakes/slack-api.js';
import { answerLoad, MemberPool, type Ack } from './load.js';
import { GROUPS, prefill, seedFakes } from './prefill.js';
import { phaseFigures, type PhaseFigures } from './report.js';
import { RequestBuilder } from './requests.js';
import { memoryOf, startService, stop } from './service.js';
import { verify, type Verification } from './verify.js';

export interface ScaleOptions {
  partnerships: number;
  closedRounds: number;
  members: number;
  framework: Framework;
  work: string;
  fakes: { connector: BotConnector; slack: FakeSlackApi };
  nodeOptions: string[];
  /** Answers in the closed loop after the catch-up, and its connections. */
  answers: number;
  connections: number;
  say: (text: string) => void;
  progress: (label: string, total: number, pid?: number) => { onProgress: (done: number) => void };
}

/** What the run at scale measured. */
export interface ScaleFigures {
  partnerships: number;
  startupMs: number;
  /** The same start-up on an empty data folder just before: what loading the code alone costs at that moment. */
  emptyStartupMs: number;
  /** Start-up on the same N files once the schedule index has been saved (the usual restart). */
  restartMs: number;
  /** From the service's spawn to its schedule index being saved with every file read. */
  catchUpMs: number;
  /** Peak resident memory of the service over start-up, catch-up and the load. */
  rssMb: number;
  /** Peak resident memory by the end of the catch-up, before any answer. */
  rssAfterCatchUpMb: number;
  closedLoop: PhaseFigures;
  verification: Verification;
  schedule: ScheduleCheck;
  meanFileKb: number;
}

/** The saved schedule index against the due work worked out from the files at the time it was saved. */
export interface ScheduleCheck {
  files: number;
  indexed: number;
  /** Partnerships whose saved due time differs from the files' (missing, extra or another time). */
  wrong: number;
  /** A few of them, for the report. */
  examples: string[];
}

const INDEX = 'due-index.json';

/** The saved index's write time, or undefined while there is none. */
async function indexWrittenAt(dir: string): Promise<number | undefined> {
  try {
    const data = JSON.parse(await readFile(join(dir, INDEX), 'utf8')) as { writtenAt?: number };
    return typeof data.writtenAt === 'number' ? data.writtenAt : undefined;
  } catch {
    // Not written yet, or being replaced this instant (the write is a rename, so this is rare).
    return undefined;
  }
}

/**
 * Reads every partnership file with the real store and compares what it owes at the index's
 * write time with the saved index: work due then must be listed at or before that time, and
 * a partnership owing nothing yet must be listed at exactly its next due time, or not at all.
 */
export async function checkSchedule(dir: string): Promise<ScheduleCheck> {
  const saved = JSON.parse(await readFile(join(dir, INDEX), 'utf8')) as { writtenAt: number; entries: Record<string, number> };
  const store = await LowdbStore.open(dir);
  const check: ScheduleCheck = { files: 0, indexed: Object.keys(saved.entries).length, wrong: 0, examples: [] };
  const wrong = (text: string) => {
    check.wrong++;
    if (check.examples.length < 5) check.examples.push(text);
  };
  try {
    const ids = await store.ids();
    const seen = new Set<string>();
    for (const id of ids) {
      const p = await store.get(id);
      if (!p) continue;
      check.files++;
      seen.add(id);
      const { due, next } = dueWork(p, saved.writtenAt);
      const listed = saved.entries[id];
      if (due.length) {
        if (listed === undefined || listed > saved.writtenAt) wrong(`${id}: owes ${due.map((d) => d.kind).join(', ')}, listed at ${listed ?? 'nothing'}`);
      } else if ((listed ?? null) !== next) wrong(`${id}: next due ${next ?? 'never'}, listed at ${listed ?? 'nothing'}`);
    }
    for (const id of Object.keys(saved.entries)) if (!seen.has(id)) wrong(`${id}: listed, but there is no file`);
  } finally {
    await store.close();
  }
  return check;
}

export async function runAtScale(o: ScaleOptions): Promise<ScaleFigures> {
  const { connector, slack } = o.fakes;
  const dataDir = join(o.work, `data-${o.partnerships}`);
  o.say(`at scale: prefilling ${o.partnerships.toLocaleString('en-GB')} partnerships of the same shape into a second data folder (no schedule index)`);
  const data = await prefill(
    { dataDir, partnerships: o.partnerships, closedRounds: o.closedRounds, members: o.members, framework: o.framework, serviceUrl: connector.url, slackTeam: slack.teamId, now: Date.now() },
    (done) => (done % 1_000 === 0 ? o.say(`at scale: prefill ${done.toLocaleString('en-GB')}/${o.partnerships.toLocaleString('en-GB')}`) : undefined),
  );
  seedFakes(data, { connector, slack });

  const signingSecret = randomBytes(16).toString('hex');
  const env = { DATA_DIR: dataDir, SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl, MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '' };
  const empty = await startService({ ...env, DATA_DIR: join(o.work, 'data-empty') }, o.nodeOptions);
  await stop(empty.process);
  o.say(`at scale: on an empty data folder the service answered /healthz after ${Math.round(empty.startupMs)} ms`);
  const spawnedAt = Date.now();
  const service = await startService(env, o.nodeOptions);
  try {
    const pid = service.process.pid!;
    o.say(`at scale: service answered /healthz ${Math.round(service.startupMs)} ms after it was spawned; waiting for the schedule to read every file`);
    let writtenAt: number | undefined;
    let lastSaid = Date.now();
    while ((writtenAt = await indexWrittenAt(dataDir)) === undefined) {
      if (service.process.exitCode !== null) throw new Error(`the service exited with ${service.process.exitCode} during the catch-up`);
      if (Date.now() - spawnedAt > 30 * 60_000) throw new Error('the schedule had not caught up after 30 minutes');
      if (Date.now() - lastSaid > 5_000) {
        lastSaid = Date.now();
        const m = await memoryOf(pid);
        o.say(`at scale: catching up, ${((Date.now() - spawnedAt) / 1000).toFixed(0)} s · service RSS ${Math.round(m.nowMb)} MB`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const catchUpMs = writtenAt - spawnedAt;
    const afterCatchUp = await memoryOf(pid);
    o.say(`at scale: schedule caught up ${(catchUpMs / 1000).toFixed(1)} s after the spawn; peak RSS so far ${Math.round(afterCatchUp.peakMb)} MB`);

    const builder = new RequestBuilder({ framework: o.framework, groups: GROUPS, serviceUrl: connector.url, slackTeam: slack.teamId, signingSecret, translator: createTranslator() });
    const pool = new MemberPool(data.members);
    const acks: Ack[] = [];
    o.say(`at scale: closed loop, ${o.answers.toLocaleString('en-GB')} answers over ${o.connections} connections`);
    const closed = await answerLoad({ url: service.url, connections: o.connections, amount: o.answers, ...o.progress('at scale', o.answers, pid) }, pool, builder, o.framework, acks);
    const memory = await memoryOf(pid);
    o.say(`at scale: ${Math.round(closed.acknowledged / closed.seconds)} answers/s; peak RSS ${Math.round(memory.peakMb)} MB; stopping the service`);
    const code = await stop(service.process);
    if (code !== 0) o.say(`at scale: the service exited with ${code}`);

    const verification = await verify(dataDir, data.members, acks, o.framework);
    o.say(`at scale: ${verification.lost} lost, ${verification.duplicated} duplicated of ${verification.checked} acknowledged answers; checking the saved schedule against every file`);
    const schedule = await checkSchedule(dataDir);
    o.say(`at scale: schedule index lists ${schedule.indexed} of ${schedule.files} partnerships; ${schedule.wrong} wrong${schedule.examples.length ? ` (${schedule.examples.join('; ')})` : ''}`);
    const again = await startService(env, o.nodeOptions);
    await stop(again.process);
    o.say(`at scale: restart on the same files, with the index saved, answered /healthz after ${Math.round(again.startupMs)} ms`);
    return {
      partnerships: o.partnerships,
      startupMs: Math.round(service.startupMs),
      emptyStartupMs: Math.round(empty.startupMs),
      restartMs: Math.round(again.startupMs),
      catchUpMs,
      rssMb: Math.round(memory.peakMb),
      rssAfterCatchUpMb: Math.round(afterCatchUp.peakMb),
      closedLoop: phaseFigures(closed),
      verification,
      schedule,
      meanFileKb: Math.round(data.meanFileBytes / 102.4) / 10,
    };
  } finally {
    await stop(service.process);
  }
}

