import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../src/paths.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('the HTTP server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers the health check with its version and the store state', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0', store: 'lowdb', ok: true, detail: 'ok' });
  });

  it('answers unknown routes with JSON 404', async () => {
    const res = await fetch(`${t.url}/wp-admin`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: 'not_found', message: 'Nothing here: GET /wp-admin' });
  });

  it('refuses bodies over 256 KB with 413 before any handler reads them', async () => {
    const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(256 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
    expect(t.logs.lines.some((l) => l.msg === 'request body too large')).toBe(true);
    // The service is still up.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

function startProcess(env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'index.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the service process', () => {
  it('says in one line what it runs with, never logs secrets, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'asesu-proc-'));
    const child = startProcess({ PORT: '0', DATA_DIR: dataDir, SLACK_SIGNING_SECRET: 'very-secret-signing', SLACK_BOT_TOKEN: 'xoxb-very-secret-token', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.includes('listening on port')) break;
    }
    const started = JSON.parse(lines.find((l) => l.includes('listening on port'))!) as { msg: string; port: number };
    expect(started.msg).toMatch(/^asesu listening on port \d+ · Teams: LOCAL MODE \(unauthenticated; for trying it out only\) · Slack: on · data: /);
    const health = await fetch(`http://127.0.0.1:${started.port}/healthz`);
    expect(health.status).toBe(200);
    child.kill('SIGTERM');
    const rest: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) rest.push(line);
    expect(await exited).toBe(0);
    const all = [...lines, ...rest].join('\n');
    expect(all).toContain('"msg":"stopped"');
    expect(all).not.toContain('very-secret');
  });

  it('stops at start-up with one line naming a bad variable', async () => {
    const child = startProcess({ TIME_ZONE: 'Nowhere/Special' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').filter((l) => !l.includes('DeprecationWarning') && !l.includes('trace-deprecation'))).toEqual([
      'asesu: configuration: TIME_ZONE: an IANA time zone such as Europe/London',
    ]);
  });
});
