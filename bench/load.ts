/**
 * The load: autocannon connections, each walking one member at a time through every page of
 * their form (a `requests` entry per page, the member kept in the connection's context), and
 * recording which pages the service acknowledged. Latency is each request's own response
 * time, from autocannon's `response` event.
 */
import autocannon from 'autocannon';
import type { Framework } from '../src/domain/framework.js';
import { pageAnswers, random, type BenchMember } from './prefill.js';
import { acknowledged, type PageAnswers, type RequestBuilder } from './requests.js';

/** What one acknowledged page was: who, which page, and the delivery the service remembers. */
export interface Ack {
  member: number;
  page: number;
  delivery: string;
}

/** A load's outcome. */
export interface LoadResult {
  requests: number;
  acknowledged: number;
  refused: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
  byPlatform: Record<BenchMember['platform'], number[]>;
  /** Latencies of the last page of a form (the one that finishes it) and of the others. */
  byPage: { last: number[]; others: number[] };
  /** For a staggered load: the part of it counted, while every instance was running. */
  steady?: { fromS: number; toS: number };
  /** The whole load, ramps included. */
  all: { requests: number; notAcknowledged: number };
}

function emptyResult(): LoadResult {
  return { requests: 0, acknowledged: 0, refused: 0, errors: 0, seconds: 0, latenciesMs: [], byPlatform: { teams: [], slack: [] }, byPage: { last: [], others: [] }, all: { requests: 0, notAcknowledged: 0 } };
}

/** How one load runs. */
export interface LoadOptions {
  url: string;
  /**
   * Several instances of the service: the load's autocannon instances take these in turn
   * (round robin), so each service gets an equal share of the connections. `url` when absent.
   */
  urls?: string[];
  connections: number;
  amount: number;
  /** Requests per second across all connections; closed loop when absent. */
  rate?: number;
  /**
   * Instances the connections are spread over, their starts spread evenly over `spreadMs`.
   * autocannon releases each connection's per-second quota at the same instant, so one
   * instance at 300/s sends 300 requests at once every second; staggered instances send a few
   * every few ms. Spread over the time one questionnaire takes, members are at every page at
   * any moment (else they all finish together, and thank-yous and card updates come in waves).
   */
  instances?: number;
  spreadMs?: number;
  onProgress?: (done: number) => void;
}

/** The answers of one member's page: the same every time they are asked for, so the store can be checked later. */
export function answersOf(framework: Framework, member: number, page: number): PageAnswers {
  const lean = 2 + random(member * 31 + 7)() * 3;
  return pageAnswers(framework, page, random(member * 97 + page * 13 + 1), lean);
}

/** Hands out members who have not answered yet, in a shuffled order across partnerships. */
export class MemberPool {
  private next = 0;
  private readonly order: number[];

  constructor(readonly members: BenchMember[]) {
    const rnd = random(20_260_302);
    this.order = members.map((_, i) => i);
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    }
  }

  get left(): number {
    return this.order.length - this.next;
  }

  take(): number {
    const index = this.order[this.next++];
    if (index === undefined) throw new Error('the benchmark ran out of members who have not answered');
    return index;
  }
}

/** Drives members' answers into the service; every acknowledged page is added to `acks`. */
export async function answerLoad(o: LoadOptions, pool: MemberPool, builder: RequestBuilder, framework: Framework, acks: Ack[]): Promise<LoadResult> {
  const pages = framework.characteristics.length;
  const needed = Math.ceil(o.amount / pages) + o.connections;
  if (pool.left < needed) throw new Error(`${needed} fresh members needed, ${pool.left} left`);
  const walks = new WeakMap<object, { member: number; deliveries: string[] }>();
  const result = emptyResult();
  const samples: { at: number; ms: number; platform: BenchMember['platform']; last: boolean; acked: boolean }[] = [];
  // onResponse runs just before autocannon's 'response' event for the same request, so it can say what that request was.
  let lastPlatform: BenchMember['platform'] = 'teams';
  let lastPage = 0;
  let lastAcked = false;
  let notAcked = 0;

  const requests: autocannon.Request[] = Array.from({ length: pages }, (_, page) => ({
    method: 'POST',
    setupRequest: (request, context) => {
      let walk = walks.get(context);
      if (!walk || page === 0) {
        walk = { member: pool.take(), deliveries: [] };
        walks.set(context, walk);
      }
      const member = pool.members[walk.member]!;
      const built = builder.page(member, walk.member, page, answersOf(framework, walk.member, page));
      walk.deliveries[page] = built.delivery;
      return { ...request, path: built.path, headers: built.headers, body: built.body };
    },
    onResponse: (status, body, context) => {
      const walk = walks.get(context);
      if (!walk) return;
      const member = pool.members[walk.member]!;
      lastPlatform = member.platform;
      lastPage = page;
      lastAcked = acknowledged(member.platform, framework, page, status, body);
      if (lastAcked) {
        acks.push({ member: walk.member, page, delivery: walk.deliveries[page]! });
      } else {
        if (++notAcked <= 3) process.stderr.write(`\n  not acknowledged (${member.platform}, page ${page + 1}, ${status}): ${body.slice(0, 300)}\n`);
      }
    },
  }));

  const { started, ended, counted, steady, errors } = await staggered(
    o,
    (url) => ({ url, requests }),
    (responseTime, at) => {
      samples.push({ at, ms: responseTime, platform: lastPlatform, last: lastPage === pages - 1, acked: lastAcked });
      if (samples.length % 500 === 0) o.onProgress?.(samples.length);
    },
    () => samples,
  );
  result.errors += errors;
  if (steady) result.steady = steady;
  for (const x of counted) {
    result.requests++;
    if (x.acked) result.acknowledged++;
    else result.refused++;
    result.latenciesMs.push(x.ms);
    result.byPlatform[x.platform].push(x.ms);
    (x.last ? result.byPage.last : result.byPage.others).push(x.ms);
  }
  result.seconds = (ended - started) / 1000;
  result.all = { requests: samples.length, notAcknowledged: notAcked };
  return result;
}

