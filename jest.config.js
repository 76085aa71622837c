/** Jest runs the TypeScript tests as native ESM (lowdb is ESM-only); swc strips types, `npm run typecheck` checks them. */

/**
 * Suites that kill the service or a writer mid-burst, or build 10,000 partnerships: most of a
 * full run's time. `npm run test:faults` runs them (jest.faults.config.js) and CI runs them after
 * `npm test`, which leaves them out so a developer's inner loop stays fast.
 */
export const FAULT_SUITES = ['test/faults/kill.test.ts', 'test/store/crash.test.ts', 'test/scheduler/scale.test.ts'];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...FAULT_SUITES.map((path) => `<rootDir>/${path.replaceAll('.', '\\.')}$`)],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    }],
  },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
