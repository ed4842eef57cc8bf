// The fuzz lane: property-based runs (fast-check) of every built plugin (dist/bin/*) with generated configs, env and
// stdin, and kill -9-at-random harnesses for the stateful plugins. Root only (throwaway netns). Seeded: the seed is
// printed, and PLEXUS_FUZZ_SEED=<seed> replays a run; PLEXUS_FUZZ_RUNS scales the number of runs (default sized
// for ≤ 3 minutes on 2 cores). Run: npx jest -c e2e/jest.fuzz.config.cjs --json --outputFile=dist/test-results/fuzz.json
// --outputFile does not create its directory.
require('fs').mkdirSync(require('path').join(__dirname, '..', 'dist', 'test-results'), { recursive: true });

module.exports = {
  ...require('../jest.preset.cjs'),
  rootDir: __dirname,
  displayName: 'fuzz',
  testMatch: ['<rootDir>/src/fuzz/**/*.fuzz.ts'],
  // Each file works in its own netns and temp dirs, so two can run side by side.
  maxWorkers: 2,
  testTimeout: 170_000,
};
