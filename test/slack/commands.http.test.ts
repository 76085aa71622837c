import { ACTIONS, COMMANDS, VIEWS } from '../../src/channels/slack/ids.js';
import { partnershipId } from '../../src/services/index.js';
import { TestClock } from '../support/app.js';
import { readable, SlackTestbed, trigger } from './support.js';

/** Commands and the smaller paths through the Slack channel, through the real server. */
describe('Slack commands', () => {
  let bed: SlackTestbed;
  const pid = () => partnershipId('slack', `${bed.slack.teamId}:${bed.channel}`);

  // Each test gets its own server and data, and sets up the partnership it needs.
  beforeEach(async () => {
    bed = new SlackTestbed();
    await bed.start({ clock: new TestClock(Date.UTC(2026, 2, 2, 10, 0)) }, { DEFAULT_LANGUAGE: 'en' });
    bed.seed([
      { id: 'U1', name: 'alun', realName: 'Alun Jones', locale: 'en-GB' },
      { id: 'U2', name: 'sara', realName: 'Sara Owen', locale: 'cy-GB' },
      { id: 'U3', name: 'rhys', realName: 'Rhys Price', locale: 'de-DE' },
    ]);
    bed.slack.addChannel({ id: 'C0NOBOT', name: 'heb-asesu', members: ['U1', 'U2'] });
  });
  afterEach(() => bed.stop());

  /** Sends a command and returns what the caller is shown. */
  async function say(userId: string, text: string, options: Parameters<SlackTestbed['command']>[2] = {}) {
    const c = bed.command(userId, text, options);
    const res = await c.send();
    expect(res.status).toBe(200);
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(c.fields.response_url).pathname);
    expect(reply.args.response_type).toBe('ephemeral');
    return readable(reply.args.blocks);
  }

  /** U1 uses it first in the partnership's channel, so U1 is the secretariat. */
  async function secretariatIsAlun(): Promise<void> {
    await say('U1', 'help');
  }

  /** U1 starts a one-hour round at 10:00; the value of its message's Answer button. */
  async function roundStarted(): Promise<string> {
    await secretariatIsAlun();
    await bed.command('U1', 'start 1h').send();
    const posted = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === bed.channel && readable(a.blocks).includes('Review round 1'));
    return ((posted.args.blocks as { type: string; elements?: { value: string }[] }[]).find((b) => b.type === 'actions')!.elements![0]!).value;
  }

  it('answers Slack\'s URL check', async () => {
    const res = await bed.post(JSON.stringify({ token: 'x', challenge: 'c-3po', type: 'url_verification' }), 'application/json');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ challenge: 'c-3po' });
  });

  it('refuses a signed request it cannot read, and changes nothing', async () => {
    const res = await bed.post('{"type":"event_callback"', 'application/json');
    expect(res.status).toBe(400);
    expect(bed.app.logs.lines.some((l) => l.msg === 'slack request not understood')).toBe(true);
    expect(await bed.app.app.store.ids()).toEqual([]);
  });

  it('acknowledges a command at once and carries on after the answer', async () => {
    bed.slack.delays.set('users.info', 400);
    try {
      const c = bed.command('U1', 'help');
      const res = await c.send();
      expect(res.status).toBe(200);
      const path = new URL(c.fields.response_url).pathname;
      expect(bed.slack.callsTo('response_url').filter((r) => r.args.url === path)).toHaveLength(0);
      await bed.slack.waitFor('response_url', (a) => a.url === new URL(c.fields.response_url).pathname);
    } finally {
      bed.slack.delays.clear();
    }
  });

  it('makes the first person to use it the secretariat, and shows them what they can do', async () => {
    const help = await say('U1', 'help');
    expect(help).toContain('For the secretariat');
    expect(help).toContain('• /assess start — start a review round (7 days unless you say, for example /assess start 30m, 2h or 14d)');
    expect((await bed.app.app.services.get(pid()))!.secretariat.map((m) => m.id)).toEqual(['U1']);
  });

  it('shows a partner only what they may do, in Welsh, with the command they typed', async () => {
    await secretariatIsAlun();
    const help = await say('U2', 'cymorth', { command: COMMANDS.cy });
    expect(help).toContain('Beth allwch chi ei wneud');
    expect(help).toContain('• /asesu statws — sut mae\'r cylch presennol yn mynd');
    expect(help).toContain("Dim ond yr ysgrifenyddiaeth sy'n gallu dechrau a chau cylchoedd neu newid gosodiadau.");
    expect(help).not.toMatch(/dechrau cylch adolygu|For everyone/);
  });

  it('follows the partnership\'s language for someone whose Slack is neither Welsh nor English', async () => {
    await secretariatIsAlun();
    expect(await say('U3', 'status')).toBe('No review round has run yet.\n\nNo review schedule is set.');
    expect(await say('U1', 'language cy')).toBe('This partnership now uses Welsh.');
    expect(await say('U3', 'status')).toBe("Does dim cylch adolygu wedi'i gynnal eto.\n\nDoes dim amserlen adolygu wedi'i gosod.");
    expect(await say('U1', 'language en')).toBe('This partnership now uses English.');
  });

  it('says plainly when it does not know a word', async () => {
    await secretariatIsAlun();
    expect(await say('U2', 'frobnicate')).toBe('Dydw i ddim yn deall "frobnicate". Teipiwch /assess cymorth i weld beth allwch chi ei wneud.');
    expect(await say('U1', 'start 2')).toBe("I couldn't read that length of time. Use minutes, hours or days, for example 30m, 2h or 7d.");
  });

  it('adds a mentioned person to the secretariat', async () => {
    await secretariatIsAlun();
    expect(await say('U1', 'secretariat add <@U2|sara>')).toBe('Added to the secretariat: Sara Owen');
    expect(await say('U1', 'secretariat remove <@U2>')).toBe('Removed from the secretariat: Sara Owen');
    expect(await say('U2', 'secretariat add <@U2>')).toBe(
      "Dim ond ysgrifenyddiaeth y bartneriaeth sy'n gallu gwneud hynny. Os oes angen ei wneud, gofynnwch i un ohonyn nhw: Alun Jones.",
    );
  });

  it('sets nothing up in a channel it is not in, and says how to add it', async () => {
    const text = await say('U1', 'start', { channel: 'C0NOBOT' });
    expect(text).toBe("asesu isn't in this channel yet, so nothing has been set up here. Add it first with /invite @asesu: whoever adds it becomes the partnership's secretariat. Then try again.");
    const other = partnershipId('slack', `${bed.slack.teamId}:C0NOBOT`);
    expect(await bed.app.app.services.get(other)).toBeUndefined();
  });

  it('asks to be added again to a channel it has left before starting a round there', async () => {
    bed.slack.addChannel({ id: 'C0LEFT', name: 'gadael', members: [bed.slack.bot.userId, 'U1'] });
    await say('U1', 'status', { channel: 'C0LEFT' });
    bed.slack.channels.get('C0LEFT')!.members.shift();
    expect(await say('U1', 'start', { channel: 'C0LEFT' })).toBe("asesu isn't a member of this channel yet, so it can't post here. Add it with /invite @asesu, then try again.");
    expect((await bed.app.app.services.get(partnershipId('slack', `${bed.slack.teamId}:C0LEFT`)))!.rounds).toEqual([]);
  });

  it('works only in a channel, not in a direct message', async () => {
    expect(await say('U2', 'dechrau', { channel: 'DU2', command: COMMANDS.cy })).toBe(
      'Mae asesu yn gweithio yn sianel eich partneriaeth, nid mewn negeseuon uniongyrchol. Teipiwch /asesu dechrau yno.',
    );
  });

  it('welcomes a channel it joins without an inviter, saying who becomes the secretariat', async () => {
    bed.slack.addChannel({ id: 'C0NEW', name: 'newydd', members: [bed.slack.bot.userId] });
    await bed.event({ type: 'member_joined_channel', user: bed.slack.bot.userId, channel: 'C0NEW', team: bed.slack.teamId });
    const welcome = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0NEW');
    expect(readable(welcome.args.blocks)).toContain('The first person to use /assess start here becomes the partnership\'s secretariat.');
    // Someone else joining the channel is not a reason to post.
    await bed.event({ type: 'member_joined_channel', user: 'U2', channel: 'C0NEW', team: bed.slack.teamId });
    await new Promise((r) => setTimeout(r, 100));
    expect(bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0NEW')).toHaveLength(1);
  });

  it('shows the last summary privately with /assess summary, and a closed round\'s form as closed', async () => {
    await secretariatIsAlun();
    expect(await say('U1', 'summary')).toBe('No review round has closed yet, so there is no summary.');
    const started = bed.command('U1', 'start 1h');
    await started.send();
    const posted = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === bed.channel && readable(a.blocks).includes('Review round 1'));
    const value = ((posted.args.blocks as { type: string; elements?: { value: string }[] }[]).find((b) => b.type === 'actions')!.elements![0]!).value;
    expect(await say('U1', 'close')).toBe('Review round 1 is closed. Its summary follows in a new message.');

    const summary = await say('U2', 'crynodeb', { command: COMMANDS.cy });
    expect(summary).toMatch(/^Crynodeb cylch adolygu 1\nCyfradd ymateb: 0\/3 \(0%\)\nMae rhy ychydig o bartneriaid wedi ateb/);

    const t = trigger();
    await bed.clickMessageButton('U2', ACTIONS.answer, value, t);
    const view = await bed.slack.viewOpenedBy(t);
    expect(view.view.callback_id).toBe(VIEWS.notice);
    expect(readable(view.view.blocks)).toBe("Mae'r cylch adolygu hwn wedi cau, felly does dim modd newid atebion bellach.");
  });

  it('does not open the form for a round message shared into another channel', async () => {
    const value = await roundStarted();
    const t = trigger();
    await bed.interaction({
      type: 'block_actions',
      user: { id: 'U3', team_id: bed.slack.teamId },
      trigger_id: t,
      team: { id: bed.slack.teamId },
      channel: { id: 'C0ELSEWHERE' },
      actions: [{ action_id: ACTIONS.answer, value }],
    });
    const view = await bed.slack.viewOpenedBy(t);
    expect(readable(view.view.blocks)).toBe("That review round doesn't belong to this partnership. Please use the Answer button on the latest round card.");
  });

  it('sends reminders privately, in the member\'s language, naming the channel with a link', async () => {
    await roundStarted();
    const p = (await bed.app.app.services.get(pid()))!;
    const port = bed.app.app.services.deps.channels.get('slack')!;
    await port.notify(p, { id: 'U2' }, { kind: 'nudge', round: p.rounds[0]!, pagesLeft: 3 });
    const dm = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU2' && readable(a.blocks).includes('cyn bo hir'));
    expect(readable(dm.args.blocks)).toBe(
      "Bydd cylch adolygu 1 yn cau cyn bo hir (dydd Llun, 2 Mawrth am 11:00) a dydy eich atebion ddim yn gyflawn eto. Dim ond ychydig funudau mae'n ei gymryd: defnyddiwch y botwm Ateb ar gerdyn y cylch. Sianel: <#C0PARTNER>.",
    );
    expect(bed.slack.callsTo('conversations.open').some((c) => c.args.users === 'U2')).toBe(true);
  });

  it('takes no secretariat from a command typed before it is added: the person who adds it is the secretariat', async () => {
    bed.slack.addChannel({ id: 'C0LATER', name: 'hwyrach', members: ['U2', 'U3'] });
    expect(await say('U3', 'secretariat', { channel: 'C0LATER' })).toContain('/invite @asesu');
    expect(await say('U2', 'cymorth', { channel: 'C0LATER', command: COMMANDS.cy })).toContain('Ychwanegwch asesu yn gyntaf gyda /invite @asesu.');
    expect(await bed.app.app.services.get(partnershipId('slack', `${bed.slack.teamId}:C0LATER`))).toBeUndefined();
    bed.slack.channels.get('C0LATER')!.members.push(bed.slack.bot.userId);
    await bed.event({ type: 'member_joined_channel', user: bed.slack.bot.userId, channel: 'C0LATER', team: bed.slack.teamId, inviter: 'U2' });
    const welcome = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0LATER');
    expect(readable(welcome.args.blocks)).toContain('Sara Owen');
    expect(readable(welcome.args.blocks)).not.toContain('Rhys Price');
    expect(await say('U3', 'close', { channel: 'C0LATER' })).toContain("Only the partnership's secretariat can do that");
  });

  it('makes the inviter the secretariat even when a command raced the news that it was added', async () => {
    // asesu is already in the channel, but Slack's member_joined_channel has not arrived yet.
    bed.slack.addChannel({ id: 'C0RACE', name: 'ras', members: [bed.slack.bot.userId, 'U2', 'U3'] });
    const clock = bed.app.app.services.deps.clock as TestClock;
    await say('U3', 'help', { channel: 'C0RACE' });
    await bed.event({ type: 'member_joined_channel', user: bed.slack.bot.userId, channel: 'C0RACE', team: bed.slack.teamId, inviter: 'U2' });
    const welcome = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0RACE');
    expect(readable(welcome.args.blocks)).toContain('Sara Owen');
    const p = (await bed.app.app.services.get(partnershipId('slack', `${bed.slack.teamId}:C0RACE`)))!;
    expect(p.secretariat.map((m) => m.id)).toEqual(['U2']);
    expect(await say('U3', 'close', { channel: 'C0RACE' })).toContain("Only the partnership's secretariat can do that");
    // Invited again later (removed and added back), nobody's secretariat changes.
    clock.advance(60 * 60_000);
    await bed.event({ type: 'member_joined_channel', user: bed.slack.bot.userId, channel: 'C0RACE', team: bed.slack.teamId, inviter: 'U3' });
    await bed.app.app.services.flush();
    expect((await bed.app.app.services.get(p.id))!.secretariat.map((m) => m.id)).toEqual(['U2']);
  });
});
