/**
 * `npm run bench -- --store postgres [--instances N]`: the same load and checks on the
 * PostgreSQL store, with N instances of the service sharing one database.
 *
 * Makes a database of the run's own, prefills partnerships as files (as the lowdb run does)
 * and copies them in with the project's own `store:copy` code, starts N instances of the built
 * service with DATABASE_URL, spreads the load over them round robin, stops them, reads every
 * acknowledged answer back through the PostgreSQL store, measures the database's durability
 * ceiling over as many connections, and drops the database. Prints a table and adds a
 * `postgres` key to bench/results/latest.json, keeping what is there.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Framework } from '../src/domain/framework.js';
import { createTranslator } from '../src/i18n/translator.js';
import { ROOT } from '../src/paths.js';
import { copyFilesToPostgres } from '../src/store/copy.js';
import { PostgresStore } from '../src/store/pg-store.js';
import { answerLoad, MemberPool, type Ack, type LoadOptions, type LoadResult } from './load.js';
import { benchDatabase, serverInfo, updateCeiling } from './pg-ceiling.js';
import { GROUPS, prefill, seedFakes } from './prefill.js';
import { phaseFigures, table, type PhaseFigures, type Target } from './report.js';
import { RequestBuilder } from './requests.js';
import { memoryOf, startFakes, startService, stop, type Service } from './service.js';
import { round } from './stats.js';
import { verifyStore } from './verify.js';
import { START_COMMAND } from '../test/support/built-service.js';

/** What run.ts hands over: the plan of the run, its load shape, and its ways of reporting progress. */
export interface PostgresRun {
  quick: boolean;
  instances: number;
  framework: Framework;
  work: string;
  plan: { partnerships: number; warmup: number; closedLoop: number; openLoop: number };
  shape: { closedRounds: number; members: number; connections: number; rate: number; rateConnections: number; rateInstances: number; rateSpreadMs: number };
  nodeOptions: string[];
  where: Record<string, unknown>;
  busy: number;
  say: (text: string) => void;
  progress: (label: string, total: number, pid?: number) => { onProgress: (done: number) => void };
}

/** The pool each instance opens (PostgresStore's default): the database connections the load can use. */
const POOL_PER_INSTANCE = 10;
/** The ceiling's document, the size of a partnership after a year of use. */
const CEILING_DOC_BYTES = 45 * 1024;

/** The targets for PostgreSQL. */
export function postgresTargets(r: { answersPerSec: number; ceilingPerSec: number; p99Ms: number; rssMbPerInstance: number[]; lost: number; duplicated: number; connections: number }): Target[] {
  const half = Math.round(r.ceilingPerSec / 2);
  const rss = Math.max(0, ...r.rssMbPerInstance);
  return [
    { name: `answers/s, closed loop, ${r.connections} connections`, value: r.answersPerSec, unit: '/s', bound: `≥ ${half} (50 % of the PostgreSQL ceiling)`, met: r.answersPerSec >= half },
    { name: 'p99 of an answer at 300 answers/s', value: r.p99Ms, unit: 'ms', bound: '≤ 50 ms', met: r.p99Ms <= 50 },
    { name: 'peak RSS of the largest instance', value: rss, unit: 'MB', bound: '≤ 300 MB', met: rss <= 300 },
    { name: 'acknowledged answers lost', value: r.lost, unit: '', bound: '0', met: r.lost === 0 },
    { name: 'acknowledged answers duplicated', value: r.duplicated, unit: '', bound: '0', met: r.duplicated === 0 },
  ];
}

/** A real prefilled partnership file near the ceiling's size, so the ceiling writes the same kind of JSON the store does. */
async function ceilingDocument(dataDir: string): Promise<string> {
  let best = { name: '', distance: Infinity };
  for (const name of (await readdir(dataDir)).filter((n) => n.endsWith('.json') && n !== 'member-key.json')) {
    const distance = Math.abs((await stat(join(dataDir, name))).size - CEILING_DOC_BYTES);
    if (distance < best.distance) best = { name, distance };
  }
  const text = await readFile(join(dataDir, best.name), 'utf8');
  // Cut or padded to the size, staying valid JSON: a padding field holds the difference.
  const doc = JSON.parse(text) as Record<string, unknown>;
  const bare = JSON.stringify({ ...doc, padding: '' }).length;
  return JSON.stringify({ ...doc, padding: 'x'.repeat(Math.max(0, CEILING_DOC_BYTES - bare)) });
}

/** Writes the figures under `postgres` in latest.json, keeping the other keys (the last lowdb run's figures). */
async function writeResult(postgres: unknown): Promise<Record<string, unknown>> {
  const file = join(ROOT, 'bench', 'results', 'latest.json');
  const previous = await readFile(file, 'utf8').then(
    (text) => z.record(z.string(), z.unknown()).safeParse(JSON.parse(text)).data ?? {},
    () => ({}),
  );
  await writeFile(file, `${JSON.stringify({ ...previous, postgres }, null, 2)}\n`);
  return previous;
}

