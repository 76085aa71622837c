/** Teams against two instances on one PostgreSQL database: a resend or a consent may reach either. */
import { jest } from '@jest/globals';
import { INVOKE } from '../../src/channels/teams/actions.js';
import { partnershipId } from '../../src/services/index.js';
import { BotConnector } from '../fakes/bot-connector.js';
import { startTestApp, TestClock, type TestApp } from '../support/app.js';
import { BOT, CHANNEL, TeamsClient, user } from '../teams/client.js';
import { describePostgres, freshDatabase } from './pg-support.js';

const alice = user('Alice');
const tom = user('Tom');

describePostgres('Teams on two instances sharing PostgreSQL', () => {
  // Each test starts services and databases of its own: on a loaded machine that takes longer than the default.
  jest.setTimeout(120_000);
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let connector: BotConnector;
  let first: TestApp;
  let second: TestApp;
  let viaFirst: TeamsClient;
  let viaSecond: TeamsClient;
  const pid = partnershipId('teams', CHANNEL);

  beforeAll(async () => {
    db = await freshDatabase();
    connector = await new BotConnector().start();
    const clock = new TestClock(Date.UTC(2026, 2, 2, 10, 0));
    first = await startTestApp({ DATABASE_URL: db.url }, { clock });
    second = await startTestApp({ DATABASE_URL: db.url }, { clock });
    viaFirst = new TeamsClient(first.url, connector);
    viaSecond = new TeamsClient(second.url, connector);
    connector.members.set(CHANNEL, [alice, tom, BOT].map((m) => ({ id: m.id, name: m.name })));
    await viaFirst.install(alice);
  });
  afterAll(async () => {
    await Promise.allSettled([first.stop(), second.stop()]);
    await connector.stop();
    await db.drop();
  });

  test('a message Teams delivers again to the other instance is handled once', async () => {
    const message = viaFirst.activity(tom, { type: 'message', text: '<at>asesu</at> status', entities: [{ type: 'mention', text: '<at>asesu</at>', mentioned: BOT }] }, 'thread-x');
    await viaFirst.send(message);
    await viaSecond.send(message);
    expect(connector.privateTexts(tom.id)).toHaveLength(1);
    expect(second.logs.lines.some((l) => l.msg === 'message delivered again; already handled')).toBe(true);
  });

  test('an export asked for on one instance is delivered when the member accepts on the other', async () => {
    await viaFirst.say(alice, 'start 5m');
    const round = (await first.app.services.get(pid))!.rounds[0]!;
    await first.app.services.closeRound(pid, { roundId: round.id });
    await viaFirst.say(alice, 'export');
    const consent = connector.posted(connector.personalChatOf(alice.id)).map((c) => c.body.attachments).flat().find((a) => JSON.stringify(a).includes('file.consent'));
    const context = (consent as { content: { acceptContext: { exportId: string } } }).content.acceptContext;
    const accepted = await viaSecond.invoke(alice, INVOKE.fileConsent, { type: 'fileUpload', action: 'accept', context, uploadInfo: { name: 'asesu-1.csv', uploadUrl: `${connector.url}upload/asesu-1.csv`, contentUrl: `${connector.url}files/asesu-1.csv`, uniqueId: 'u2', fileType: 'csv' } });
    expect(accepted.status).toBe(200);
    expect(String(connector.calls.find((c) => c.method === 'upload')?.body.text)).toContain('Characteristic');
  });

  test('a chart image drawn on one instance is served by the other, and only under its token', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const token = await first.app.media.put(png, 'image/png');
    const served = await fetch(`${second.url}/media/${token}.png`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
    expect((await fetch(`${second.url}/media/${'0'.repeat(48)}.png`)).status).toBe(404);
  });
});
