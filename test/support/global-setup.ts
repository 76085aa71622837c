/**
 * Every test writes its data folders under one temporary root made for the run (the tests,
 * and the service processes they spawn, find it through TMPDIR); global-teardown removes it,
 * so a run leaves nothing behind in the machine's temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): void {
  const root = mkdtempSync(join(tmpdir(), 'asesu-tests-'));
  process.env.ASESU_TEST_TMP_ROOT = root;
  process.env.TMPDIR = root;
}
