import { ACTIONS } from '../../src/channels/slack/ids.js';
import { partnershipId } from '../../src/services/index.js';
import { TestClock } from '../support/app.js';
import { answerOpenRound, TWO_ROUNDS } from '../support/history.js';
import { readable, SlackTestbed } from './support.js';

/** `/assess history` and `/assess report` in a Slack channel, after two closed rounds, through the real server. */

const DAY = 24 * 3_600_000;

/** Waits for the work a Slack command does after its acknowledgement. */
async function until(ok: () => Promise<boolean> | boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('history and report on Slack', () => {
  const bed = new SlackTestbed();
  const clock = new TestClock(Date.UTC(2026, 2, 2, 10, 0));
  let pid = '';

  beforeAll(async () => {
    await bed.start({ clock }, { DEFAULT_LANGUAGE: 'cy+en' });
    bed.seed([
      { id: 'U1', name: 'alun', realName: 'Alun Jones', locale: 'en-GB' },
      { id: 'U2', name: 'sara', realName: 'Sara Owen', locale: 'cy-GB' },
      { id: 'U3', name: 'rhys', realName: 'Rhys Price', locale: 'en-GB' },
    ]);
    pid = partnershipId('slack', `${bed.slack.teamId}:${bed.channel}`);
    for (const responses of TWO_ROUNDS) {
      const summaries = summariesPosted();
      await bed.command('U1', 'start 7d').send();
      await until(async () => (await bed.app.app.services.get(pid))?.rounds.some((r) => r.closedAt === undefined && r.card) === true);
      await answerOpenRound(bed.app.app.store, pid, responses);
      await bed.command('U1', 'close').send();
      await until(async () => summariesPosted() > summaries);
      clock.advance(90 * DAY);
    }
  });
  afterAll(() => bed.stop());

  const summariesPosted = () => bed.slack.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.args.blocks).includes(ACTIONS.history)).length;

  const uploadsTo = (channel: string) => bed.slack.calls.filter((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === channel);

  it('the summary has a History button', () => {
    const summaries = bed.slack.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.args.blocks).includes(ACTIONS.history));
    expect(summaries).toHaveLength(2);
  });

  it('history uploads the chart to the channel with its figures as alt text and comment', async () => {
    const before = uploadsTo(bed.channel).length;
    await bed.command('U3', 'hanes').send();
    const complete = await bed.slack.waitFor('files.completeUploadExternal', (a) => a.channel_id === bed.channel);
    expect(uploadsTo(bed.channel)).toHaveLength(before + 1);
    const comment = String(complete.args.initial_comment);
    expect(comment).toContain('Sgoriau dros amser');
    expect(comment).toContain('4. Rhaeadru gwybodaeth a phenderfyniadau — Cylch 1: 2.7 (Blaenoriaeth); Cylch 2: rhy ychydig o atebion.');
    expect(comment).toContain('4. How information and decisions cascade — Round 1: 2.7 (Priority); Round 2: too few answers.');
    const asked = bed.slack.calls.filter((c) => c.method === 'files.getUploadURLExternal').at(-1)!;
    expect(asked.args.filename).toBe('asesu-history.png');
    expect(String(asked.args.alt_txt ?? asked.args.alt_text)).toContain('Cylch 1: 4.3 (Cryfder)');
    const upload = [...bed.slack.uploads.values()].find((u) => u.filename === 'asesu-history.png')!;
    expect(upload.bytes!.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('the History button posts the chart too', async () => {
    const before = uploadsTo(bed.channel).length;
    await bed.clickMessageButton('U2', ACTIONS.history, pid);
    await bed.slack.waitFor('files.completeUploadExternal', () => uploadsTo(bed.channel).length > before);
    expect(uploadsTo(bed.channel)).toHaveLength(before + 1);
  });

  it('a partner asking for the report is refused, and nothing is sent', async () => {
    const cmd = bed.command('U3', 'report');
    await cmd.send();
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(cmd.fields.response_url).pathname);
    expect(readable(reply.args.blocks)).toContain("Only the partnership's secretariat can do that.");
    expect(uploadsTo('DU3')).toHaveLength(0);
  });

  it('report sends the secretariat the HTML report in a private message', async () => {
    const cmd = bed.command('U1', 'adroddiad');
    await cmd.send();
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(cmd.fields.response_url).pathname);
    expect(readable(reply.args.blocks)).toBe("I've sent you asesu-report-2026-08-29.html in a private message.");
    const complete = await bed.slack.waitFor('files.completeUploadExternal', (a) => a.channel_id === 'DU1');
    // The note is in the member's own language; the report is in the partnership's, Welsh first.
    expect(String(complete.args.initial_comment)).toBe('Here is the report for the board. Closed review rounds: 2. Open it in a web browser to read or print it.');
    const html = [...bed.slack.uploads.values()].find((u) => u.filename === 'asesu-report-2026-08-29.html')!.bytes!.toString('utf8');
    expect(html).toContain('<h1>Adroddiad i&#39;r bwrdd</h1>');
    expect(html).toContain('<h1>Report for the board</h1>');
    expect(html.indexOf('Adroddiad i&#39;r bwrdd</h1>')).toBeLessThan(html.indexOf('Report for the board</h1>'));
  });
});
