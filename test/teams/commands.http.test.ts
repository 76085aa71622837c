import { partnershipId } from '../../src/services/index.js';
import { INVOKE } from '../../src/channels/teams/actions.js';
import { BotConnector, readable } from '../fakes/bot-connector.js';
import { startTestApp, TestClock, type TestApp } from '../support/app.js';
import { BOT, cardOf, CHANNEL, paragraphsOf, TeamsClient, textsOf, user } from './client.js';

const alice = user('Alice');
const sara = user('Sara', 'cy-GB');
const tom = user('Tom');

describe('Teams commands', () => {
  let connector: BotConnector;
  let t: TestApp;
  let channel: TeamsClient;
  const pid = partnershipId('teams', CHANNEL);

  // Each test gets its own server and data; those that need the bot in the channel install it.
  beforeEach(async () => {
    connector = await new BotConnector().start();
    t = await startTestApp({}, { clock: new TestClock(Date.UTC(2026, 2, 2, 10, 0)) });
    channel = new TeamsClient(t.url, connector);
    connector.members.set(CHANNEL, [alice, sara, tom, BOT].map((m) => ({ id: m.id, name: m.name })));
  });
  afterEach(async () => {
    await t.stop();
    await connector.stop();
  });

  /** Alice adds the bot to the channel, and so is its secretariat. */
  async function installed(): Promise<void> {
    if ((await channel.install(alice)).status !== 200) throw new Error('install refused');
  }

  test('the welcome card of a cy+en partnership is Welsh first, with one body per language', async () => {
    await channel.install(alice);
    const texts = textsOf(cardOf(connector.posted(CHANNEL)[0]));
    expect(texts[0]).toBe('Helo! asesu ydw i. / Hello from asesu');
    expect(texts.findIndex((x) => x.startsWith("Rwy'n helpu"))).toBeLessThan(texts.findIndex((x) => x.startsWith('I help')));
  });

  test('an unknown word gets a one-line hint, privately, in the sender’s language', async () => {
    await installed();
    const before = connector.posted(CHANNEL).length;
    await channel.say(sara, 'helo');
    expect(connector.privateTexts(sara.id)).toEqual(['Dydw i ddim yn deall "helo". Teipiwch @asesu cymorth i weld beth allwch chi ei wneud.']);
    expect(connector.posted(CHANNEL)).toHaveLength(before);
  });

  test('a Welsh command with a mention adds to the secretariat, and the change is announced in the thread', async () => {
    await installed();
    await channel.say(alice, 'ysgrifenyddiaeth ychwanegu', [sara]);
    expect((await t.app.services.get(pid))!.secretariat.map((m) => m.id)).toEqual([alice.id, sara.id]);
    const reply = connector.calls.filter((c) => c.method === 'reply').pop()!;
    expect(reply.conversationId).toMatch(/^19:partnership@thread\.tacv2;messageid=/);
    // Each paragraph is a block of its own, so no Teams client runs them together.
    expect(paragraphsOf(reply)).toEqual(['Ychwanegwyd at yr ysgrifenyddiaeth: Sara', 'Added to the secretariat: Sara']);
    expect(reply.body.summary).toBe('Ychwanegwyd at yr ysgrifenyddiaeth: Sara');
  });

  test('a message Teams delivers twice is handled once', async () => {
    await installed();
    const message = channel.activity(tom, { type: 'message', text: '<at>asesu</at> status', entities: [{ type: 'mention', text: '<at>asesu</at>', mentioned: BOT }] }, 'thread-x');
    await channel.send(message);
    await channel.send(message);
    expect(connector.privateTexts(tom.id)).toHaveLength(1);
  });

  test('in a personal chat, commands are plain text and the reply is the chat', async () => {
    await installed();
    const personal = new TeamsClient(t.url, connector, { id: 'a:personal-chat-tom', conversationType: 'personal', isGroup: false });
    await personal.say(tom, 'help');
    const replies = connector.calls.filter((c) => c.conversationId === 'a:personal-chat-tom');
    expect(replies).toHaveLength(1);
    expect(readable(replies[0]!)).toContain('What you can do');
    // One line of help per block: the list reads as a list, not one run-on paragraph.
    const lines = (cardOf(replies[0])?.body as { items: unknown[] }[]).flatMap((block) => block.items);
    expect(lines.length).toBeGreaterThan(8);
    expect(textsOf(lines[0])).toEqual(['What you can do']);
  });

  test('export sends a file consent card privately; accepting uploads the CSV and sends the file', async () => {
    await installed();
    await channel.say(alice, 'start 5m');
    const round = (await t.app.services.get(pid))!.rounds[0]!;
    await t.app.services.closeRound(pid, { roundId: round.id });
    await channel.say(alice, 'export');
    const consent = connector.posted(connector.personalChatOf(alice.id)).map((c) => c.body.attachments).flat().find((a) => JSON.stringify(a).includes('file.consent'));
    const content = (consent as { content: { acceptContext: { exportId: string }; description: string } }).content;
    expect(content.description).toMatch(/^asesu-1-2026-03-02\.csv: /);
    // Someone else cannot take it.
    await channel.invoke(tom, INVOKE.fileConsent, { type: 'fileUpload', action: 'accept', context: content.acceptContext, uploadInfo: { name: 'x.csv', uploadUrl: `${connector.url}upload/x.csv`, contentUrl: `${connector.url}files/x.csv`, uniqueId: 'u1', fileType: 'csv' } });
    expect(connector.calls.filter((c) => c.method === 'upload')).toEqual([]);
    const accepted = await channel.invoke(alice, INVOKE.fileConsent, { type: 'fileUpload', action: 'accept', context: content.acceptContext, uploadInfo: { name: 'asesu-1.csv', uploadUrl: `${connector.url}upload/asesu-1.csv`, contentUrl: `${connector.url}files/asesu-1.csv`, uniqueId: 'u2', fileType: 'csv' } });
    expect(accepted.status).toBe(200);
    const upload = connector.calls.find((c) => c.method === 'upload')!;
    expect(String(upload.body.text)).toContain('Characteristic');
    expect(upload.body.range).toMatch(/^bytes 0-\d+\/\d+$/);
    const fileCard = connector.calls.filter((c) => c.method === 'reply' || c.method === 'send').map((c) => JSON.stringify(c.body)).find((b) => b.includes('file.info'));
    expect(fileCard).toContain('asesu-1.csv');
  });
});
