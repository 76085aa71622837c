/** The slow fault suites only (see FAULT_SUITES): `npm run test:faults`. */
import base, { FAULT_SUITES } from './jest.config.js';

export default {
  ...base,
  testMatch: FAULT_SUITES.map((path) => `<rootDir>/${path}`),
  testPathIgnorePatterns: ['/node_modules/'],
};
