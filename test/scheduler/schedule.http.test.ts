import { ACTIONS, BLOCKS, VIEWS } from '../../src/channels/slack/ids.js';
import type { StoredView } from '../fakes/slack-api.js';
import { TestClock } from '../support/app.js';
import { PEOPLE, picked, readable, SlackTestbed, trigger, typedText } from '../slack/support.js';

/**
 * A scheduled review round end to end over HTTP, with the clock driven by the test: the
 * schedule starts the round, one member answers in the modal, the others get a reminder in
 * their direct messages in working hours, and the round closes at its deadline with the
 * summary in the channel. Real server, real Bolt, loopback Slack Web API.
 */

const at = (iso: string) => Date.parse(iso);

describe('a scheduled round, over HTTP', () => {
  let bed: SlackTestbed;
  let clock: TestClock;
  let pid = '';

  // Each test gets its own server, data and clock, and first replays the story up to its own step.
  beforeEach(async () => {
    bed = new SlackTestbed();
    clock = new TestClock(at('2026-03-09T10:00:00Z')); // Monday 9 March 2026
    await bed.start({ clock });
    bed.seed(PEOPLE);
    pid = bed.partnershipId;
  });
  afterEach(() => bed.stop());

  const tickAt = async (iso: string) => {
    clock.at = at(iso);
    await bed.app.app.scheduler.tick();
    await bed.app.app.services.flush();
  };
  const dmsTo = (user: string) => bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user}`);
  const channelPosts = () => bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === bed.channel);

  /** U1 sets a monthly schedule; the reply to the command. */
  async function scheduled() {
    const cmd = bed.command('U1', 'schedule monthly');
    if ((await cmd.send()).status !== 200) throw new Error('schedule refused');
    return bed.slack.waitFor('response_url', (a) => a.url === new URL(cmd.fields.response_url).pathname);
  }

  /** The schedule is set, the secretariat told the day before, and the round started: its Answer button's value. */
  async function roundStarted(): Promise<string> {
    await scheduled();
    await tickAt('2026-03-31T08:30:00Z');
    await tickAt('2026-04-01T08:30:00Z');
    const card = channelPosts().find((c) => readable(c.args.blocks).includes('Cylch adolygu 1'))!;
    return (card.args.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.answer)!.value!;
  }

  /** A member opens the form from the round message and answers 4 to every statement, page by page; the view they end on. */
  async function answerEveryPage(userId: string, answerValue: string): Promise<StoredView> {
    const t = trigger();
    await bed.clickMessageButton(userId, ACTIONS.answer, answerValue, t);
    let view: StoredView = await bed.slack.viewOpenedBy(t);
    while (view.view.callback_id === VIEWS.page) {
      const values: Record<string, Record<string, unknown>> = {};
      for (const b of view.view.blocks as { type: string; block_id?: string }[]) {
        if (b.type === 'input' && b.block_id?.startsWith(BLOCKS.statementPrefix)) values[b.block_id] = picked('4');
        if (b.type === 'input' && b.block_id === BLOCKS.comment) values[b.block_id] = typedText(null);
      }
      const res = await bed.submitView(userId, view, values);
      const body = res.json() as { response_action?: string; view?: Record<string, unknown> };
      expect(body.response_action).toBe('update');
      view = bed.slack.applyViewUpdate(view.id, body.view!);
    }
    await bed.app.app.services.flush();
    return view;
  }

  /** Up to the reminders: U3 has answered, the others have been reminded on Monday 6 April. */
  async function reminded(): Promise<void> {
    await answerEveryPage('U3', await roundStarted());
    await tickAt('2026-04-05T08:30:00Z');
    await tickAt('2026-04-06T08:00:00Z');
  }

  it('sets a monthly schedule and says when the first review is', async () => {
    const cmd = bed.command('U1', 'schedule monthly');
    expect((await cmd.send()).status).toBe(200);
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(cmd.fields.response_url).pathname);
    expect(readable(reply.args.blocks)).toContain('Review rounds will now start monthly.');
    expect(readable(reply.args.blocks)).toContain('Next review: Wednesday 1 April at 09:30.');
  });

  it('tells the secretariat privately the working day before', async () => {
    await scheduled();
    await tickAt('2026-03-31T08:29:00Z');
    expect(dmsTo('U1')).toHaveLength(0);
    await tickAt('2026-03-31T08:30:00Z'); // Tuesday 31 March, 09:30 British Summer Time
    expect(dmsTo('U1').map((c) => readable(c.args.blocks))).toEqual([expect.stringContaining('A scheduled review round starts Wednesday 1 April at 09:30.')]);
    expect(dmsTo('U2')).toHaveLength(0);
  });

  it('starts the round on time and posts its card in the channel', async () => {
    await scheduled();
    await tickAt('2026-03-31T08:30:00Z');
    await tickAt('2026-04-01T08:30:00Z');
    const card = channelPosts().find((c) => readable(c.args.blocks).includes('Cylch adolygu 1'));
    expect(card).toBeDefined();
    expect(readable(card!.args.blocks)).toContain('Dyddiad cau: dydd Mercher, 8 Ebrill am 09:30 / Closes: Wednesday 8 April at 09:30');
    const button = (card!.args.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.answer)!;
    expect(button.value).toBeTruthy();
    const p = (await bed.app.app.services.get(pid))!;
    expect(p.rounds[0]).toMatchObject({ trigger: 'schedule', number: 1 });
  });

  it('takes one member\'s answers through the modal', async () => {
    const view = await answerEveryPage('U3', await roundStarted());
    expect(view.view.callback_id).toBe(VIEWS.review);
    const update = bed.slack.callsTo('chat.update').at(-1)!;
    expect(readable(update.args.blocks)).toContain('Partneriaid sydd wedi ateb: 1 o 4 / 1 of 4 partners have answered');
  });

  it('sends the 3-day reminder falling on Sunday on Monday at 09:00, to those who have not finished, in their language', async () => {
    await answerEveryPage('U3', await roundStarted());
    const before = bed.slack.callsTo('chat.postMessage').length;
    await tickAt('2026-04-05T08:30:00Z'); // Sunday 5 April, 09:30: outside working hours
    expect(bed.slack.callsTo('chat.postMessage')).toHaveLength(before);
    await tickAt('2026-04-06T08:00:00Z'); // Monday 6 April, 09:00
    expect(dmsTo('U3').some((c) => readable(c.args.blocks).includes('closes soon'))).toBe(false);
    expect(dmsTo('U1').map((c) => readable(c.args.blocks)).at(-1)).toContain("Review round 1 closes soon (Wednesday 8 April at 09:30) and your answers aren't complete yet.");
    expect(dmsTo('U2').map((c) => readable(c.args.blocks)).at(-1)).toContain('Bydd cylch adolygu 1 yn cau cyn bo hir (dydd Mercher, 8 Ebrill am 09:30)');
    expect(dmsTo('U4')).toHaveLength(1);
    // The same moment again changes nothing.
    await tickAt('2026-04-06T08:05:00Z');
    expect(dmsTo('U4')).toHaveLength(1);
  });

  it('closes the round at its deadline and posts the summary in the channel', async () => {
    await reminded();
    await tickAt('2026-04-08T08:29:00Z');
    expect(channelPosts().filter((c) => readable(c.args.blocks).includes('Crynodeb'))).toHaveLength(0);
    await tickAt('2026-04-08T08:30:00Z');
    const summary = channelPosts().find((c) => readable(c.args.blocks).includes('Crynodeb cylch adolygu 1'));
    expect(summary).toBeDefined();
    // One of four answered: fewer than k = 3, so the summary gives the count and why, no scores.
    expect(readable(summary!.args.blocks)).toContain('Mae rhy ychydig o bartneriaid wedi ateb i ddangos canlyniadau heb ddatgelu pwy ydyn nhw.');
    const closed = bed.slack.callsTo('chat.update').at(-1)!;
    expect(readable(closed.args.blocks)).toContain('Wedi cau: dydd Mercher, 8 Ebrill am 09:30 / Closed: Wednesday 8 April at 09:30');
    expect((await bed.app.app.services.get(pid))!.rounds[0]!.closedAt).toBe(at('2026-04-08T08:30:00Z'));
    expect(bed.app.app.scheduler.nextDue(pid)).toBe(at('2026-04-30T08:30:00Z')); // the notice for May's round
  });
});
