// kubernetes-models (used to validate deploy/ against the Kubernetes OpenAPI schemas) and its helpers are ESM-only
// packages exporting only under the `import` condition. Resolve those with `import`; the shared esbuild transform
// turns them into CommonJS. Everything else resolves as usual.
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/|is-cidr|cidr-regex|ip-regex)/;
module.exports = (path, options) =>
  options.defaultResolver(path, ESM_ONLY.test(path) ? { ...options, conditions: ['import', 'default'] } : options);
