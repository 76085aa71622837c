import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { z } from 'zod';
import { parseCommand } from '../../src/i18n/commands.js';
import { buildPackage, MANIFEST_DIR, manifestProblems } from '../../scripts/package-teams.js';

const manifest = z
  .looseObject({
    manifestVersion: z.string(),
    icons: z.object({ color: z.string(), outline: z.string() }),
    bots: z.array(z.looseObject({ botId: z.string(), scopes: z.array(z.string()), commandLists: z.array(z.object({ scopes: z.array(z.string()), commands: z.array(z.object({ title: z.string(), description: z.string() })) })) })),
  })
  .parse(JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')));
const welsh = z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(join(MANIFEST_DIR, 'cy.json'), 'utf8')));

/** Width, height and RGBA pixels of a PNG (8-bit RGB or RGBA, as Chromium writes them). */
function readPng(file: string): { width: number; height: number; pixels: number[][] } {
  const bytes = readFileSync(file);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const channels = bytes[25] === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const pixels: number[][] = [];
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      line[x] = (line[x]! + [0, a, b, (a + b) >> 1, paeth][filter]!) & 255;
    }
    for (let x = 0; x < stride; x += channels) pixels.push([line[x]!, line[x + 1]!, line[x + 2]!, channels === 4 ? line[x + 3]! : 255]);
    previous = line;
  }
  return { width, height, pixels };
}

describe('the Teams app package', () => {
  test('the manifest and its Welsh strings match the vendored 1.30 schemas', () => {
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifestProblems()).toEqual([]);
  });

  test('a broken manifest is caught', () => {
    const broken = { ...JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')), icons: { color: 'color.png' }, accentColor: 'green' };
    expect(manifestProblems(broken).join('\n')).toMatch(/outline/);
  });

  test('the bot works in teams, group chats and personal chats, with every command in both languages', () => {
    const bot = manifest.bots[0]!;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const commands = bot.commandLists[0]!.commands;
    for (const [i, c] of commands.entries()) {
      expect(parseCommand(c.title).ok).toBe(true);
      const cy = welsh[`bots[0].commandLists[0].commands[${i}].title`]!;
      expect(parseCommand(cy)).toEqual(parseCommand(c.title));
      expect(welsh[`bots[0].commandLists[0].commands[${i}].description`]).toBeTruthy();
    }
    // Teams lists at most 12 commands; language and timezone are set once and left to help.
    expect(commands.map((c) => c.title)).toEqual(['help', 'start', 'status', 'close', 'summary', 'schedule', 'secretariat', 'groups', 'export', 'history', 'report', 'forget me']);
  });

  test('the icons: 192×192 colour, 32×32 white on transparent', () => {
    const color = readPng(join(MANIFEST_DIR, manifest.icons.color));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);
    const outline = readPng(join(MANIFEST_DIR, manifest.icons.outline));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const visible = outline.pixels.filter((p) => p[3]! > 0);
    expect(visible.length).toBeGreaterThan(50);
    expect(visible.length).toBeLessThan(32 * 32);
    expect(visible.every((p) => p[0] === 255 && p[1] === 255 && p[2] === 255)).toBe(true);
  });

  test('the zip holds the manifest with the app id filled in, the Welsh strings and the icons', async () => {
    const id = '12345678-1234-4abc-8def-123456789abc';
    const zip = await JSZip.loadAsync(await buildPackage(id));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'cy.json', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(packed.id).toBe(id);
    expect(packed.bots[0].botId).toBe(id);
    await expect(buildPackage('not-a-guid')).rejects.toThrow('MICROSOFT_APP_ID');
  });
});
