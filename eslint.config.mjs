// Lint bar: typescript-eslint recommended, named exports only, and Nx module boundaries by tag:
// plugins depend only on libs; libs never on plugins; execa and @kubernetes/client-node are each imported by one lib;
// testing libs (type:testing, e.g. the API emulator) are imported by specs, test helpers, e2e and tools only.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * moduleBoundaries builds the boundary rule; `testing` lists the tags that may also import type:testing libs (the
 * files-scoped block below passes plugin, lib and agent for specs and test helpers; production code gets none).
 */
function moduleBoundaries(testing = []) {
  const allowed = (tag, tags) => (testing.includes(tag) ? [...tags, 'type:testing'] : tags);
  return [
    'error',
    {
      allow: [],
      enforceBuildableLibDependency: false,
      depConstraints: [
        { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: allowed('type:plugin', ['type:lib']), bannedExternalImports: ['execa', '@kubernetes/client-node'] },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: allowed('type:lib', ['type:lib']) },
        { sourceTag: 'layer:pure', bannedExternalImports: ['execa', '@kubernetes/client-node', 'node:child_process', 'child_process'] },
        // A testing lib (a fake or emulator whole projects share) is built on plain libs only.
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
        // The api-emulator CLI (and demos, benchmarks) run the emulator: tools may import testing libs.
        { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
        // The node agent (agent/plexus-node) reaches the API only through libs/k8s and starts processes only through libs/exec.
        { sourceTag: 'type:agent', onlyDependOnLibsWithTags: allowed('type:agent', ['type:lib']), bannedExternalImports: ['execa', '@kubernetes/client-node'] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool', 'type:agent'] },
      ],
    },
  ];
}

export default [
  { ignores: ['**/node_modules/**', 'dist/**', '.nx/**', '**/jest.config.cjs', '**/jest.*.config.cjs', 'jest.preset.cjs', 'tools/jest/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(),
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      'no-console': 'error',
    },
  },
  {
    // Only libs/exec may start processes, only libs/k8s may talk to the API.
    files: ['plugins/**/*.ts', 'libs/**/*.ts', 'agent/**/*.ts'],
    ignores: ['libs/exec/**', 'libs/k8s/**', '**/*.spec.ts', '**/testing.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['execa', 'child_process', 'node:child_process', '@kubernetes/client-node'] }],
    },
  },
  {
    // A plugin's stdout is its CNI answer: only the skel writes it (and stderr), once, from the handlers' result.
    files: ['plugins/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/skel/**', '**/*.spec.ts', '**/testing.ts', '**/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: 'Only libs/skel writes a plugin\'s stdout: return the result instead.' },
        { object: 'process', property: 'stderr', message: 'Only libs/skel writes a plugin\'s stderr: log through @plexus/log or throw a CniError.' },
      ],
    },
  },
  {
    // Specs and test helpers (`testing.ts`, `testing/`) may import testing libs; the code they test may not.
    files: ['**/*.spec.ts', '**/testing.ts', '**/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(['type:plugin', 'type:lib', 'type:agent']) },
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
