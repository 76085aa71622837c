/**
 * `npm run package:teams`: validates the Teams app manifest against its vendored JSON schema
 * and writes asesu-teams.zip, ready to upload in Teams (Apps → Manage your apps → Upload).
 * With MICROSOFT_APP_ID set, the zip carries that id as the app id and bot id.
 * `npm run package:teams -- --icons` redraws the two icons with Chromium first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { ROOT } from '../src/paths.js';

export const MANIFEST_DIR = join(ROOT, 'manifest', 'teams');
const SCHEMA_DIR = join(MANIFEST_DIR, 'schema');
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The schemas are draft-04 with a few patterns that are not valid Unicode regular expressions; Ajv reads them as its default draft, which they use no differently. */
function validator(schemaFile: string): (data: unknown) => string[] {
  const schema = readJson(join(SCHEMA_DIR, schemaFile));
  if (typeof schema !== 'object' || schema === null) throw new Error(`${schemaFile} is not a schema`);
  const { $schema: _draft, ...rest } = schema as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(rest);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

/** Problems with the manifest and its Welsh strings; empty when both match their schemas. */
export function manifestProblems(manifest: unknown = readJson(join(MANIFEST_DIR, 'manifest.json')), welsh: unknown = readJson(join(MANIFEST_DIR, 'cy.json'))): string[] {
  return [...validator('MicrosoftTeams.schema.json')(manifest).map((p) => `manifest.json ${p}`), ...validator('MicrosoftTeams.Localization.schema.json')(welsh).map((p) => `cy.json ${p}`)];
}

/** The upload zip: the manifest (with the app id filled in), its Welsh strings and both icons. */
export async function buildPackage(appId: string | undefined): Promise<Buffer> {
  if (appId !== undefined && !GUID.test(appId)) throw new Error('MICROSOFT_APP_ID must be the bot\'s Microsoft app id (a GUID)');
  const text = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
  const manifestText = appId ? text.split(PLACEHOLDER_ID).join(appId) : text;
  const problems = manifestProblems(JSON.parse(manifestText));
  if (problems.length) throw new Error(`the Teams manifest is not valid:\n${problems.join('\n')}`);
  const zip = new JSZip();
  zip.file('manifest.json', manifestText);
  for (const file of ['cy.json', 'color.png', 'outline.png']) zip.file(file, readFileSync(join(MANIFEST_DIR, file)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Draws the icons: a colour tile with three rising bars, and the same bars in white on transparent. */
async function drawIcons(): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const bars = (x: number, w: number, fill: string) =>
    [0.35, 0.55, 0.8].map((h, i) => `<rect x="${x + i * w * 1.45}" y="${96 - 60 * h + 36}" width="${w}" height="${60 * h}" rx="${w / 5}" fill="${fill}"/>`).join('');
  const svg = {
    color: `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192"><rect width="192" height="192" fill="#00704A"/>${bars(52, 22, '#ffffff')}<rect x="44" y="140" width="104" height="8" rx="4" fill="#ffffff" opacity="0.85"/></svg>`,
    outline: `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 192 192">${bars(44, 28, '#ffffff')}<rect x="36" y="142" width="120" height="14" rx="7" fill="#ffffff"/></svg>`,
  };
  try {
    for (const [name, markup] of Object.entries(svg)) {
      const size = name === 'color' ? 192 : 32;
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(`<html><body style="margin:0;background:transparent">${markup}</body></html>`);
      writeFileSync(join(MANIFEST_DIR, `${name}.png`), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--icons')) await drawIcons();
  const appId = process.env.MICROSOFT_APP_ID?.trim() || undefined;
  const zip = await buildPackage(appId);
  const out = join(ROOT, 'asesu-teams.zip');
  writeFileSync(out, zip);
  console.log(`wrote asesu-teams.zip (${zip.length} bytes)${appId ? ` for app ${appId}` : '; set MICROSOFT_APP_ID to put your bot\'s app id in it'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
