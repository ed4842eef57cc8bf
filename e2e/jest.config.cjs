module.exports = {
  ...require('../jest.preset.cjs'),
  rootDir: __dirname,
  displayName: 'e2e',
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  // e2e tests build and exec binaries (and may touch the kernel): one at a time.
  maxWorkers: 1,
};
