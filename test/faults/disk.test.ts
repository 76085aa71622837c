import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dialogCard, textsOf } from '../teams/client.js';
import { SmallDisk, slackMember, snapshot, teamsMember, TwoPlatforms } from './support.js';

/**
 * A full or read-only data folder: the member is told, in their language, that their answers
 * could not be saved and to try again, with what they chose still on the page; the service
 * stays up; the data already stored is untouched; and once the disk is back, saving works.
 */
describe('a full or read-only disk', () => {
  const disk = new SmallDisk();
  const both = new TwoPlatforms();
  const welsh = teamsMember(1);
  const english = teamsMember(0);

  beforeAll(async () => {
    await disk.mount(1024);
    await both.start({ DATA_DIR: disk.dir });
    await both.openRounds(2);
    expect((await both.teamsPage(welsh, 0, '4')).status).toBe(200);
  });
  afterAll(async () => {
    disk.readOnly(false);
    await both.stop();
    disk.unmount();
  });

  async function fill(): Promise<string> {
    const filler = join(disk.dir, 'filler');
    // Write until the disk refuses: whatever is left is too little for a partnership file.
    for (let size = 1024 * 1024; size >= 512; size = Math.floor(size / 2)) {
      try {
        await writeFile(`${filler}-${size}`, Buffer.alloc(size));
      } catch {
        // ENOSPC: try a smaller piece.
      }
    }
    return filler;
  }

  /**
   * Waits for the scheduler's pending write of its index: a file open for writing keeps the
   * disk from being remounted read-only, and right after the rounds open one usually is.
   */
  async function readOnly(): Promise<void> {
    await both.bed.app.app.scheduler.tick();
    disk.readOnly(true);
  }

  async function empty(): Promise<void> {
    for (let size = 1024 * 1024; size >= 512; size = Math.floor(size / 2)) await rm(join(disk.dir, `filler-${size}`), { force: true });
  }

  it('tells a Welsh member on Teams that the page could not be saved, keeps their choices, and changes nothing', async () => {
    await fill();
    const before = await snapshot(disk.dir);
    const res = await both.teamsPage(welsh, 1, '2');
    expect(res.status).toBe(200);
    const card = dialogCard(res.body)!;
    const texts = textsOf(card).join('\n');
    expect(texts).toContain("Mae'n ddrwg gennym, doedd dim modd cadw hynny ar hyn o bryd. Does dim byd wedi newid. Rhowch gynnig arall arni mewn munud.");
    expect(texts).toContain('Adran 2 o 5');
    expect(JSON.stringify(card)).toContain('"value":"2"');
    expect(await snapshot(disk.dir)).toEqual(before);
    expect((await fetch(`${both.bed.app.url}/healthz`)).status).toBe(200);
    expect(both.bed.app.logs.lines.some((l) => l.msg === 'dialog page could not be saved')).toBe(true);

    await empty();
    const again = await both.teamsPage(welsh, 1, '2');
    expect(textsOf(dialogCard(again.body)).join('\n')).toContain('Adran 3 o 5');
    const p = (await both.bed.app.app.services.get(both.teamsPartnership))!;
    const pages = Object.values(p.rounds[0]!.responses).map((r) => Object.keys(r.pages));
    expect(pages).toEqual([['purpose', 'engagement']]);
  });

  it('tells an English member on Slack the same on the page they are on, over a read-only disk', async () => {
    const view = await both.slackOpen(slackMember(0));
    await readOnly();
    const before = await snapshot(disk.dir);
    const res = await both.slackPage(slackMember(0), view, '5');
    disk.readOnly(false);
    expect(res.status).toBe(200);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors)).toEqual(["Sorry, that couldn't be saved just now. Nothing was changed. Please try again in a moment."]);
    expect(await snapshot(disk.dir)).toEqual(before);

    const retried = await both.slackPage(slackMember(0), view, '5');
    expect((retried.json() as { response_action: string }).response_action).toBe('update');
    expect(Object.keys((await both.bed.app.app.services.get(both.slackPartnership))!.rounds[0]!.responses)).toHaveLength(1);
  });

  it('refuses a Teams member on a read-only disk in English when that is their language', async () => {
    await readOnly();
    const res = await both.teamsPage(english, 0, '3');
    disk.readOnly(false);
    expect(textsOf(dialogCard(res.body)).join('\n')).toContain("Sorry, that couldn't be saved just now.");
  });
});
