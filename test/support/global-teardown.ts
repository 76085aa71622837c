import { rmSync } from 'node:fs';

/** Removes the run's temporary root (see global-setup). */
export default function teardown(): void {
  const root = process.env.ASESU_TEST_TMP_ROOT;
  if (root) rmSync(root, { recursive: true, force: true });
}
