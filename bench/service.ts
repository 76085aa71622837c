/**
 * Child processes of the benchmark: the real service from the built code, and the reference
 * servers. Start-up is timed from spawn to the first 200 from `/healthz`; the peak resident
 * memory is read from the kernel (`VmHWM`), which remembers it for the process's whole life.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../src/paths.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { BotConnector } from '../test/fakes/bot-connector.js';
import { ENTRY, START_COMMAND } from '../test/support/built-service.js';
import { randomBytes } from 'node:crypto';

/** A port nobody listens on now (the service is told it; with LOG_LEVEL=warn it logs no start-up line). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The running service. */
export interface Service {
  process: ChildProcess;
  url: string;
  startupMs: number;
  /** Log lines at warn level or above, for the report. */
  problems: string[];
}

/** Spawns the built service as `npm start` does (plus `nodeArgs`) and waits for its first 200 from `/healthz`. */
export async function startService(env: Record<string, string>, nodeArgs: string[] = []): Promise<Service> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...START_COMMAND.options, ...nodeArgs, ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const problems: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      // The local-mode warning is expected: the benchmark runs Teams unauthenticated.
      if (!line.includes('LOCAL MODE')) problems.push(line.slice(0, 400));
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  // Every 10 ms: often enough to time start-up closely, seldom enough to leave the starting service its CPU.
  for (;;) {
    if (exited !== null) throw new Error(`the service exited with ${exited} before it answered:\n${problems.join('\n')}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 60_000) throw new Error('the service did not answer /healthz within a minute');
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
  }
  return { process: child, url, startupMs: performance.now() - started, problems };
}

/** Stops a process with SIGTERM and waits for it to exit; returns its exit code. */
export async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exit;
}

/** Peak and current resident memory of a process, in MB (Linux). */
export async function memoryOf(pid: number): Promise<{ peakMb: number; nowMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
}

/** CPU time a process has used so far, in ms (user and system, from /proc/<pid>/stat; Linux). */
export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 1000) / 100;
}

/** How busy the machine's CPUs are over one second, in percent (Linux /proc/stat), to tell when other work would skew a run. */
export async function machineBusy(): Promise<number> {
  const sample = async () => {
    const cpu = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0]?.split(/\s+/).slice(1).map(Number) ?? [];
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return { idle, total: cpu.reduce((a, b) => a + b, 0) };
  };
  const a = await sample();
  await new Promise((r) => setTimeout(r, 1_000));
  const b = await sample();
  return b.total > a.total ? Math.round(100 * (1 - (b.idle - a.idle) / (b.total - a.total))) : 0;
}

/**
 * Spawns a reference server and waits for its port: `bench/reference-server.ts bare|durable
 * <files>`, or `bench/edge-reference.ts <signing secret>` for the service's HTTP edge alone.
 */
export async function startReference(kind: 'bare' | 'durable' | 'edge', arg: string): Promise<{ process: ChildProcess; url: string }> {
  const script = kind === 'edge' ? ['edge-reference.ts', arg] : ['reference-server.ts', kind, arg];
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', join(ROOT, 'bench', script[0]!), ...script.slice(1)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const m = /listening (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`reference server ${kind} exited with ${code}`)));
  });
  return { process: child, url: `http://127.0.0.1:${port}` };
}

/**
 * The loopback Bot Connector and Slack Web API the service talks to during a run. They keep
 * every call for tests to look at; here only the answers matter, so the calls are let go
 * every two seconds. `stop` ends both.
 */
export async function startFakes(): Promise<{ connector: BotConnector; slack: FakeSlackApi; stop(): Promise<void> }> {
  const connector = await new BotConnector().start();
  const slack = await new FakeSlackApi({ token: `xoxb-bench-${randomBytes(6).toString('hex')}` }).start();
  const forget = setInterval(() => {
    connector.calls.length = 0;
    slack.calls.length = 0;
  }, 2_000);
  return {
    connector,
    slack,
    async stop() {
      clearInterval(forget);
      await connector.stop();
      await slack.stop();
    },
  };
}