export async function runPostgres(o: PostgresRun): Promise<void> {
  const { say, plan, shape, framework } = o;
  const info = await serverInfo();
  say(`PostgreSQL ${info.version} (synchronous_commit ${info.synchronousCommit}), ${o.instances} instance(s) of the service`);
  const database = await benchDatabase();
  say(`made database ${database.name}; it is dropped at the end`);
  const fakes = await startFakes();
  const { connector, slack } = fakes;
  const services: Service[] = [];
  try {
    const dataDir = join(o.work, 'data');
    say(`prefilling ${plan.partnerships.toLocaleString('en-GB')} partnerships × ${shape.closedRounds} closed rounds × ${shape.members} members as files`);
    const data = await prefill(
      { dataDir, partnerships: plan.partnerships, closedRounds: shape.closedRounds, members: shape.members, framework, serviceUrl: connector.url, slackTeam: slack.teamId, now: Date.now() },
      (done) => (done % 250 === 0 ? say(`prefill: ${done}/${plan.partnerships}`) : undefined),
    );
    seedFakes(data, { connector, slack });
    const copyStarted = performance.now();
    const copied = await copyFilesToPostgres(dataDir, database.url);
    const copyMs = performance.now() - copyStarted;
    const notCopied = copied.refused.length + copied.unreadable.length + copied.mismatched.length;
    if (notCopied || copied.copied.length !== plan.partnerships) throw new Error(`store:copy copied ${copied.copied.length} of ${plan.partnerships} partnerships (${notCopied} not copied)`);
    say(`copied into PostgreSQL in ${(copyMs / 1000).toFixed(1)} s (member key ${copied.memberKey}); mean document ${(data.meanFileBytes / 1024).toFixed(1)} KB`);

    const signingSecret = randomBytes(16).toString('hex');
    // Each instance gets an empty folder of its own: nothing may be shared but the database.
    const envOf = async (i: number) => {
      const dir = join(o.work, `instance-${i}`);
      await mkdir(dir, { recursive: true });
      return { DATA_DIR: dir, DATABASE_URL: database.url, SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl, MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '' };
    };
    for (let i = 0; i < o.instances; i++) {
      services.push(await startService(await envOf(i), o.nodeOptions));
      say(`instance ${i + 1} answered /healthz ${Math.round(services[i]!.startupMs)} ms after it was spawned`);
    }
    const urls = services.map((s) => s.url);
    const startupMsPerInstance = services.map((s) => Math.round(s.startupMs));
    const pid = services[0]!.process.pid!;

    const builder = new RequestBuilder({ framework, groups: GROUPS, serviceUrl: connector.url, slackTeam: slack.teamId, signingSecret, translator: createTranslator() });
    const pool = new MemberPool(data.members);
    const acks: Ack[] = [];
    const load = (label: string, l: Omit<LoadOptions, 'url' | 'urls' | 'onProgress'>) =>
      answerLoad({ ...l, url: urls[0]!, urls, ...o.progress(label, l.amount, pid) }, pool, builder, framework, acks);

    say(`warm-up: ${plan.warmup} answers, 50 connections (not reported)`);
    const warmup = await load('warm-up', { connections: 50, amount: plan.warmup });
    say(`closed loop: ${plan.closedLoop.toLocaleString('en-GB')} answers over ${shape.connections} connections`);
    const closed = await load('closed loop', { connections: shape.connections, amount: plan.closedLoop });
    say(`closed loop: ${Math.round(closed.acknowledged / closed.seconds)} answers/s`);
    say(`fixed rate: ${plan.openLoop.toLocaleString('en-GB')} answers at ${shape.rate}/s over ${shape.rateConnections} connections`);
    const open = await load('fixed rate', { connections: shape.rateConnections, amount: plan.openLoop, rate: shape.rate, instances: shape.rateInstances, spreadMs: shape.rateSpreadMs });
    const memory = await Promise.all(services.map((s) => memoryOf(s.process.pid!)));
    const rssMbPerInstance = memory.map((m) => Math.round(m.peakMb));
    say(`stopping the instances (SIGTERM); peak RSS ${rssMbPerInstance.join(', ')} MB`);
    const problems: string[] = [];
    for (const s of services.splice(0)) {
      const code = await stop(s.process);
      if (code !== 0) say(`an instance exited with ${code}`);
      problems.push(...s.problems);
    }

    say(`checking ${acks.length.toLocaleString('en-GB')} acknowledged answers through the PostgreSQL store`);
    const store = await PostgresStore.open(database.url, { migrate: false, poolSize: 4 });
    const checked = await verifyStore(store, data.members, acks, framework).finally(() => store.close());
    say(`checked: ${checked.lost} lost, ${checked.duplicated} duplicated, ${checked.unreadable} unreadable`);

    // The ceiling over the connections the instances' pools hold, and over as many as the load's
    // (as far as the server allows): the higher is the ceiling.
    const doc = await ceilingDocument(dataDir);
    const seconds = o.quick ? 5 : 15;
    const spare = (await serverInfo()).spareConnections - 5;
    const counts = [...new Set([o.instances * POOL_PER_INSTANCE, Math.min(shape.connections, spare)].filter((c) => c > 0))];
    const ceilings: Record<string, LoadResult> = {};
    for (const connections of counts) {
      say(`PostgreSQL ceiling: single-row UPDATE of a ${(doc.length / 1024).toFixed(0)} KB JSONB document, ${connections} connections, ${seconds} s`);
      const r = await updateCeiling(database.url, { doc, rows: plan.partnerships, connections, seconds });
      ceilings[`pg UPDATE (${connections} conn)`] = r;
      say(`PostgreSQL ceiling at ${connections} connections: ${Math.round(r.requests / r.seconds)} commits/s`);
    }

    const closedName = `closed loop (${shape.connections} conn)`;
    const openName = `fixed ${shape.rate}/s (${shape.rateConnections} conn)`;
    const phases: Record<string, PhaseFigures> = {
      'warm-up (50 conn)': phaseFigures(warmup),
      [closedName]: phaseFigures(closed),
      [openName]: phaseFigures(open),
      ...Object.fromEntries(Object.entries(ceilings).map(([name, r]) => [name, phaseFigures(r, 'requests')])),
    };
    const ceilingPerSec = Math.max(...Object.keys(ceilings).map((name) => phases[name]!.perSec));
    const figures = {
      instances: o.instances,
      answersPerSec: phases[closedName]!.perSec,
      ceilingPerSec,
      shareOfCeilingPercent: round((100 * phases[closedName]!.perSec) / Math.max(1, ceilingPerSec)),
      p50Ms: phases[openName]!.p50Ms,
      p95Ms: phases[openName]!.p95Ms,
      p99Ms: phases[openName]!.p99Ms,
      lost: checked.lost,
      duplicated: checked.duplicated,
      startupMsPerInstance,
      rssMbPerInstance,
      copyMs: Math.round(copyMs),
    };
    const rows = postgresTargets({ ...figures, connections: shape.connections });
    const result = {
      date: new Date().toISOString(),
      quick: o.quick,
      machine: { ...o.where, busyPercentBefore: o.busy },
      server: { version: info.version, synchronousCommit: info.synchronousCommit },
      service: { command: ['node', ...START_COMMAND.options, ...o.nodeOptions, START_COMMAND.entry].join(' '), instances: o.instances, poolPerInstance: POOL_PER_INSTANCE },
      data: { partnerships: plan.partnerships, closedRounds: shape.closedRounds, members: shape.members, meanDocumentKb: round(data.meanFileBytes / 1024), ceilingDocumentKb: round(doc.length / 1024) },
      ...figures,
      phases,
      verification: checked,
      targets: rows.map((t) => ({ name: t.name, value: t.value, bound: t.bound, met: t.met })),
      serviceLog: { problems: problems.length, first: problems.slice(0, 5) },
    };
    const previous = await writeResult(result);

    process.stdout.write(`\nasesu benchmark on PostgreSQL${o.quick ? ' (quick)' : ''} · ${String(o.where.cpu)} · ${String(o.where.cores)} cores · Node ${process.version} · PostgreSQL ${info.version}\n`);
    process.stdout.write(`${o.instances} instance(s) sharing one database; ${plan.partnerships.toLocaleString('en-GB')} partnerships copied in with store:copy in ${(copyMs / 1000).toFixed(1)} s; peak RSS per instance ${rssMbPerInstance.join(', ')} MB\n`);
    process.stdout.write(`answers/s are ${figures.shareOfCeilingPercent} % of the PostgreSQL ceiling (${ceilingPerSec} commits/s); the machine was ${o.busy} % busy before the run\n\n`);
    process.stdout.write(`${table(rows, phases)}\n\n`);
    const lowdb = z.object({ date: z.string(), quick: z.boolean(), answersPerSec: z.number(), p99Ms: z.number(), rssMb: z.number(), durableBaselinePerSec: z.number() }).safeParse(previous);
    if (lowdb.success) {
      const l = lowdb.data;
      process.stdout.write(
        `beside the last lowdb run (${l.date.slice(0, 10)}${l.quick ? ', quick' : ''}): ${l.answersPerSec} answers/s (${Math.round((100 * l.answersPerSec) / l.durableBaselinePerSec)} % of its durable ceiling), p99 ${l.p99Ms} ms at 300/s, peak RSS ${l.rssMb} MB\n\n`,
      );
    }
    if (problems.length) process.stdout.write(`the instances logged ${problems.length} warning(s) or error(s); the first:\n${problems.slice(0, 3).join('\n')}\n\n`);
    process.stdout.write('written under "postgres" in bench/results/latest.json\n');
  } finally {
    for (const s of services) await stop(s.process);
    await fakes.stop();
    await database.drop();
  }
}
