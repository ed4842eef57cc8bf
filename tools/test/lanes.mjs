// The test lanes of `npm test`, declared up front: run-lanes.mjs runs them and summarize-jest.mjs expects a result
// from every one, so a lane that never ran is reported as failed instead of silently adding nothing.
//
// Adding a lane is one line here. Fields:
//   name      lane name (also the result file stem: dist/test-results/<name>.json)
//   kind      'nx'   — one nx target over every project that has it (one run-many for all nx lanes); with
//                      jest: true each project's target writes dist/test-results/<project>.json (jest --json),
//                      otherwise the lane's result is each task's outcome;
//             'jest' — a shell command that writes the jest --json file {result} (a path relative to the repo)
//   command   ('jest' lanes) bash command line; {result} is replaced by the result file path
//   root      needs root (netns, links); reported as failed, with that reason, when run without it
//   packages  Debian packages the lane needs, by group in tools/test/system-packages.txt (installed when missing)
/** @typedef {{name: string, kind: 'nx'|'jest', target?: string, jest?: boolean, command?: string, root?: boolean, packages?: string}} Lane */

/** @type {Lane[]} */
export const LANES = [
  { name: 'lint', kind: 'nx', target: 'lint' },
  { name: 'typecheck', kind: 'nx', target: 'typecheck' },
  { name: 'unit', kind: 'nx', target: 'test', jest: true },
  { name: 'build', kind: 'nx', target: 'build' },
  { name: 'e2e', kind: 'jest', root: true, packages: 'e2e', command: 'PLEXUS_ROOT_NETNS_GUARD=1 npx jest -c e2e/jest.config.cjs --json --outputFile={result}' },
  { name: 'fuzz', kind: 'jest', root: true, packages: 'e2e', command: 'npx jest -c e2e/jest.fuzz.config.cjs --json --outputFile={result}' },
  { name: 'cri', kind: 'jest', root: true, packages: 'cri', command: 'npx jest -c e2e/jest.cri.config.cjs --json --outputFile={result}' },
  { name: 'kernel-vm', kind: 'jest', root: true, packages: 'vm', command: 'tools/vm/run-kernel-suite.sh --timeout "${PLEXUS_VM_TIMEOUT:-2400}" --export {result} -- npx jest -c e2e/jest.kernel.config.cjs --json --outputFile={result}' },
];
