import { ACTIONS, BLOCKS, COMMANDS, VIEWS } from '../../src/channels/slack/ids.js';
import type { StoredView } from '../fakes/slack-api.js';
import { TestClock } from '../support/app.js';
import { PEOPLE, picked, readable, SlackTestbed, trigger, typedText } from './support.js';

/**
 * Agreed actions in a Welsh-speaking Slack channel, through the real server and Bolt app:
 * agree two actions in the summary's modal, the owner's reminder, mark one done, and see them
 * on the next round's message, its form and its summary; the export carries them too.
 */

/** Every statement alike, per member: cascade and principles are priorities. */
const ANSWERS: Record<string, Record<string, number>> = {
  U1: { purpose: 5, engagement: 4, principles: 2, cascade: 1, monitoring: 4 },
  U2: { purpose: 4, engagement: 4, principles: 2, cascade: 2, monitoring: 4 },
  U3: { purpose: 4, engagement: 3, principles: 3, cascade: 2, monitoring: 5 },
};
const at = (iso: string) => Date.parse(iso);

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: { text: string } | string }[];
  element?: { options?: { value: string }[] };
}

describe('agreed actions in Slack', () => {
  const bed = new SlackTestbed();
  const clock = new TestClock(at('2026-03-02T10:00:00Z')); // Monday
  let pid = '';
  const stored = async () => (await bed.app.app.services.get(pid))!;
  const blocksOf = (view: StoredView) => view.view.blocks as Block[];

  beforeAll(async () => {
    await bed.start({ clock });
    bed.seed(PEOPLE.slice(0, 3));
    pid = bed.partnershipId;
  });
  afterAll(() => bed.stop());

  /** Sends a command and returns the reply only its sender sees. */
  async function command(userId: string, text: string, slash: string = COMMANDS.cy): Promise<string> {
    const c = bed.command(userId, text, { command: slash });
    await c.send();
    const reply = await bed.slack.waitFor('response_url', (a) => a.url === new URL(c.fields.response_url).pathname);
    return readable(reply.args.blocks);
  }

  async function submit(userId: string, view: StoredView, values: Record<string, Record<string, unknown>>): Promise<{ body: Record<string, unknown>; next?: StoredView }> {
    const body = (await bed.submitView(userId, view, values)).json() as Record<string, unknown>;
    return body.response_action === 'update' ? { body, next: bed.slack.applyViewUpdate(view.id, body.view as Record<string, unknown>) } : { body };
  }

  /** Opens the round message's form and answers every page; `onPage` sees each page first. */
  async function answer(userId: string, value: string, onPage: (view: StoredView) => void = () => {}): Promise<void> {
    const t = trigger();
    await bed.clickMessageButton(userId, ACTIONS.answer, value, t);
    let view = await bed.slack.viewOpenedBy(t);
    while (view.view.callback_id === VIEWS.page) {
      onPage(view);
      const c = (JSON.parse(String(view.view.private_metadata)) as { c: string }).c;
      const values: Record<string, Record<string, unknown>> = {};
      for (const b of blocksOf(view)) if (b.block_id?.startsWith(BLOCKS.statementPrefix)) values[b.block_id] = picked(String(Math.min(5, ANSWERS[userId]![c]! + shift)));
      view = (await submit(userId, view, values)).next!;
    }
  }
  let shift = 0;

  /** Starts a round, three members answer it, and it closes; returns the round and summary messages. */
  async function runRound(onPage: (userId: string, view: StoredView) => void = () => {}): Promise<{ round: string; summary: Block[] }> {
    await command('U1', 'dechrau 30 munud');
    const number = (await stored()).rounds.length;
    const message = await bed.slack.waitFor('chat.postMessage', (a) => a.channel === bed.channel && readable((a.blocks as Block[])[0]) === `Cylch adolygu ${number}`);
    const blocks = message.args.blocks as Block[];
    const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.answer)!.value!;
    for (const u of ['U1', 'U2', 'U3']) await answer(u, value, (v) => onPage(u, v));
    await command('U1', 'cau');
    const summary = await bed.slack.waitFor('chat.postMessage', (a) => readable(a.blocks).includes(`Crynodeb cylch adolygu ${number}`));
    return { round: readable(blocks), summary: summary.args.blocks as Block[] };
  }

  let summary: Block[] = [];
  let agreeValue = '';

  it('puts an Agree actions button on the summary; a partner who clicks it is refused politely', async () => {
    expect(await command('U1', 'iaith cy')).toBe('This partnership now uses Welsh.');
    ({ summary } = await runRound());
    const button = summary.at(-1)!.elements![0]!;
    expect(button).toMatchObject({ action_id: ACTIONS.agree, text: { text: 'Cytuno ar gamau gweithredu' } });
    agreeValue = button.value!;
    const t = trigger();
    await bed.clickMessageButton('U3', ACTIONS.agree, agreeValue, t);
    expect(readable((await bed.slack.viewOpenedBy(t)).view.blocks)).toBe("Only the partnership's secretariat can do that. If it needs doing, please ask one of them: Alun Jones.");
  });

  it('agrees two actions in the modal: a date that does not exist is marked on its box, and a Welsh date is read', async () => {
    const t = trigger();
    await bed.clickMessageButton('U1', ACTIONS.agree, agreeValue, t);
    const modal = await bed.slack.viewOpenedBy(t);
    expect(modal.view.callback_id).toBe(VIEWS.agree);
    const headings = blocksOf(modal).filter((b) => b.type === 'section' && b.text?.text.startsWith('*')).map((b) => b.text!.text);
    expect(headings.slice(0, 2)).toEqual(['*4. How information and decisions cascade — Priority*', '*3. Commitment to partnership principles — Priority*']);
    const owners = blocksOf(modal).find((b) => b.block_id === `${BLOCKS.ownerPrefix}cascade`)!.element!.options!.map((o) => o.value);
    expect(owners).toEqual(['none', 'U1', 'U2', 'U3']);

    const values = {
      [`${BLOCKS.actionPrefix}cascade`]: typedText('Cynllun i rannu papurau <!channel>'),
      [`${BLOCKS.ownerPrefix}cascade`]: { value: { type: 'static_select', selected_option: { value: 'U2' } } },
      [`${BLOCKS.duePrefix}cascade`]: typedText('31 Chwefror'),
      [`${BLOCKS.actionPrefix}principles`]: typedText('Share papers a week ahead'),
      [`${BLOCKS.ownerPrefix}principles`]: { value: { type: 'static_select', selected_option: { value: 'U3' } } },
      [`${BLOCKS.duePrefix}principles`]: typedText(null),
      [`${BLOCKS.actionPrefix}purpose`]: typedText(null),
    };
    const refused = await submit('U1', modal, values);
    expect(refused.body).toEqual({ response_action: 'errors', errors: { [`${BLOCKS.duePrefix}cascade`]: "That date doesn't exist. Use 2026-04-30 or 30 April." } });
    expect((await stored()).actions).toEqual([]);

    const saved = await submit('U1', modal, { ...values, [`${BLOCKS.duePrefix}cascade`]: typedText('5 Mawrth') });
    expect(readable(saved.next!.view.blocks)).toContain('Actions recorded: 2.');
    expect((await stored()).actions.map((a) => [a.number, a.characteristicId, a.owner, a.due])).toEqual([
      [1, 'cascade', { id: 'U2', name: 'Sara Owen', locale: 'cy-GB' }, '2026-03-05'],
      [2, 'principles', { id: 'U3', name: 'Rhys Price', locale: 'en-GB' }, undefined],
    ]);
  });

  it('reminds the owner once, in her own language, on the working day before', async () => {
    const dm = () => bed.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DU2' && readable(c.args.blocks).includes('Cam gweithredu 1'));
    clock.at = at('2026-03-04T09:05:00Z');
    await bed.app.app.scheduler.tick();
    await bed.app.app.scheduler.tick();
    expect(dm()).toHaveLength(1);
    const text = readable(dm()[0]!.args.blocks);
    expect(text).toMatch(/^Nodyn atgoffa am gam gweithredu rydych chi'n gyfrifol amdano\. Cam gweithredu 1: Cynllun i rannu papurau &lt;!channel&gt;\. Erbyn: 5 Mawrth 2026\. Pan fydd wedi'i gwblhau, teipiwch \/asesu camau cwblhau 1\. Sianel: <#C0PARTNER>\.$/);
  });

  it('lets the owner mark it done; anyone can list the actions', async () => {
    expect(await command('U2', 'camau cwblhau 1')).toBe("Mae cam gweithredu 1 wedi'i gwblhau. Diolch.");
    expect(await command('U3', 'camau cwblhau 1')).toBe('Only the person responsible for action 1, or the secretariat, can mark it done.');
    expect(await command('U1', 'actions done 1', COMMANDS.en)).toBe('Action 1 is already done.');
    const list = await command('U3', 'actions', COMMANDS.en);
    expect(list).toContain('1. Cynllun i rannu papurau &lt;!channel&gt; — Characteristic: How information and decisions cascade · Responsible: Sara Owen · Due: 5 March 2026 · Done');
  });

  it('shows the actions on the next round message, on the form page and beside the trend in its summary', async () => {
    clock.at = at('2026-03-09T10:00:00Z');
    shift = 1;
    const pages: string[] = [];
    const next = await runRound((u, view) => {
      if (u === 'U2') pages.push(readable(view.view.blocks));
    });
    expect(next.round).toContain("Camau gweithredu y cytunwyd arnynt ers yr adolygiad diwethaf: 2 (1 wedi'i gwblhau, 1 ar agor)");
    expect(pages[3]).toContain("*Camau gweithredu y cytunwyd arnynt ers yr adolygiad diwethaf*\n• Cynllun i rannu papurau &lt;!channel&gt; (Wedi'i gwblhau)");
    expect(pages[0]).not.toContain('Camau gweithredu');
    const row = next.summary.find((b) => b.text?.text.startsWith('*Rhaeadru'))!.text!.text;
    expect(row).toContain("✓ Camau gweithredu wedi'u cwblhau ers y cylch diwethaf: Cynllun i rannu papurau &lt;!channel&gt;");
    expect(JSON.stringify(bed.slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args.blocks))).not.toContain('<!channel>');
  });

  it('sends the actions in the export, after the results', async () => {
    await command('U1', 'export', COMMANDS.en);
    await bed.slack.waitFor('files.completeUploadExternal');
    const csv = [...bed.slack.uploads.values()].find((u) => u.filename?.startsWith('asesu-2-'))!.bytes!.toString('utf8');
    const lines = csv.split('\r\n');
    const header = lines.indexOf('Action,What was agreed,Characteristic,Responsible,Due,Status,Agreed,Done');
    expect(header).toBeGreaterThan(0);
    expect(lines[header - 1]).toBe('');
    expect(lines.slice(header + 1, header + 3)).toEqual([
      '1,Cynllun i rannu papurau <!channel>,How information and decisions cascade,Sara Owen,2026-03-05,Done,2026-03-02,2026-03-04',
      '2,Share papers a week ahead,Commitment to partnership principles,Rhys Price,,Open,2026-03-02,',
    ]);
  });
});
