// Shared Jest settings: TypeScript (and the ESM-only dependencies such as execa) are compiled to CommonJS by
// esbuild, which is ~20x faster than ts-jest and keeps one compiler for tests and bundles.
module.exports = {
  testEnvironment: 'node',
  // unicorn-magic (an execa dependency) exports only under `import`; point Jest at its file (esbuild makes it CJS).
  moduleNameMapper: { '^unicorn-magic$': require('path').join(__dirname, 'node_modules/unicorn-magic/node.js') },
  transform: { '^.+\\.(ts|js|mjs)$': require('path').join(__dirname, 'tools/jest/esbuild-transform.cjs') },
  // @kubernetes/client-node 1.x and its ESM-only dependencies (openid-client, oauth4webapi, jose, jsonpath-plus) go through the same transform.
  transformIgnorePatterns: ['/node_modules/(?!(execa|@sindresorhus|figures|get-stream|human-signals|is-plain-obj|is-stream|npm-run-path|parse-ms|path-key|pretty-ms|strip-final-newline|unicorn-magic|yoctocolors|is-unicode-supported|@sec-ant|@kubernetes/client-node|openid-client|oauth4webapi|jose|jsonpath-plus|rfc4648)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  clearMocks: true,
};
