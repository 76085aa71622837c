import { INVOKE } from '../../src/channels/teams/actions.js';
import { partnershipId } from '../../src/services/index.js';
import { BotConnector } from '../fakes/bot-connector.js';
import { startTestApp, TestClock, type TestApp } from '../support/app.js';
import { answerOpenRound, TWO_ROUNDS } from '../support/history.js';
import { actionsOf, BOT, cardOf, CHANNEL, TeamsClient, textsOf, user } from './client.js';

/** `history` and `report` in a Teams channel, after two closed rounds, through the real server. */

const alice = user('Alice'); // secretariat
const tom = user('Tom');
const DAY = 24 * 3_600_000;

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('history and report on Teams', () => {
  let connector: BotConnector;
  let t: TestApp;
  let teams: TeamsClient;
  const clock = new TestClock(Date.UTC(2026, 2, 2, 10, 0));
  const pid = partnershipId('teams', CHANNEL);

  beforeAll(async () => {
    connector = await new BotConnector().start();
    t = await startTestApp({ DEFAULT_LANGUAGE: 'en', PUBLIC_URL: 'https://asesu.example.org/' }, { clock });
    teams = new TeamsClient(t.url, connector);
    connector.members.set(CHANNEL, [alice, tom, user('Carys'), BOT].map((m) => ({ id: m.id, name: m.name })));
    await teams.install(alice);
    for (const responses of TWO_ROUNDS) {
      await teams.say(alice, 'start 7d');
      await answerOpenRound(t.app.store, pid, responses);
      await teams.say(alice, 'close');
      clock.advance(90 * DAY);
    }
  });
  afterAll(async () => {
    await t.stop();
    await connector.stop();
  });

  const lastCard = () => cardOf(connector.calls.filter((c) => c.method === 'reply' || c.method === 'send').at(-1));

  test('the summary card has a History button', () => {
    const summary = connector.posted(CHANNEL).map((c) => cardOf(c)).filter((c) => textsOf(c).includes('Summary of review round 2')).at(-1)!;
    expect(actionsOf(summary)).toContainEqual({ title: 'History', verb: 'history' });
  });

  test('history posts the chart in the conversation, served from an unguessable address, with every figure as text', async () => {
    expect((await teams.say(tom, 'history')).status).toBe(200);
    const card = lastCard()!;
    const images = (card.body as { type: string; url: string; altText: string; targetWidth?: string }[]).filter((b) => b.type === 'Image');
    expect(images.map((i) => i.targetWidth)).toEqual(['atMost:narrow', 'atLeast:standard']);
    expect(images[0]!.altText).toMatch(/^A chart of every characteristic's score/);
    const texts = textsOf(card).join('\n');
    expect(texts).toContain('1. Clear purpose and focus — Round 1: 4.3 (Strength); Round 2: 4.7 (Strength).');
    // Only two answered "cascade" in round 2: a gap, never a point.
    expect(texts).toContain('4. How information and decisions cascade — Round 1: 2.7 (Priority); Round 2: too few answers.');
    expect(texts).toContain('Response rate — Round 1: 3/3 (100%); Round 2: 3/3 (100%).');
    const sizes = [];
    for (const image of images) {
      expect(image.url).toMatch(/^https:\/\/asesu\.example\.org\/media\/[0-9a-f]{48}\.png$/);
      const res = await fetch(image.url.replace('https://asesu.example.org', t.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      sizes.push(pngSize(Buffer.from(await res.arrayBuffer())));
    }
    expect(sizes[0]!.width).toBeLessThan(sizes[1]!.width);
    for (const s of sizes) expect(Math.max(s.width, s.height)).toBeLessThanOrEqual(1024);
    expect((await fetch(`${t.url}/media/${'0'.repeat(48)}.png`)).status).toBe(404);
    expect((await fetch(`${t.url}/media/..%2Fpackage.json`)).status).toBe(404);
  });

  test('the History button posts the same chart', async () => {
    const before = connector.calls.length;
    await teams.send(teams.activity(tom, { type: 'message', value: { verb: 'history' } }));
    const card = lastCard()!;
    expect(connector.calls.length).toBeGreaterThan(before);
    expect(textsOf(card)[0]).toBe('Scores over time');
  });

  test('a partner asking for the report is refused privately', async () => {
    await teams.say(tom, 'report');
    expect(connector.privateTexts(tom.id).at(-1)).toBe("Only the partnership's secretariat can do that. If it needs doing, please ask one of them: Alice.");
  });

  test('report sends the secretariat a file consent card privately; accepting uploads the HTML report', async () => {
    await teams.say(alice, 'report');
    const consent = connector.posted(connector.personalChatOf(alice.id)).map((c) => c.body.attachments).flat().find((a) => JSON.stringify(a).includes('file.consent'));
    const content = (consent as { content: { acceptContext: { exportId: string }; description: string } }).content;
    expect(content.description).toBe('asesu-report-2026-08-29.html: the report for the board, for you only. Accept to save it to your OneDrive.');
    await teams.invoke(alice, INVOKE.fileConsent, { type: 'fileUpload', action: 'accept', context: content.acceptContext, uploadInfo: { name: 'r.html', uploadUrl: `${connector.url}upload/r.html`, contentUrl: `${connector.url}files/r.html`, uniqueId: 'u3', fileType: 'html' } });
    const html = String(connector.calls.find((c) => c.method === 'upload')!.body.text);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>Report for the board</h1>');
    expect(html).toContain('<svg');
    // Nothing in the channel says it.
    expect(connector.posted(CHANNEL).some((c) => JSON.stringify(c.body).includes('report for the board'))).toBe(false);
  });
});
