module.exports = {
  ...require('../jest.preset.cjs'),
  rootDir: __dirname,
  displayName: 'e2e',
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  // e2e tests build and exec binaries (and may touch the kernel): one at a time.
  maxWorkers: 1,
  // Each test execs node bundles several times; on a loaded 2-core CI machine that takes well over jest's 5 s.
  testTimeout: 60_000,
  // Fails a suite that creates a bridge in the root netns (they belong in throwaway netns).
  setupFilesAfterEnv: ['<rootDir>/src/support/root-netns-guard.ts'],
};
