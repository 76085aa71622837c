/** The benchmark's results: the figures, the targets they are held to, a table for people and JSON for tools. */
import { cpus, release, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import type { LoadResult } from './load.js';
import { latencySummary, round } from './stats.js';

/** Latency and rate of one phase. */
export interface PhaseFigures {
  /** Requests counted (a staggered load: while every instance ran), and all sent. */
  requests: number;
  sent: number;
  counted?: string;
  acknowledged: number;
  notAcknowledged: number;
  errors: number;
  seconds: number;
  perSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  teams?: { p50Ms: number; p95Ms: number; p99Ms: number };
  slack?: { p50Ms: number; p95Ms: number; p99Ms: number };
  /** The page that finishes a form (thank-you message, round card refresh) and the pages before it. */
  lastPage?: { p50Ms: number; p95Ms: number; p99Ms: number };
  otherPages?: { p50Ms: number; p95Ms: number; p99Ms: number };
}

/** A load's figures; its rate counts acknowledged answers (the service) or every response (a reference). */
export function phaseFigures(r: LoadResult, counted: 'acknowledged' | 'requests' = 'acknowledged'): PhaseFigures {
  const all = latencySummary(r.latenciesMs);
  const short = (samples: number[]) => {
    const s = latencySummary(samples);
    return { p50Ms: round(s.p50Ms), p95Ms: round(s.p95Ms), p99Ms: round(s.p99Ms) };
  };
  return {
    requests: r.requests,
    sent: r.all.requests,
    ...(r.steady ? { counted: `${r.steady.fromS.toFixed(1)}–${r.steady.toS.toFixed(1)} s` } : {}),
    acknowledged: r.acknowledged,
    notAcknowledged: r.all.notAcknowledged,
    errors: r.errors,
    seconds: round(r.seconds, 2),
    perSec: Math.round((counted === 'acknowledged' ? r.acknowledged : r.requests) / r.seconds),
    p50Ms: round(all.p50Ms),
    p95Ms: round(all.p95Ms),
    p99Ms: round(all.p99Ms),
    maxMs: round(all.maxMs),
    ...(r.byPlatform.teams.length ? { teams: short(r.byPlatform.teams) } : {}),
    ...(r.byPlatform.slack.length ? { slack: short(r.byPlatform.slack) } : {}),
    ...(r.byPage.last.length ? { lastPage: short(r.byPage.last), otherPages: short(r.byPage.others) } : {}),
  };
}

/** The machine the figures came from. */
export function machine(dir: string): { cpu: string; cores: number; memoryGb: number; node: string; kernel: string; fileSystem: string } {
  let fileSystem = 'unknown';
  try {
    // The longest mount point the data folder is under names its file system.
    let best = '';
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (mount && type && dir.startsWith(mount) && mount.length > best.length) {
        best = mount;
        fileSystem = type;
      }
    }
  } catch {
    // Not Linux: leave it unknown.
  }
  return { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, kernel: release(), fileSystem };
}

/** One target: the figure, the bound, and whether it holds. */
export interface Target {
  name: string;
  value: number;
  unit: string;
  bound: string;
  met: boolean;
}

/** The issue's targets, each with the figure held to it. */
export function targets(r: {
  answersPerSec: number;
  durableBaselinePerSec: number;
  durableP99AtRateMs: number;
  edgePerSec: number;
  edgeP99AtRateMs: number;
  p99Ms: number;
  startupMs: number;
  summaryMs: number;
  rssMb: number;
  lost: number;
  duplicated: number;
}): Target[] {
  const half = Math.round(r.durableBaselinePerSec / 2);
  return [
    { name: 'answers/s, closed loop, 200 connections', value: r.answersPerSec, unit: '/s', bound: `≥ ${n(half)} (50 % of the durable ceiling; the edge alone: ${n(r.edgePerSec)}/s)`, met: r.answersPerSec >= half },
    { name: 'p99 of an answer at 300 answers/s', value: r.p99Ms, unit: 'ms', bound: `≤ 50 ms (the writes alone: ${n(r.durableP99AtRateMs)} ms; the edge alone: ${n(r.edgeP99AtRateMs)} ms)`, met: r.p99Ms <= 50 },
    { name: 'start-up to a 200 from /healthz', value: r.startupMs, unit: 'ms', bound: '≤ 1,500 ms', met: r.startupMs <= 1500 },
    { name: 'summary of 2,000 responses', value: r.summaryMs, unit: 'ms', bound: '≤ 20 ms', met: r.summaryMs <= 20 },
    { name: 'peak RSS of the service', value: r.rssMb, unit: 'MB', bound: '≤ 300 MB', met: r.rssMb <= 300 },
    { name: 'acknowledged answers lost', value: r.lost, unit: '', bound: '0', met: r.lost === 0 },
    { name: 'acknowledged answers duplicated', value: r.duplicated, unit: '', bound: '0', met: r.duplicated === 0 },
  ];
}

const n = (v: number) => v.toLocaleString('en-GB');

/** The results as a plain-text table. */
export function table(rows: Target[], phases: Record<string, PhaseFigures>): string {
  const lines: string[] = [];
  const pad = (s: string, w: number) => s.padEnd(w);
  lines.push(`${pad('', 44)}${pad('measured', 14)}${pad('target', 76)}`);
  for (const t of rows) lines.push(`${pad(t.name, 44)}${pad(`${n(t.value)}${t.unit && t.unit !== '/s' ? ` ${t.unit}` : t.unit}`, 14)}${pad(t.bound, 76)}${t.met ? 'met' : 'NOT MET'}`);
  lines.push('');
  lines.push(`${pad('phase', 26)}${pad('requests', 10)}${pad('per s', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}not acked`);
  for (const [name, p] of Object.entries(phases)) {
    lines.push(`${pad(name, 26)}${pad(n(p.sent), 10)}${pad(n(p.perSec), 9)}${pad(String(p.p50Ms), 9)}${pad(String(p.p95Ms), 9)}${pad(String(p.p99Ms), 9)}${pad(String(p.maxMs), 9)}${p.notAcknowledged + p.errors}`);
  }
  for (const [name, p] of Object.entries(phases)) {
    const parts = [
      p.teams && `Teams ${p.teams.p50Ms}/${p.teams.p99Ms}`,
      p.slack && `Slack ${p.slack.p50Ms}/${p.slack.p99Ms}`,
      p.otherPages && `pages 1–4 ${p.otherPages.p50Ms}/${p.otherPages.p99Ms}`,
      p.lastPage && `last page ${p.lastPage.p50Ms}/${p.lastPage.p99Ms}`,
    ].filter(Boolean);
    if (p.counted) parts.push(`counted ${p.counted} of the run (${n(p.requests)} requests)`);
    if (parts.length) lines.push(`  ${name}, p50/p99 ms: ${parts.join(' · ')}`);
  }
  return lines.join('\n');
}
