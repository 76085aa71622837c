import { INPUT, OWNER_NONE, VERB } from '../../src/channels/teams/actions.js';
import { partnershipId } from '../../src/services/index.js';
import { BotConnector } from '../fakes/bot-connector.js';
import { startTestApp, TestClock, type TestApp } from '../support/app.js';
import { spat } from '../support/builders.js';
import { actionsOf, BOT, cardOf, CHANNEL, dialogCard, inputsOf, paragraphsOf, TeamsClient, textsOf, user, type User } from './client.js';

/**
 * Agreed actions in a bilingual Teams channel, through the real server: agree two actions from
 * the summary's dialog, the owner's reminders, mark one done, and see them at the next review.
 */

const alice = user('Alice'); // secretariat
const bryn = user('Bryn', 'cy-GB'); // owns an action, reads Welsh
const carys = user('Carys');
const dafydd = user('Dafydd');
const members = [alice, bryn, carys, dafydd];

/** Every statement of a characteristic alike, per member: principles and cascade are priorities, engagement is divided. */
const ANSWERS: Record<string, number[]> = { purpose: [5, 5, 4, 4], engagement: [1, 5, 4, 5], principles: [2, 2, 3, 2], cascade: [2, 1, 2, 2], monitoring: [4, 4, 4, 5] };
const at = (iso: string) => Date.parse(iso);

