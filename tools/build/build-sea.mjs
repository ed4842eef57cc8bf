#!/usr/bin/env node
// Opt-in: self-contained plugin binaries (Node single-executable applications; no Node needed on the host).
//   node tools/build/build-sea.mjs [--strip] [--no-code-cache] [--measure] <plugin…|all>
//   dist/bin/<plugin> (the bundle, built first by build-plugin.mjs)  →  dist/sea/<plugin>
// The logic is TypeScript under tools/src/sea (unit-tested); this launcher bundles its CLI with esbuild and runs it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(tmpdir(), `plexus-build-sea-${process.pid}.cjs`);

try {
  await build({ entryPoints: [join(root, 'tools', 'src', 'cli', 'build-sea.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  const { buildSeaCli } = createRequire(import.meta.url)(out);
  await buildSeaCli(root, (t) => process.stdout.write(t)).parseAsync(process.argv);
} catch (e) {
  console.error(`build-sea: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  rmSync(out, { force: true });
}
