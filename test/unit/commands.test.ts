import { parseCommand } from '../../src/i18n/commands.js';
import { parseDuration } from '../../src/i18n/duration.js';

describe('the command parser', () => {
  it.each([
    ['help', { name: 'help' }],
    ['cymorth', { name: 'help' }],
    ['', { name: 'help' }],
    ['assess status', { name: 'status' }],
    ['statws', { name: 'status' }],
    ['START', { name: 'start' }],
    ['dechrau 30m', { name: 'start', durationMs: 30 * 60_000 }],
    ['start 2h', { name: 'start', durationMs: 2 * 3_600_000 }],
    ['start 7d', { name: 'start', durationMs: 7 * 86_400_000 }],
    ['dechrau 2 wythnos', { name: 'start', durationMs: 14 * 86_400_000 }],
    ['dechrau 45 munud', { name: 'start', durationMs: 45 * 60_000 }],
    ['cau', { name: 'close' }],
    ['crynodeb', { name: 'summary' }],
    ['amserlen bob mis', { name: 'schedule', schedule: { kind: 'monthly' } }],
    ['schedule quarterly', { name: 'schedule', schedule: { kind: 'quarterly' } }],
    ['amserlen bob hanner blwyddyn', { name: 'schedule', schedule: { kind: 'half-yearly' } }],
    ['schedule yearly', { name: 'schedule', schedule: { kind: 'yearly' } }],
    ['schedule off', { name: 'schedule', schedule: null }],
    ['amserlen i ffwrdd', { name: 'schedule', schedule: null }],
    ['schedule cron "30 9 * * 1"', { name: 'schedule', schedule: { kind: 'cron', expr: '30 9 * * 1' } }],
    ['schedule cron “0 10 1 */3 *”', { name: 'schedule', schedule: { kind: 'cron', expr: '0 10 1 */3 *' } }],
    ['schedule', { name: 'schedule' }],
    ['iaith cy+en', { name: 'language', language: 'cy+en' }],
    ['language Cymraeg', { name: 'language', language: 'cy' }],
    ['language en', { name: 'language', language: 'en' }],
    ['ysgrifenyddiaeth ychwanegu', { name: 'secretariat', action: 'add' }],
    ['secretariat remove', { name: 'secretariat', action: 'remove' }],
    ['secretariat', { name: 'secretariat', action: 'list' }],
    ['grwpiau', { name: 'groups' }],
    ['grŵpiau Cyflogwyr, Undebau llafur; Trydydd sector', { name: 'groups', groups: ['Cyflogwyr', 'Undebau llafur', 'Trydydd sector'] }],
    ['groups set Employers, Trade Unions', { name: 'groups', groups: ['Employers', 'Trade Unions'] }],
    ['groups off', { name: 'groups', groups: null }],
    ['allforio', { name: 'export' }],
    ['forget me', { name: 'forget' }],
    ['anghofio fi', { name: 'forget' }],
    ['actions', { name: 'actions', action: 'list' }],
    ['camau', { name: 'actions', action: 'list' }],
    ['actions done 3', { name: 'actions', action: 'done', number: 3 }],
    ['camau cwblhau #3', { name: 'actions', action: 'done', number: 3 }],
    ['camau dileu 12', { name: 'actions', action: 'drop', number: 12 }],
    ['actions drop 2', { name: 'actions', action: 'drop', number: 2 }],
    ['actions add "Draft a Plan" for 4 owner due 30 April', { name: 'actions', action: 'add', text: 'Draft a Plan', characteristic: 4, owner: true, due: { month: 4, day: 30 } }],
    ['actions add “Share papers” due 2026-04-30', { name: 'actions', action: 'add', text: 'Share papers', due: { year: 2026, month: 4, day: 30 } }],
    ['camau ychwanegu "Rhannu papurau\'n gynt" ar gyfer 3 yn gyfrifol erbyn 30 Ebrill', { name: 'actions', action: 'add', text: "Rhannu papurau'n gynt", characteristic: 3, owner: true, due: { month: 4, day: 30 } }],
    ['camau ychwanegu "Cyfarfod" erbyn 1 Gorffennaf 2026 yn gyfrifol: @Sara', { name: 'actions', action: 'add', text: 'Cyfarfod', owner: true, due: { year: 2026, month: 7, day: 1 } }],
    ['actions add Meet the unions for a change', { name: 'actions', action: 'add', text: 'Meet the unions for a change' }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it('names an unknown word so the reply can say which', () => {
    expect(parseCommand('Banana split')).toEqual({ ok: false, error: 'unknown', word: 'Banana' });
  });

  it('says which command was used wrongly', () => {
    expect(parseCommand('forget everything')).toEqual({ ok: false, error: 'usage', name: 'forget' });
    expect(parseCommand('language klingon')).toEqual({ ok: false, error: 'usage', name: 'language' });
    expect(parseCommand('schedule fortnightly')).toEqual({ ok: false, error: 'usage', name: 'schedule' });
    expect(parseCommand('close now')).toEqual({ ok: false, error: 'usage', name: 'close' });
    expect(parseCommand('schedule cron 30 9 * * 1')).toEqual({ ok: false, error: 'usage', name: 'schedule' });
    expect(parseCommand('actions finish 3')).toEqual({ ok: false, error: 'usage', name: 'actions' });
    expect(parseCommand('actions done three')).toEqual({ ok: false, error: 'usage', name: 'actions' });
    expect(parseCommand('actions add "Plan" tomorrow')).toEqual({ ok: false, error: 'usage', name: 'actions' });
    expect(parseCommand('actions add "Plan')).toEqual({ ok: false, error: 'usage', name: 'actions' });
  });

  it('reads the actions examples the help shows, in both languages', () => {
    expect(parseCommand('actions add "…" for 4 owner @name due 30 April')).toEqual({ ok: true, command: { name: 'actions', action: 'add', text: '…', characteristic: 4, owner: true, due: { month: 4, day: 30 } } });
    expect(parseCommand('camau ychwanegu "…" ar gyfer 4 yn gyfrifol @enw erbyn 30 Ebrill')).toEqual({ ok: true, command: { name: 'actions', action: 'add', text: '…', characteristic: 4, owner: true, due: { month: 4, day: 30 } } });
  });

  it('says when the date of an action cannot be read', () => {
    expect(parseCommand('actions add "Plan" due next week')).toEqual({ ok: false, error: 'date' });
    expect(parseCommand('camau ychwanegu "Cynllun" erbyn 31 Smarch')).toEqual({ ok: false, error: 'date' });
  });

  it('refuses durations outside 5 minutes to 90 days, and ones it cannot read', () => {
    expect(parseCommand('start 4m')).toEqual({ ok: false, error: 'durationRange' });
    expect(parseCommand('start 91d')).toEqual({ ok: false, error: 'durationRange' });
    expect(parseCommand('start soon')).toEqual({ ok: false, error: 'duration' });
    expect(parseDuration('5m')).toEqual({ ok: true, ms: 300_000 });
    expect(parseDuration('90d')).toEqual({ ok: true, ms: 90 * 86_400_000 });
    expect(parseDuration('3 diwrnod')).toEqual({ ok: true, ms: 3 * 86_400_000 });
    expect(parseDuration('2 awr')).toEqual({ ok: true, ms: 2 * 3_600_000 });
  });
});
