#!/usr/bin/env node
// Bundles one Nx project into one extensionless executable with esbuild.
//   plugins/<name>/src/main.ts  →  dist/bin/<name>    (a CNI plugin, ready to be a `type`)
//   tools/src/cli/<name>.ts     →  dist/tools/<name>  (a CLI such as cnictl)
//   agent/<name>/src/main.ts    →  dist/tools/<name>  (the node agent, plexus-node)
// The second line of every plugin bundle is a marker that lets a Plexus meta plugin run it in-process.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLUGIN_MARKER = '// plexus-plugin-api:1';
const pkgVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
/** The version printed in a plugin's about line and recorded by the installer: package version + commit. */
function buildVersion() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return `${pkgVersion}+${sha}`;
  } catch {
    return pkgVersion;
  }
}

/**
 * lazyClientNodePlugin keeps @kubernetes/client-node (≈5 MB after tree-shaking) out of a plugin's start-up cost.
 * libs/k8s loads it with `import('./client-node-api')` on the first API call only, but a bundler still inlines the
 * code, and V8 must parse all of it on every start (~50 ms) even when the API is never used. Here that module is
 * bundled separately, gzipped and embedded as one base64 string literal (cheap to scan), and only inflated and
 * compiled when the import actually runs. The executable stays a single self-contained file.
 */
const lazyClientNodePlugin = {
  name: 'plexus-lazy-client-node',
  setup(b) {
    b.onResolve({ filter: /^\.\/client-node-api$/ }, (args) =>
      args.importer.includes(`${join('libs', 'k8s', 'src')}`) ? { path: join(dirname(args.importer), 'client-node-api.ts'), namespace: 'plexus-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'plexus-lazy' }, async (args) => {
      const inner = await build({
        entryPoints: [args.path],
        bundle: true,
        write: false,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        minify: true,
        legalComments: 'none',
        logLevel: 'warning',
      });
      const packed = gzipSync(Buffer.from(inner.outputFiles[0].text)).toString('base64');
      return {
        loader: 'js',
        resolveDir: dirname(args.path),
        contents: [
          `const src = require('node:zlib').gunzipSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8');`,
          `const fn = require('node:vm').runInThisContext('(function (exports, require, module, __filename, __dirname) {' + src + '\\n})', { filename: 'plexus-k8s-client.js' });`,
          `fn(module.exports, require, module, __filename, __dirname);`,
        ].join('\n'),
      };
    });
  },
};

/** bundle writes one executable atomically (temp + rename: a runtime never runs a half-written file). */
export async function bundle({ entry, outFile, banner }) {
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp-${process.pid}`;
  await build({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifySyntax: true,
    legalComments: 'none',
    banner: { js: banner },
    define: { __PLEXUS_VERSION__: JSON.stringify(buildVersion()) },
    plugins: [lazyClientNodePlugin],
    logLevel: 'warning',
    // Kept external: nothing. Bundles must run with no node_modules on the host.
  });
  chmodSync(tmp, 0o755);
  renameSync(tmp, outFile);
}

async function main() {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    console.error('usage: build-plugin.mjs <project-name>… (a plugin under plugins/, or "tools")');
    process.exit(2);
  }
  for (const name of names) {
    if (name === 'tools') {
      const clis = { cnictl: 'cli/cnictl.ts', 'plexus-install': 'cli/plexus-install.ts', 'api-emulator': 'cli/api-emulator.ts' };
      for (const [cli, file] of Object.entries(clis)) {
        const entry = join(root, 'tools', 'src', file);
        if (existsSync(entry)) await bundle({ entry, outFile: join(root, 'dist', 'tools', cli), banner: '#!/usr/bin/env node' });
      }
      continue;
    }
    // The node agent (agent/<name>) is a program, not a plugin: dist/tools/<name>, no plugin marker.
    const agentEntry = join(root, 'agent', name, 'src', 'main.ts');
    if (existsSync(agentEntry)) {
      await bundle({ entry: agentEntry, outFile: join(root, 'dist', 'tools', name), banner: '#!/usr/bin/env node' });
      continue;
    }
    const entry = join(root, 'plugins', name, 'src', 'main.ts');
    if (!existsSync(entry)) {
      console.error(`build-plugin: no ${entry}`);
      process.exit(2);
    }
    await bundle({ entry, outFile: join(root, 'dist', 'bin', name), banner: `#!/usr/bin/env node\n${PLUGIN_MARKER} ${name}` });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
