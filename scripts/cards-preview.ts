/**
 * Renders every card both channels send, in both languages, at desktop and phone width, to
 * PNG files under preview/. Uses Debian's Chromium through playwright-core (no download).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../src/paths.js';
import { render as renderSlack } from './preview/slack.js';
import { render as renderTeams } from './preview/teams.js';

const outDir = join(ROOT, 'preview');
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const files = [...(await renderTeams(browser, outDir)), ...(await renderSlack(browser, outDir))];
  for (const file of files) console.log(file);
} finally {
  await browser.close();
}
