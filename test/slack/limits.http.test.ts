import { ACTIONS, BLOCKS, VIEWS } from '../../src/channels/slack/ids.js';
import type { StoredView } from '../fakes/slack-api.js';
import { TestClock } from '../support/app.js';
import { picked, readable, SlackTestbed, trigger, typedText } from './support.js';

/** A round in a Slack channel while Slack answers 429 ratelimited: the work is done later, once. */

const MEMBERS = ['U1', 'U2', 'U3'];

interface Block {
  type: string;
  block_id?: string;
  elements?: { value?: string }[];
}

function fill(view: StoredView): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of view.view.blocks as Block[]) {
    if (b.type !== 'input') continue;
    if (b.block_id?.startsWith(BLOCKS.statementPrefix)) values[b.block_id] = picked('4');
    if (b.block_id === BLOCKS.comment) values[b.block_id] = typedText(null);
  }
  return values;
}

describe('a Slack round inside the platform limits', () => {
  let bed: SlackTestbed;

  beforeEach(async () => {
    bed = new SlackTestbed({ limits: true });
    await bed.start({ clock: new TestClock(Date.UTC(2026, 2, 2, 10, 0)) });
    bed.seed([
      { id: 'U1', name: 'alun', realName: 'Alun Jones', locale: 'en-GB' },
      { id: 'U2', name: 'sara', realName: 'Sara Owen', locale: 'cy-GB' },
      { id: 'U3', name: 'rhys', realName: 'Rhys Price', locale: 'en-GB' },
    ]);
  });
  afterEach(() => bed.stop());

  const roundCards = () => bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === bed.channel && readable(c.args.blocks).includes('Cylch adolygu 1'));
  const summaries = () => bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === bed.channel && readable(c.args.blocks).includes('Crynodeb cylch adolygu 1'));

  async function welcomed(): Promise<void> {
    const joined = { type: 'member_joined_channel', user: bed.slack.bot.userId, channel: bed.channel, channel_type: 'C', team: bed.slack.teamId, inviter: 'U1' };
    if ((await bed.event(joined, { eventId: 'EvJOIN1' })).status !== 200) throw new Error('join refused');
    await bed.slack.waitFor('chat.postMessage', (a) => a.channel === bed.channel);
    await bed.app.app.services.flush();
  }

  async function start(): Promise<string> {
    const command = bed.command('U1', 'start 30m');
    expect((await command.send()).status).toBe(200);
    const posted = await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes('Cylch adolygu 1'), 20_000);
    await bed.app.app.services.flush();
    return ((posted.args.blocks as Block[])[3]!.elements![0]! as { value: string }).value;
  }

  async function answerAll(userId: string, answer: string): Promise<void> {
    const t = trigger();
    expect((await bed.clickMessageButton(userId, ACTIONS.answer, answer, t)).status).toBe(200);
    let view = await bed.slack.viewOpenedBy(t);
    while (view.view.callback_id === VIEWS.page) {
      const res = await bed.submitView(userId, view, fill(view));
      expect(res.status).toBe(200);
      const body = res.json() as Record<string, unknown>;
      expect(body.response_action).toBe('update');
      view = bed.slack.applyViewUpdate(view.id, body.view as Record<string, unknown>);
    }
  }

  it('throttled roster, card and summary are each done once, after the wait Slack asked for, and every answer is kept', async () => {
    await welcomed();
    bed.slack.throttleNext(2, 1, 'conversations.members');
    bed.slack.throttleNext(2, 1, 'chat.postMessage');
    const answer = await start();
    expect(roundCards()).toHaveLength(1);
    for (const userId of MEMBERS) await answerAll(userId, answer);
    await bed.app.app.services.flush();

    bed.slack.throttleNext(3, 1, 'chat.postMessage');
    const close = bed.command('U1', 'close');
    await close.send();
    await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes('Crynodeb cylch adolygu 1'), 20_000);
    await bed.app.app.services.flush();

    expect(roundCards()).toHaveLength(1);
    expect(summaries()).toHaveLength(1);
    const round = (await bed.app.app.services.get(bed.partnershipId))!.rounds[0]!;
    expect(round.closedAt).toBeDefined();
    expect(Object.keys(round.responses)).toHaveLength(MEMBERS.length);
    expect(bed.slack.rateLimited).toBe(7);
  }, 40_000);

  it('thank-yous are dropped, not queued, while Slack asks the bot to wait: every answer is kept', async () => {
    await welcomed();
    const answer = await start();
    bed.slack.throttleNext(1, 30, 'conversations.open');
    for (const userId of MEMBERS) await answerAll(userId, answer);
    await bed.app.app.services.flush();

    const round = (await bed.app.app.services.get(bed.partnershipId))!.rounds[0]!;
    expect(Object.keys(round.responses)).toHaveLength(MEMBERS.length);
    // One 429, no second try, and none of the three DMs opened inside Slack's 30 s: each form already said "saved".
    expect(bed.slack.rateLimited).toBe(1);
    expect(bed.slack.callsTo('conversations.open')).toHaveLength(0);
    expect(bed.slack.callsTo('chat.postMessage').filter((c) => /^D/.test(String(c.args.channel)))).toHaveLength(0);
  }, 30_000);

  it('a post Slack keeps refusing for longer than a few retries is still posted once, not dropped', async () => {
    await welcomed();
    // Retry-After: 0 keeps the test quick; eight refusals outlast the client's own two retries and any small fixed cap.
    bed.slack.throttleNext(8, 0, 'chat.postMessage');
    await start();
    expect(bed.slack.rateLimited).toBe(8);
    expect(roundCards()).toHaveLength(1);
    // Slack's answer reaches the bot after the fake has counted the post: the card is recorded a moment later.
    const card = async () => (await bed.app.app.services.get(bed.partnershipId))!.rounds[0]!.card;
    for (let waited = 0; !(await card()) && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await card()).toEqual({ ts: expect.any(String) as string, channel: bed.channel });
  }, 30_000);
});
