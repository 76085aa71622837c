import { ACTIONS, BLOCKS, COMMANDS, VIEWS } from '../../src/channels/slack/ids.js';
import { partnershipId } from '../../src/services/index.js';
import type { StoredView } from '../fakes/slack-api.js';
import { TestClock } from '../support/app.js';
import { picked, readable, SlackTestbed, trigger, typedText } from './support.js';

/**
 * A whole review round in a Slack channel, through the real server and the real Bolt app,
 * with signed requests and a loopback Slack Web API: the bot joins, the secretariat starts
 * a round, five members answer every page in the modal, the round closes with a summary.
 */

type Value = number | 'dk';
/** What each member answers, characteristic by characteristic (every statement alike). */
const ANSWERS: Record<string, Record<string, Value>> = {
  U1: { purpose: 5, engagement: 5, principles: 1, cascade: 1, monitoring: 4 },
  U2: { purpose: 4, engagement: 5, principles: 2, cascade: 5, monitoring: 4 },
  U3: { purpose: 4, engagement: 4, principles: 2, cascade: 1, monitoring: 4 },
  U4: { purpose: 3, engagement: 4, principles: 3, cascade: 5, monitoring: 4 },
  U5: { purpose: 2, engagement: 5, principles: 'dk', cascade: 3, monitoring: 4 },
};
const NASTY = '<!channel> @here <@U123> <https://evil|click> *bold* _it_ ~strike~ `code` & done';
const INERT = '&lt;!channel&gt; @here &lt;@U123&gt; &lt;https://evil|click&gt; \u2217bold\u2217 \u02cdit\u02cd \u223cstrike\u223c \u02cbcode\u02cb &amp; done';
const COMMENTS: Record<string, Record<string, string>> = { U5: { purpose: NASTY }, U2: { engagement: 'Mwy o gyfarfodydd ar-lein' } };

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text?: string | { text: string }; action_id?: string }[];
  element?: { initial_option?: { value: string }; initial_value?: string; options?: { value: string }[] };
  label?: { text: string };
  accessory?: { action_id: string; value: string };
}

function blocksOf(view: StoredView): Block[] {
  return view.view.blocks as Block[];
}

function metadataOf(view: StoredView): { p: string; r: string; c?: string } {
  return JSON.parse(String(view.view.private_metadata)) as { p: string; r: string; c?: string };
}

/** The state Slack would send for a page, the member having chosen `value` everywhere. */
function fill(view: StoredView, value: Value, comment?: string): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of blocksOf(view)) {
    if (b.type !== 'input') continue;
    if (b.block_id?.startsWith(BLOCKS.statementPrefix)) values[b.block_id] = picked(String(value));
    if (b.block_id === BLOCKS.comment) values[b.block_id] = typedText(comment ?? null);
  }
  return values;
}

