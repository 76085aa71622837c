/**
 * Runs every test of the given files on its own (`jest <file> -t "^<its name>$"`) and lists
 * those that fail alone: a test that passes only after its neighbours has borrowed their state.
 * Slow (one jest start per test), so it is run by hand: `npm run build && npm run test:alone -- <files>`.
 */
import { spawnSync } from 'node:child_process';

const JEST = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', '--disable-warning=DEP0111', 'node_modules/jest/bin/jest.js'];

interface Result {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

function jest(args: string[]): Result {
  // Ignoring only node_modules lets the fault suites, which `npm test` leaves out, be checked
  // too; last, because the option takes every word after it as another pattern.
  const run = spawnSync(process.execPath, [...JEST, '--json', ...args, '--testPathIgnorePatterns', '/node_modules/'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    return JSON.parse(run.stdout) as Result;
  } catch {
    throw new Error(`jest gave no results for ${args.join(' ')}:\n${run.stderr.slice(-2_000)}`);
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npm run test:alone -- <test files>\n');
  process.exit(2);
}
const failing: string[] = [];
for (const file of files) {
  const whole = jest([file]);
  const names = whole.testResults.flatMap((t) => t.assertionResults.map((a) => a.fullName));
  process.stdout.write(`${file}: ${names.length} tests, ${whole.numFailedTests} failing together\n`);
  for (const name of names) {
    const alone = jest([file, '-t', `^${escape(name)}$`]);
    const ran = alone.numPassedTests + alone.numFailedTests;
    if (alone.numFailedTests > 0 || ran !== 1) {
      const why = alone.testResults.flatMap((t) => t.assertionResults.flatMap((a) => a.failureMessages)).join('\n').split('\n')[0] ?? '';
      failing.push(`${file} › ${name}`);
      process.stdout.write(`  FAILS ALONE (${ran} ran): ${name}\n    ${why}\n`);
    }
  }
}
process.stdout.write(failing.length ? `\n${failing.length} tests fail alone:\n${failing.join('\n')}\n` : '\nevery test passes alone\n');
process.exit(failing.length ? 1 : 0);