/**
 * Runs a load as `o.instances` autocannon instances (at least one per URL), their starts spread
 * evenly over `o.spreadMs`, each with its share of the connections, the amount and the rate.
 * Returns the samples counted: from the first request to the last response, or for a
 * staggered load only while every instance runs, not its ramps.
 */
async function staggered<S extends { at: number }>(
  o: LoadOptions,
  options: (url: string) => autocannon.Options,
  onResponse: (responseTime: number, at: number) => void,
  samples: () => S[],
): Promise<{ started: number; ended: number; counted: S[]; steady?: { fromS: number; toS: number }; errors: number }> {
  const urls = o.urls?.length ? o.urls : [o.url];
  const instances = Math.max(o.instances ?? 1, urls.length);
  const spreadMs = o.spreadMs ?? 0;
  const started = performance.now();
  let errors = 0;
  const runs: Promise<void>[] = [];
  for (let i = 0; i < instances; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, spreadMs / instances));
    runs.push(
      new Promise<void>((resolve, reject) => {
        const share = {
          connections: Math.max(1, Math.round(o.connections / instances)),
          amount: Math.round(o.amount / instances),
          ...(o.rate ? { overallRate: o.rate / instances } : {}),
        };
        const instance = autocannon({ ...options(urls[i % urls.length]!), ...share, timeout: 30, skipAggregateResult: true }, (error, done) => {
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else {
            errors += done.errors;
            resolve();
          }
        });
        instance.on('response', (_client, _status, _bytes, responseTime) => onResponse(responseTime, performance.now()));
      }),
    );
  }
  await Promise.all(runs);
  // autocannon itself ends on its next one-second tick: the load ended with its last response.
  const all = samples();
  const ended = all.at(-1)?.at ?? started;
  const from = started + spreadMs;
  const to = ended - spreadMs;
  if (!(spreadMs > 0 && to > from)) return { started, ended, counted: all, errors };
  return { started: from, ended: to, counted: all.filter((x) => x.at >= from && x.at <= to), steady: { fromS: (from - started) / 1000, toS: (to - started) / 1000 }, errors };
}

/** A plain POST load against a reference server: requests per second and latencies (at a fixed rate too, staggered like answerLoad). */
export async function referenceLoad(o: LoadOptions): Promise<LoadResult> {
  const result = emptyResult();
  const samples: { at: number; ms: number; ok: boolean }[] = [];
  let lastOk = false;
  const { started, ended, counted, steady, errors } = await staggered(
    o,
    (url) => ({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
      requests: [{ onResponse: (status) => void (lastOk = status >= 200 && status < 300) }],
    }),
    (responseTime, at) => {
      samples.push({ at, ms: responseTime, ok: lastOk });
      if (samples.length % 2000 === 0) o.onProgress?.(samples.length);
    },
    () => samples,
  );
  result.errors = errors;
  if (steady) result.steady = steady;
  for (const x of counted) {
    result.requests++;
    if (x.ok) result.acknowledged++;
    result.latenciesMs.push(x.ms);
  }
  result.seconds = (ended - started) / 1000;
  result.all = { requests: samples.length, notAcknowledged: samples.filter((x) => !x.ok).length };
  return result;
}
