/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS Jest config (the root ignores only jest.config.cjs) */
// The kernel suite: `*.kernel.ts` tests that need root and a kernel with ipvlan, dummy and 8021q. Run it through
// the VM lane, which boots such a kernel when the host lacks one:
//   tools/vm/run-kernel-suite.sh -- npx jest -c e2e/jest.kernel.config.cjs
// Tests create their own throwaway netns and links and exec the built plugin binaries.
module.exports = {
  ...require('../jest.preset.cjs'),
  rootDir: __dirname,
  displayName: 'kernel',
  // The preset's transform path is relative to libs/<x>; e2e sits one level higher.
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/../tools/jest/esbuild-transform.cjs' },
  testMatch: ['<rootDir>/src/**/*.kernel.ts'],
  // Suites share one kernel (and, in the VM, two emulated CPUs): one at a time.
  maxWorkers: 1,
  // Under qemu TCG a process start costs tens of milliseconds and a node start about a second.
  testTimeout: 180_000,
  slowTestThreshold: 60,
};
