// Jest transformer: compiles TypeScript and ESM JavaScript to CommonJS with esbuild.
const { transformSync } = require('esbuild');

module.exports = {
  process(sourceText, sourcePath) {
    const loader = sourcePath.endsWith('.ts') ? 'ts' : 'js';
    const out = transformSync(sourceText, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: sourcePath,
      // import.meta.url is used by some ESM dependencies; give them the CommonJS equivalent.
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: 'var __importMetaUrl = require("url").pathToFileURL(__filename).href;',
      supported: { 'dynamic-import': false },
    });
    return { code: out.code };
  },
  getCacheKey(sourceText, sourcePath) {
    return require('crypto').createHash('sha1').update(sourcePath).update('\0').update(sourceText).update('v2').digest('hex');
  },
};
