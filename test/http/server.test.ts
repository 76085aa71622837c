import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGzip } from 'node:zlib';
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

  it('refuses compressed bodies unread on every route, so a small gzip cannot become hundreds of megabytes', async () => {
    const bomb = await gzipOf(200 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = process.memoryUsage().rss;
    const posts = ['/api/messages', '/slack/events', '/api/messages', '/slack/events'].map((path) =>
      fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb }),
    );
    const answers = await Promise.all(posts);
    expect(answers.map((r) => r.status)).toEqual([415, 415, 415, 415]);
    expect(await answers[0]!.json()).toEqual({ error: 'unsupported_encoding', message: 'Request bodies must not be compressed (Content-Encoding: identity only).' });
    // Four inflated bodies would be 800 MB; the service holds none of them.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('accepts only JSON on /api/messages, refusing a form or text before any handler', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'type=message&text=start'],
      ['text/plain', JSON.stringify({ type: 'message', text: 'start' })],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\nmessage\r\n--x--'],
    ]) {
      const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': type! }, body: body! });
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({ error: 'unsupported_media_type', message: 'Bot Framework activities are sent as application/json.' });
    }
  });
});

/** `size` bytes of JSON-looking text, gzipped, made a megabyte at a time. */
async function gzipOf(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const block = Buffer.alloc(1024 * 1024, 'a');
  gzip.write('{"type":"message","text":"');
  for (let written = 0; written < size; written += block.length) {
    if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end('"}');
  await done;
  return Buffer.concat(chunks);
}

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
    // With Slack's secrets this is a deployment: every interface, and Teams off without an app id.
    expect(started.msg).toMatch(/^asesu listening on port \d+ \(0\.0\.0\.0\) · Teams: off \(set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to turn it on\) · Slack: on · data: /);
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

  it('with nothing configured (the README try-out) listens on loopback only, with Teams in local mode', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'asesu-proc-'));
    const child = startProcess({ PORT: '0', DATA_DIR: dataDir });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let started: { msg: string; port: number } | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.includes('listening on port')) {
        started = JSON.parse(line) as { msg: string; port: number };
        break;
      }
    }
    expect(started!.msg).toMatch(/^asesu listening on port \d+ \(127\.0\.0\.1\) · Teams: LOCAL MODE \(unauthenticated; for trying it out only\) · Slack: off/);
    // What the Agents Playground sends, without a token, to http://127.0.0.1:3978/api/messages.
    const activity = {
      type: 'installationUpdate',
      action: 'remove',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/_connector',
      from: { id: 'user-id-0', name: 'Alex' },
      recipient: { id: '00000000-0000-0000-0000-00000000000011', name: 'asesu' },
      conversation: { id: 'personal-chat-id', conversationType: 'personal' },
    };
    const res = await fetch(`http://127.0.0.1:${started!.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
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
