import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { Clock } from '../../src/services/ports.js';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(public at: number = Date.UTC(2026, 2, 2, 10, 0)) {}
  now(): number {
    return this.at;
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** Log lines written during a test, parsed. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

export interface TestApp {
  app: App;
  config: Config;
  dataDir: string;
  url: string;
  logs: LogCapture;
  stop(): Promise<void>;
}

/** The real service on a free loopback port, with its data in a fresh temporary folder. */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'asesu-test-'));
  // Tests listen on loopback, so the configuration says so (which also allows Teams local mode).
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'debug', HOST: '127.0.0.1', ...env });
  const logs = new LogCapture();
  const app = await createApp(config, createLogger('debug', logs), { cardIntervalMs: 50, schedulerTimer: false, ...options });
  const port = await app.listen(0, '127.0.0.1');
  return {
    app,
    config,
    dataDir,
    url: `http://127.0.0.1:${port}`,
    logs,
    async stop() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