describe('a review round in Slack', () => {
  let bed: SlackTestbed;
  let pid = '';
  let answerValue = '';

  // Each test gets its own server and data, and first replays the story up to its own step.
  beforeEach(async () => {
    bed = new SlackTestbed();
    answerValue = '';
    await bed.start({ clock: new TestClock(Date.UTC(2026, 2, 2, 10, 0)) });
    bed.seed(
      [
        { id: 'U1', name: 'alun', realName: 'Alun Jones', locale: 'en-GB' },
        { id: 'U2', name: 'sara', realName: 'Sara Owen', locale: 'cy-GB' },
        { id: 'U3', name: 'rhys', realName: 'Rhys Price', locale: 'en-GB' },
        { id: 'U4', name: 'ffion', realName: 'Ffion Hughes', locale: 'fr-FR' },
        { id: 'U5', name: 'dewi', realName: 'Dewi Evans', locale: 'en-US' },
      ],
      ['UGONE', 'UOTHERBOT'],
    );
    bed.slack.addUser({ id: 'UGONE', name: 'former', deleted: true });
    bed.slack.addUser({ id: 'UOTHERBOT', name: 'reminders', isBot: true });
    pid = partnershipId('slack', `${bed.slack.teamId}:${bed.channel}`);
  });
  afterEach(() => bed.stop());

  const stored = async () => (await bed.app.app.services.get(pid))!;
  const round = async () => (await stored()).rounds[0]!;
  const roundMessages = () => bed.slack.callsTo('chat.update').filter((c) => c.args.channel === bed.channel);

  /** Opens the member's form from the round message and returns the modal Slack shows. */
  async function open(userId: string): Promise<StoredView> {
    const t = trigger();
    const res = await bed.clickMessageButton(userId, ACTIONS.answer, answerValue, t);
    expect(res.status).toBe(200);
    return bed.slack.viewOpenedBy(t);
  }

  /** Submits a page; Slack applies the `response_action: update` and the modal shows the next view. */
  async function submit(userId: string, view: StoredView, values: Record<string, Record<string, unknown>>, headers?: Record<string, string>): Promise<{ next?: StoredView; body: Record<string, unknown> }> {
    const res = await bed.submitView(userId, view, values, headers ? { headers } : {});
    expect(res.status).toBe(200);
    const body = res.json() as Record<string, unknown>;
    if (body.response_action !== 'update') return { body };
    return { body, next: bed.slack.applyViewUpdate(view.id, body.view as Record<string, unknown>) };
  }

  /** Answers pages from where the modal is until the review page. */
  async function answerRest(userId: string, view: StoredView): Promise<StoredView> {
    let current = view;
    while (current.view.callback_id === VIEWS.page) {
      const c = metadataOf(current).c!;
      current = (await submit(userId, current, fill(current, ANSWERS[userId]![c]!, COMMENTS[userId]?.[c]))).next!;
    }
    return current;
  }

  const joinedEvent = () => ({ type: 'member_joined_channel', user: bed.slack.bot.userId, channel: bed.channel, channel_type: 'C', team: bed.slack.teamId, inviter: 'U1' });

  /** The bot is added to the channel by U1, who becomes the secretariat. */
  async function welcomed(): Promise<void> {
    if ((await bed.event(joinedEvent(), { eventId: 'EvJOIN1' })).status !== 200) throw new Error('join refused');
    await bed.slack.waitFor('chat.postMessage', (a) => a.channel === bed.channel);
    await bed.app.app.services.flush();
  }

  /** U1 starts a 30-minute round; its message's Answer button is remembered for `open`. */
  async function started(): Promise<void> {
    await welcomed();
    const start = bed.command('U1', 'start 30m');
    if ((await start.send()).status !== 200) throw new Error('start refused');
    await bed.slack.waitFor('response_url', (a) => a.url === new URL(start.fields.response_url).pathname);
    const posted = await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes('Cylch adolygu 1'));
    answerValue = ((posted.args.blocks as Block[])[3]!.elements![0]! as { value: string }).value;
  }

  /** The members answer every page, one after another, as in the story. */
  async function answeredBy(...members: string[]): Promise<void> {
    for (const userId of members) await answerRest(userId, await open(userId));
    await bed.app.app.services.flush();
  }

  async function closed(): Promise<void> {
    await started();
    await answeredBy('U1', 'U2', 'U3', 'U4', 'U5');
    const close = bed.command('U1', 'close');
    await close.send();
    await bed.slack.waitFor('response_url', (a) => a.url === new URL(close.fields.response_url).pathname);
    await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes('Crynodeb cylch adolygu 1'));
  }

  it('welcomes the channel once when it is added, and makes the person who added it the secretariat', async () => {
    const joined = joinedEvent();
    expect((await bed.event(joined, { eventId: 'EvJOIN1' })).status).toBe(200);
    const welcome = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === bed.channel);
    const text = readable(welcome.args.blocks);
    expect(text).toContain('Helo! asesu ydw i. / Hello from asesu');
    expect(text).toContain("Alun Jones yw'r ysgrifenyddiaeth am y tro, a gall ddechrau cylch adolygu gyda /asesu dechrau.");
    expect(text).toContain('Alun Jones is the secretariat for now and can start a review round with /assess start.');

    // Slack retries the delivery, then the bot is removed and added again: still one welcome.
    expect((await bed.event(joined, { eventId: 'EvJOIN1', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    expect((await bed.event(joined, { eventId: 'EvJOIN2' })).status).toBe(200);
    await bed.app.app.services.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(bed.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await stored()).secretariat).toEqual([{ id: 'U1', name: 'Alun Jones' }]);
  });

  it('starts a round with /assess start 30m: the round message goes to the channel, the reply only to the caller', async () => {
    await welcomed();
    const start = bed.command('U1', 'start 30m');
    const res = await start.send();
    expect(res.status).toBe(200);
    expect(res.body).toBe(''); // acknowledged at once; the reply follows on its own
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(start.fields.response_url).pathname);
    expect(reply.args.response_type).toBe('ephemeral');
    expect(readable(reply.args.blocks)).toBe('Review round 1 has started and is open for 30 minutes. Closes: Monday 2 March at 10:30.');

    const posted = await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes('Cylch adolygu 1'));
    const blocks = posted.args.blocks as Block[];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Cylch adolygu 1 / Review round 1', emoji: true } });
    expect(blocks[2]!.fields!.map((f) => f.text)).toEqual([
      'Dyddiad cau: dydd Llun, 2 Mawrth am 10:30 / Closes: Monday 2 March at 10:30',
      '*Partneriaid sydd wedi ateb: 0 o 5 / 0 of 5 partners have answered*',
    ]);
    const button = blocks[3]!.elements![0]! as { action_id: string; value: string; text: { text: string } };
    expect(button.action_id).toBe(ACTIONS.answer);
    expect(button.text.text).toBe('Ateb / Answer');
    answerValue = button.value;

    // The roster is the channel's people, read page by page, without bots or deactivated accounts.
    expect(bed.slack.callsTo('conversations.members').length).toBeGreaterThanOrEqual(4);
    expect((await round()).roster.map((m) => m.id).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']);
    expect((await round()).card).toEqual({ ts: expect.any(String) as string, channel: bed.channel });
  });

  it('changes nothing when Slack retries the command', async () => {
    await started();
    const before = bed.slack.calls.length;
    const again = bed.command('U1', 'start 30m');
    const first = await again.send();
    await bed.slack.waitFor('response_url', (a) => a.url === new URL(again.fields.response_url).pathname);
    const callsAfterFirst = bed.slack.calls.length;
    const retried = await bed.post(new URLSearchParams(again.fields).toString(), 'application/x-www-form-urlencoded', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([first.status, retried.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 100));
    expect(bed.slack.calls.length).toBe(callsAfterFirst);
    expect(bed.slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
    expect((await stored()).rounds).toHaveLength(1);
  });

  it('refuses forged and stale requests with 401 before any handler runs', async () => {
    await started();
    const before = bed.slack.calls.length;
    const forged = await bed.command('U1', 'close', { secret: 'not-the-secret' }).send();
    const stale = await bed.command('U1', 'close', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }).send();
    expect([forged.status, stale.status]).toEqual([401, 401]);
    expect(bed.app.logs.lines.filter((l) => l.msg === 'slack request refused').map((l) => l.reason)).toEqual(['badSignature', 'staleTimestamp']);
    await new Promise((r) => setTimeout(r, 100));
    expect(bed.slack.calls.length).toBe(before);
    expect((await round()).closedAt).toBeUndefined();
  });

  it('lets a member answer every page in a modal, and a retried submission changes nothing', async () => {
    await started();
    const first = await open('U1');
    expect(first.view.callback_id).toBe(VIEWS.page);
    expect((first.view.title as { text: string }).text).toBe('Review round 1');
    expect(readable(blocksOf(first)[0])).toBe('Section 1 of 5');
    const page1 = fill(first, 5);
    const a = await submit('U1', first, page1);
    const b = await submit('U1', first, page1, { 'x-slack-retry-num': '1' });
    expect(b.body).toEqual(a.body);
    expect(metadataOf(a.next!).c).toBe('engagement');
    const mine = Object.values((await round()).responses);
    expect(mine).toHaveLength(1);
    expect(Object.keys(mine[0]!.pages)).toEqual(['purpose']);
    const review = await answerRest('U1', a.next!);
    expect(review.view.callback_id).toBe(VIEWS.review);
  });

  it('shows a Welsh speaker the form in Welsh', async () => {
    await started();
    const first = await open('U2');
    expect((first.view.title as { text: string }).text).toBe('Cylch adolygu 1');
    expect((first.view.submit as { text: string }).text).toBe('Cadw a pharhau');
    expect(readable(blocksOf(first))).toContain('Mae pwrpas y bartneriaeth wedi\'i ysgrifennu a\'i ddiffinio\'n glir.');
    expect(readable(blocksOf(first))).not.toMatch(/Section|Save|Strongly/);
    const review = await answerRest('U2', first);
    expect(readable(blocksOf(review))).toContain('Eich atebion');
    const thanks = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU2');
    expect(readable(thanks.args.blocks)).toBe('Diolch. Mae eich atebion i gylch adolygu 1 wedi\'u cadw. Gallwch eu newid nes i\'r cylch gau (dydd Llun, 2 Mawrth am 10:30).');
  });

  it('resumes where a member stopped, and pre-fills a section they saved', async () => {
    await started();
    let view = await open('U3');
    for (let i = 0; i < 2; i++) view = (await submit('U3', view, fill(view, ANSWERS.U3![metadataOf(view).c!]!))).next!;
    // The member closes the modal here; opening it again starts at section 3.
    const again = await open('U3');
    expect(metadataOf(again).c).toBe('principles');
    expect(readable(blocksOf(again)[0])).toBe('Section 3 of 5');
    const review = await answerRest('U3', again);

    // From the review, "Change" goes back to section 1, with the saved answers chosen.
    const change = blocksOf(review).find((b) => b.accessory?.action_id === ACTIONS.change)!;
    expect((await bed.clickViewButton('U3', review, ACTIONS.change, change.accessory!.value)).status).toBe(200);
    const updated = await bed.slack.waitFor('views.update', (a) => a.view_id === review.id);
    const page = { id: review.id, hash: bed.slack.views.get(review.id)!.hash, view: updated.args.view as Record<string, unknown> };
    const inputs = blocksOf(page).filter((b) => b.block_id?.startsWith(BLOCKS.statementPrefix));
    expect(inputs.map((b) => b.element!.initial_option!.value)).toEqual(['4', '4', '4', '4']);
    const back = await submit('U3', page, fill(page, 4));
    expect(back.next!.view.callback_id).toBe(VIEWS.review);
    const done = await submit('U3', back.next!, {});
    expect(readable(blocksOf(done.next!))).toMatch(/^Thank you\. Your answers to review round 1 are saved\./);
  });

  it('marks an invalid page on the right blocks, in the member\'s language, and saves nothing of it', async () => {
    await started();
    await answeredBy('U1', 'U2', 'U3');
    const first = await open('U4');
    const statements = blocksOf(first).filter((b) => b.block_id?.startsWith(BLOCKS.statementPrefix)).map((b) => b.block_id!);
    const values = fill(first, 3, 'Da iawn \u202e gwrthdro');
    delete values[statements[1]!];
    const res = await submit('U4', first, values);
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        [statements[1]!]: 'Dewiswch ateb. / Please choose an answer.',
        [BLOCKS.comment]: 'Mae eich sylw yn cynnwys nodau na ellir eu dangos. Tynnwch nhw allan. / Your comment contains characters that can\'t be shown. Please remove them.',
      },
    });
    expect(Object.keys((await round()).responses)).toHaveLength(3);
    const review = await answerRest('U4', first);
    expect(review.view.callback_id).toBe(VIEWS.review);
  });

  it('keeps the channel message up to date, coalescing the updates', async () => {
    await started();
    await answeredBy('U1', 'U2', 'U3', 'U4');
    const first = await open('U5');
    let view = first;
    // Four pages one by one, then the last page submitted twice at once (a double click).
    for (let i = 0; i < 4; i++) view = (await submit('U5', view, fill(view, ANSWERS.U5![metadataOf(view).c!]!, COMMENTS.U5?.[metadataOf(view).c!]))).next!;
    const last = fill(view, ANSWERS.U5!.monitoring!);
    await Promise.all([bed.submitView('U5', view, last), bed.submitView('U5', view, last)]);
    await bed.slack.waitFor('chat.update', (a) => readable(a.blocks).includes('5 of 5 partners have answered'));
    await bed.app.app.services.flush();
    const updates = roundMessages().map((c) => /(\d) of 5 partners/.exec(readable(c.args.blocks))![1]);
    // One update per finished member at most (never one per saved page), always moving forward.
    expect(updates.length).toBeLessThanOrEqual(5);
    expect(updates).toEqual([...updates].sort());
    expect(updates[updates.length - 1]).toBe('5');
    // The double click saved once and thanked once.
    expect(bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DU5')).toHaveLength(1);
    expect(readable(roundMessages().at(-1)!.args.blocks)).not.toMatch(/U[1-5]|Alun|Sara|Rhys|Ffion|Dewi/);
  });

  it('refuses a partner\'s /assess close politely, only to them', async () => {
    await started();
    const close = bed.command('U2', 'cau', { command: COMMANDS.cy });
    await close.send();
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(close.fields.response_url).pathname);
    expect(reply.args.response_type).toBe('ephemeral');
    expect(readable(reply.args.blocks)).toBe(
      "Dim ond ysgrifenyddiaeth y bartneriaeth sy'n gallu gwneud hynny. Os oes angen ei wneud, gofynnwch i un ohonyn nhw: Alun Jones.",
    );
    expect((await round()).closedAt).toBeUndefined();
  });

  it('closes the round with /assess close and posts the summary with the right scores, comments inert', async () => {
    await started();
    await answeredBy('U1', 'U2', 'U3', 'U4', 'U5');
    const posts = bed.slack.callsTo('chat.postMessage').length;
    const close = bed.command('U1', 'close');
    await close.send();
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(close.fields.response_url).pathname);
    expect(readable(reply.args.blocks)).toBe('Review round 1 is closed. Its summary follows in a new message.');

    const closed = await bed.slack.waitFor('chat.update', (a) => readable(a.blocks).includes('Wedi cau'));
    expect((closed.args.blocks as Block[]).some((b) => b.type === 'actions')).toBe(false);
    const summary = await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes('Crynodeb cylch adolygu 1'));
    expect(bed.slack.callsTo('chat.postMessage').length).toBe(posts + 1);
    const blocks = summary.args.blocks as Block[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const row = (title: string) => blocks.find((b) => b.type === 'section' && b.text?.text.startsWith(`*${title}`))!.text!.text;
    expect(row('Pwrpas a ffocws clir')).toBe(
      '*Pwrpas a ffocws clir / Clear purpose and focus*\n' +
        'Sgôr / Score: *3.6* (Yn datblygu / Developing)\n' +
        "▁▅▅█▅  0 · 4 · 4 · 8 · 4  ·  Wedi ateb / Answered: 5 · Ddim yn gwybod / Don't know: 0",
    );
    expect(row('Ymgysylltiad ystyrlon')).toContain('*4.6* (Cryfder / Strength)');
    expect(row('Ymrwymiad i egwyddorion')).toContain('*2.0* (Blaenoriaeth / Priority)');
    expect(row('Ymrwymiad i egwyddorion')).toContain("Ddim yn gwybod / Don't know: 4");
    expect(row('Monitro ac adolygu')).toContain('*4.0* (Cryfder / Strength)');
    const both = blocks.find((b) => b.fields)!.fields!.map((f) => f.text);
    expect(both[0]).toMatch(/^\*Cryfderau \/ Strengths\*\n• Ymgysylltiad ystyrlon a pharhaus \/ Meaningful, continuous engagement \(4\.6\)\n• Monitro ac adolygu/);
    expect(both[1]).toMatch(/^\*Blaenoriaethau \/ Priorities\*\n• Ymrwymiad i egwyddorion/);
    const text = readable(blocks);
    expect(text.match(/Cytuno \/ Agree: 2 · Anghytuno \/ Disagree: 2/g)).toHaveLength(4);

    // The comment reaches the summary as inert text: no mention, ping, link or markup.
    const comments = blocks.find((b) => b.text?.text.startsWith('*Sylwadau / Comments*'))!.text!.text;
    expect(comments).toBe(
      [
        '*Sylwadau / Comments*',
        '_Pwrpas a ffocws clir / Clear purpose and focus_',
        `• ${INERT}`,
        '_Ymgysylltiad ystyrlon a pharhaus / Meaningful, continuous engagement_',
        '• Mwy o gyfarfodydd ar-lein',
      ].join('\n'),
    );
    const everything = JSON.stringify(bed.slack.calls.filter((c) => c.method !== 'upload').map((c) => c.args));
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<https://evil']) expect(everything).not.toContain(raw);
    const sections = blocks.filter((b) => b.type === 'section' && b.text).map((b) => b.text as unknown as { verbatim: boolean });
    expect(sections.every((t) => t.verbatim)).toBe(true);
  });

  it('sends the secretariat the CSV privately with /assess export', async () => {
    await closed();
    const exp = bed.command('U1', 'export');
    await exp.send();
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(exp.fields.response_url).pathname);
    expect(readable(reply.args.blocks)).toMatch(/^I've sent you asesu-1-2026-03-02\.csv in a private message\.$/);
    const complete = await bed.slack.waitFor('files.completeUploadExternal');
    expect(complete.args.channel_id).toBe('DU1');
    expect(complete.args.initial_comment).toBe('Here are the results of review round 1.');
    const upload = [...bed.slack.uploads.values()].find((u) => u.filename === 'asesu-1-2026-03-02.csv')!;
    const csv = upload.bytes!.toString('utf8');
    expect(csv.split('\r\n')[0]).toBe("Level,Characteristic,Statement,Answered,Don't know,Score,Band,Strongly disagree,Disagree,Neither agree nor disagree,Agree,Strongly agree,Note");
    expect(csv).toContain(NASTY.replace(/"/g, '""'));
  });

  it('posts one summary and closes the message once when close and the schedule race, with Slack as slow as it is', async () => {
    await started();
    for (const method of ['chat.postMessage', 'chat.update']) bed.slack.delays.set(method, 200);
    const close = bed.command('U1', 'close');
    const sent = close.send();
    // The command is waiting on Slack to update the round message: the schedule's tick lands in between.
    await bed.slack.waitFor('chat.update', (a) => readable(a.blocks).includes('Wedi cau'));
    await bed.app.app.scheduler.tick();
    expect((await sent).status).toBe(200);
    // Slack's command is acknowledged first and runs on: wait for its summary, then look again.
    await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes('Crynodeb cylch adolygu 1'));
    await bed.app.app.scheduler.tick();
    await bed.app.app.services.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const summaries = bed.slack.calls.filter((c) => c.method === 'chat.postMessage' && readable(c.args.blocks as Block[]).includes('Crynodeb cylch adolygu 1'));
    expect(summaries).toHaveLength(1);
    expect(bed.slack.calls.filter((c) => c.method === 'chat.update' && readable(c.args.blocks as Block[]).includes('Wedi cau'))).toHaveLength(1);
    expect((await stored()).claims).toEqual({});
  });

  it('lets someone who joined the channel after the round started answer, even from a click that names no channel', async () => {
    await started();
    const value = answerValue;
    const latest = async () => (await stored()).rounds.at(-1)!;
    bed.slack.addUser({ id: 'ULATE', name: 'hwyr', realName: 'Gwen Hwyr', locale: 'en-GB' });
    bed.slack.channels.get(bed.channel)!.members.push('ULATE');
    expect((await latest()).roster.some((m) => m.id === 'ULATE')).toBe(false);
    const t = trigger();
    await bed.interaction({
      type: 'block_actions',
      user: { id: 'ULATE', team_id: bed.slack.teamId },
      trigger_id: t,
      team: { id: bed.slack.teamId, domain: 'asesu-test' },
      actions: [{ action_id: ACTIONS.answer, block_id: 'b1', value, type: 'button', action_ts: '1.2' }],
    });
    const view = await bed.slack.viewOpenedBy(t);
    expect(view.view.callback_id).toBe(VIEWS.page);
    const { next } = await submit('ULATE', view, fill(view, 4));
    expect(next!.view.callback_id).toBe(VIEWS.page);
    expect((await submit('ULATE', next!, fill(next!, 4))).next!.view.callback_id).toBe(VIEWS.page);
    // Answering adds nobody to the roster: the stored round must not show who took part.
    expect((await latest()).roster.some((m) => m.id === 'ULATE')).toBe(false);
    expect(Object.keys((await latest()).responses)).toHaveLength(1);
  });
});