describe('agreed actions on Teams', () => {
  let connector: BotConnector;
  let t: TestApp;
  let teams: TeamsClient;
  const clock = new TestClock(at('2026-03-02T10:00:00Z')); // Monday
  const pid = partnershipId('teams', CHANNEL);
  const stored = async () => (await t.app.services.get(pid))!;
  const sends = () => connector.posted(CHANNEL).filter((c) => c.method === 'send');
  const lastReply = () => paragraphsOf(connector.calls.filter((c) => c.method === 'reply').pop()!);

  beforeAll(async () => {
    connector = await new BotConnector().start();
    t = await startTestApp({ DEFAULT_LANGUAGE: 'cy+en' }, { clock });
    teams = new TeamsClient(t.url, connector);
    connector.members.set(CHANNEL, [...members.map((m) => ({ id: m.id, name: m.name })), { id: BOT.id, name: BOT.name }]);
    await teams.install(alice);
  });
  afterAll(async () => {
    await t.stop();
    await connector.stop();
  });

  /** Starts a round, every member answers it, and it closes; returns the round card's and the summary's cards. */
  async function runRound(shift = 0, whileOpen: (roundId: string) => Promise<void> = async () => {}): Promise<{ roundId: string; card: Record<string, unknown>; summary: Record<string, unknown> }> {
    await teams.say(alice, 'start 2h');
    const card = cardOf(sends().pop())!;
    const roundId = String(actionsOf(card)[0]!.roundId);
    for (const [who, member] of members.entries()) {
      for (const [page, c] of spat.characteristics.entries()) {
        const data: Record<string, unknown> = { verb: VERB.save, roundId, characteristicId: c.id, page };
        for (const s of c.statements) data[`${INPUT.answerPrefix}${s.id}`] = String(Math.min(5, ANSWERS[c.id]![who]! + shift));
        await teams.submit(member, data);
      }
    }
    await whileOpen(roundId);
    await teams.say(alice, 'close');
    return { roundId, card, summary: cardOf(sends().pop())! };
  }

  let round1 = '';

  test('the summary has an Agree actions button that opens the dialog for the secretariat only', async () => {
    const { roundId, summary } = await runRound();
    round1 = roundId;
    const agree = actionsOf(summary).find((a) => a.verb === VERB.agree)!;
    expect(agree).toMatchObject({ title: 'Cytuno ar gamau gweithredu / Agree actions', roundId, msteams: { type: 'task/fetch' } });

    const partner = dialogCard((await teams.invoke(dafydd, 'task/fetch', { data: agree })).body)!;
    expect(textsOf(partner).join(' ')).toContain("Only the partnership's secretariat can do that.");

    const dialog = dialogCard((await teams.invoke(alice, 'task/fetch', { data: agree })).body)!;
    const texts = textsOf(dialog);
    expect(texts[0]).toBe('Agree actions');
    // Priorities first (lowest score first), then the divided view, then the rest.
    const headings = texts.filter((x) => /^\d\. /.test(x));
    expect(headings).toEqual([
      '4. How information and decisions cascade — Priority',
      '3. Commitment to partnership principles — Priority',
      '2. Meaningful, continuous engagement — Divided views',
      '1. Clear purpose and focus',
      '5. Monitoring and review',
    ]);
    const owners = inputsOf(dialog).find((i) => i.id === `${INPUT.ownerPrefix}cascade`)!;
    expect(owners.choices).toEqual([OWNER_NONE, alice.id, bryn.id, carys.id, dafydd.id]);
  });

  test('a past date comes back marked with what was typed; two actions are then agreed', async () => {
    const data = {
      verb: VERB.agreeSave,
      roundId: round1,
      [`${INPUT.actionPrefix}cascade`]: 'Draft a plan for passing papers to every member',
      [`${INPUT.ownerPrefix}cascade`]: bryn.id,
      [`${INPUT.duePrefix}cascade`]: '2026-03-01',
      [`${INPUT.actionPrefix}principles`]: 'Share papers a week ahead',
      [`${INPUT.ownerPrefix}principles`]: carys.id,
      [`${INPUT.duePrefix}principles`]: '',
      [`${INPUT.actionPrefix}purpose`]: '',
      [`${INPUT.ownerPrefix}purpose`]: OWNER_NONE,
    };
    const marked = dialogCard((await teams.submit(alice, data)).body)!;
    expect(textsOf(marked)).toContain('Please check the actions marked below.');
    expect(textsOf(marked)).toContain('That date has passed. Please choose today or a later date.');
    expect(inputsOf(marked).find((i) => i.id === `${INPUT.actionPrefix}cascade`)?.value).toBe('Draft a plan for passing papers to every member');
    expect((await stored()).actions).toEqual([]);

    const done = dialogCard((await teams.submit(alice, { ...data, [`${INPUT.duePrefix}cascade`]: '2026-03-05' })).body)!;
    expect(textsOf(done).join('\n')).toContain('Actions recorded: 2.');
    const actions = (await stored()).actions;
    expect(actions.map((a) => [a.number, a.characteristicId, a.owner?.id, a.due, a.status, a.roundId])).toEqual([
      [1, 'cascade', bryn.id, '2026-03-05', 'open', round1],
      [2, 'principles', carys.id, undefined, 'open', round1],
    ]);
  });

  test('the owner is reminded privately, in Welsh, the working day before and on the day, once each', async () => {
    const reminders = () => connector.privateTexts(bryn.id).filter((x) => x.includes('Cam gweithredu 1'));
    clock.at = at('2026-03-03T16:00:00Z'); // Tuesday: too early
    await t.app.scheduler.tick();
    expect(reminders()).toHaveLength(0);
    clock.at = at('2026-03-04T07:00:00Z'); // Wednesday before working hours
    await t.app.scheduler.tick();
    expect(reminders()).toHaveLength(0);
    clock.at = at('2026-03-04T09:05:00Z');
    await t.app.scheduler.tick();
    await t.app.scheduler.tick();
    // The roster does not say which language Bryn reads, so the reminder follows the partnership's: Welsh first.
    expect(reminders()).toEqual([
      [
        "Nodyn atgoffa am gam gweithredu rydych chi'n gyfrifol amdano. Cam gweithredu 1: Draft a plan for passing papers to every member. Erbyn: 5 Mawrth 2026. Pan fydd wedi'i gwblhau, teipiwch @asesu camau cwblhau 1. Sianel: Wales Social Partnership.",
        "A reminder about an action you are responsible for. Action 1: Draft a plan for passing papers to every member. Due: 5 March 2026. When it's done, type @asesu actions done 1 in Wales Social Partnership.",
      ].join('\n\n'),
    ]);
    clock.at = at('2026-03-05T09:30:00Z'); // Thursday, the due day
    await t.app.scheduler.tick();
    await t.app.scheduler.tick();
    expect(reminders()).toHaveLength(2);
    expect(reminders()[1]).toMatch(/^Mae cam gweithredu rydych chi'n gyfrifol amdano i'w gwblhau heddiw\./);
    expect(connector.privateTexts(carys.id).filter((x) => x.includes('action'))).toEqual([]);
  });

  test('status shows the secretariat what is overdue; a partner cannot mark another’s action done or drop one', async () => {
    clock.at = at('2026-03-06T10:00:00Z');
    await teams.say(alice, 'status');
    expect(connector.privateTexts(alice.id).pop()).toContain('Actions past their due date: 1');
    await teams.say(dafydd, 'actions done 1');
    expect(connector.privateTexts(dafydd.id).pop()).toBe('Only the person responsible for action 1, or the secretariat, can mark it done.');
    await teams.say(dafydd, 'actions drop 2');
    expect(connector.privateTexts(dafydd.id).pop()).toContain("Only the partnership's secretariat can do that.");
    expect((await stored()).actions.map((a) => a.status)).toEqual(['open', 'open']);
  });

  test('the owner marks theirs done in Welsh, and the channel hears it', async () => {
    await teams.say(bryn, 'camau cwblhau 1');
    expect(lastReply()).toEqual(["Mae cam gweithredu 1 wedi'i gwblhau. Diolch.", 'Action 1 is done. Thank you.']);
    await teams.say(carys, 'actions');
    const list = connector.privateTexts(carys.id).pop()!;
    expect(list).toContain('1. Draft a plan for passing papers to every member — Characteristic: How information and decisions cascade · Responsible: Bryn · Due: 5 March 2026 · Done');
    expect(list).toContain('2. Share papers a week ahead — Characteristic: Commitment to partnership principles · Responsible: Carys · Open');
  });

  test('the secretariat adds one by command, mentioning who is responsible; bad input gets a clear message and changes nothing', async () => {
    await teams.say(alice, 'actions add "Invite the unions" for 9');
    expect(connector.privateTexts(alice.id).pop()).toBe('Choose a characteristic by its number in the summary, from 1 to 5.');
    await teams.say(alice, 'actions add "Invite the unions" due 31 February 2027');
    expect(connector.privateTexts(alice.id).pop()).toBe("That date doesn't exist. Use 2026-04-30 or 30 April.");
    await teams.say(alice, 'actions add "Invite the unions" owner');
    expect(connector.privateTexts(alice.id).pop()).toBe('Mention the person responsible, for example @asesu actions add "…" owner @name.');
    await teams.say(bryn, 'camau ychwanegu "Gwahodd yr undebau"');
    expect(connector.privateTexts(bryn.id).pop()).toMatch(/^Dim ond ysgrifenyddiaeth y bartneriaeth/);
    expect((await stored()).actions).toHaveLength(2);

    await teams.say(alice, 'actions add "Invite the unions <at>x</at>" for 2 owner due 20 March', [dafydd]);
    expect(lastReply().join('\n')).toContain('3. Invite the unions — Characteristic: Meaningful, continuous engagement · Responsible: Dafydd · Due: 20 March 2026 · Open');
    await teams.say(alice, 'camau dileu 3');
    expect(lastReply()).toEqual(["Mae cam gweithredu 3 wedi'i ollwng.", 'Action 3 has been dropped.']);
    expect((await stored()).actions.map((a) => a.status)).toEqual(['done', 'open', 'dropped']);
  });

  test('the next round’s card and form pages show the actions; its summary shows the one done beside the trend', async () => {
    clock.at = at('2026-03-09T10:00:00Z');
    const pages: Record<string, string[]> = {};
    const { card, summary } = await runRound(1, async (roundId) => {
      pages.cascade = textsOf(dialogCard((await teams.submit(bryn, { verb: VERB.goto, roundId, page: 3 })).body));
      pages.principles = textsOf(dialogCard((await teams.submit(carys, { verb: VERB.goto, roundId, page: 2 })).body));
      pages.purpose = textsOf(dialogCard((await teams.submit(carys, { verb: VERB.goto, roundId, page: 0 })).body));
    });
    expect(textsOf(card)).toContain("Camau gweithredu y cytunwyd arnynt ers yr adolygiad diwethaf: 3 (1 wedi'i gwblhau, 1 ar agor, 1 wedi'i ollwng)");
    expect(textsOf(card)).toContain('3 actions agreed since the last review: 1 done, 1 open, 1 dropped');

    expect(pages.cascade).toContain('Camau gweithredu y cytunwyd arnynt ers yr adolygiad diwethaf');
    expect(pages.cascade).toContain("• Draft a plan for passing papers to every member (Wedi'i gwblhau)");
    expect(pages.principles).toContain('• Share papers a week ahead (Open)');
    expect(pages.purpose).not.toContain('Actions agreed since the last review');

    const texts = textsOf(summary);
    const row = texts.findIndex((x) => x.startsWith('4. Rhaeadru'));
    expect(texts.slice(row, row + 12)).toContain(
      "✓ Camau gweithredu wedi'u cwblhau ers y cylch diwethaf / Actions done since the last round: Draft a plan for passing papers to every member",
    );
    expect(texts.filter((x) => x.startsWith('✓'))).toHaveLength(1);
  });
});
