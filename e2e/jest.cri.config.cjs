/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS Jest config (the root ignores only jest.config.cjs) */
// The CRI lane (`npx jest -c e2e/jest.cri.config.cjs`): a private containerd (CRI plugin, runc, the node's CNI dirs prepared as the node agent does) creates
// pods through Plexus. Root only; one file at a time (each file runs its own containerd).
module.exports = {
  ...require('../jest.preset.cjs'),
  rootDir: __dirname,
  displayName: 'cri',
  testMatch: ['<rootDir>/src/cri/**/*.cri.ts'],
  maxWorkers: 1,
};
