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
}

/** How one load runs. */
export interface LoadOptions {
  url: string;
  connections: number;
  amount: number;
  /** Requests per second across all connections; closed loop when absent. */
  rate?: number;
  /**
   * Instances the connections are spread over, started evenly through one second. autocannon
   * releases each connection's per-second quota at the same instant, so one instance at 300/s
   * sends 200 requests at once every second; staggered instances send a few every few ms.
   */
  instances?: number;
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
  const result: LoadResult = { requests: 0, acknowledged: 0, refused: 0, errors: 0, seconds: 0, latenciesMs: [], byPlatform: { teams: [], slack: [] }, byPage: { last: [], others: [] } };
  // onResponse runs just before autocannon's 'response' event for the same request, so it can say what that request was.
  let lastPlatform: BenchMember['platform'] = 'teams';
  let lastPage = 0;

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
      if (acknowledged(member.platform, framework, page, status, body)) {
        result.acknowledged++;
        acks.push({ member: walk.member, page, delivery: walk.deliveries[page]! });
      } else {
        result.refused++;
        if (result.refused <= 3) process.stderr.write(`\n  not acknowledged (${member.platform}, page ${page + 1}, ${status}): ${body.slice(0, 300)}\n`);
      }
    },
  }));

  const instances = o.instances ?? 1;
  // From the first request to the last response: autocannon itself finishes on its next one-second tick.
  const started = performance.now();
  let lastResponse = started;
  const runs: Promise<void>[] = [];
  for (let i = 0; i < instances; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 1000 / instances));
    runs.push(
      new Promise<void>((resolve, reject) => {
        const instance = autocannon(
          {
            url: o.url,
            connections: Math.max(1, Math.round(o.connections / instances)),
            amount: Math.round(o.amount / instances),
            ...(o.rate ? { overallRate: o.rate / instances } : {}),
            timeout: 30,
            requests,
            skipAggregateResult: true,
          },
          (error, done) => {
            if (error) reject(error instanceof Error ? error : new Error(String(error)));
            else {
              result.errors += done.errors;
              resolve();
            }
          },
        );
        instance.on('response', (_client, _status, _bytes, responseTime) => {
          lastResponse = performance.now();
          result.requests++;
          result.latenciesMs.push(responseTime);
          result.byPlatform[lastPlatform].push(responseTime);
          (lastPage === pages - 1 ? result.byPage.last : result.byPage.others).push(responseTime);
          if (result.requests % 500 === 0) o.onProgress?.(result.requests);
        });
      }),
    );
  }
  await Promise.all(runs);
  result.seconds = (lastResponse - started) / 1000;
  return result;
}

/** A plain POST load against a reference server: requests per second and latencies. */
export async function referenceLoad(o: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { requests: 0, acknowledged: 0, refused: 0, errors: 0, seconds: 0, latenciesMs: [], byPlatform: { teams: [], slack: [] }, byPage: { last: [], others: [] } };
  const started = performance.now();
  let lastResponse = started;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      { url: o.url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ok":true}', connections: o.connections, amount: o.amount, timeout: 30, skipAggregateResult: true },
      (error, done) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else {
          result.errors += done.errors;
          result.acknowledged = done['2xx'];
          resolve();
        }
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      lastResponse = performance.now();
      result.requests++;
      result.latenciesMs.push(responseTime);
      if (result.requests % 2000 === 0) o.onProgress?.(result.requests);
    });
  });
  result.seconds = (lastResponse - started) / 1000;
  return result;
}
