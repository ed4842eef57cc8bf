// Lint bar: typescript-eslint recommended, named exports only, and Nx module boundaries by tag:
// plugins depend only on libs; libs never on plugins; execa and @kubernetes/client-node are each imported by one lib.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', 'dist/**', '.nx/**', '**/jest.config.cjs', '**/jest.*.config.cjs', 'jest.preset.cjs', 'tools/jest/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:lib'], bannedExternalImports: ['execa', '@kubernetes/client-node'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'layer:pure', bannedExternalImports: ['execa', '@kubernetes/client-node', 'node:child_process', 'child_process'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            // The node agent (agent/plexus-node) reaches the API only through libs/k8s and starts processes only through libs/exec.
            { sourceTag: 'type:agent', onlyDependOnLibsWithTags: ['type:lib'], bannedExternalImports: ['execa', '@kubernetes/client-node'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:agent'] },
          ],
        },
      ],
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
    // libs/k8s's specs drive the Kubernetes API emulator (tools/src/api-emulator) through the real client library.
    files: ['libs/k8s/src/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [{ sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] }],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
