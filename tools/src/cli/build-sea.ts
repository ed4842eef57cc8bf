// build-sea: make self-contained plugin binaries (Node single-executable applications) from dist/bin bundles, and
// optionally time them. Run through tools/build/build-sea.mjs. Commander wiring only; the work is in ../sea.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { ExecaRunner } from '@plexus/exec';
import { NodeInstallerFs, listBuiltPlugins } from '@plexus/installer';
import { buildSea, measureStartup, type BuiltSea, type StartupProbe, type StartupTiming } from '../sea';

interface Flags {
  from: string;
  out: string;
  codeCache: boolean;
  strip: boolean;
  measure: boolean;
  runs: string;
}

/** buildSeaCli wires `build-sea <plugin…|all>`; `root` is the workspace root. */
export function buildSeaCli(root: string, write: (t: string) => void): Command {
  return new Command('build-sea')
    .description('Build self-contained CNI plugin binaries (Node SEA) from dist/bin into dist/sea.')
    .argument('<plugins...>', 'plugin names, or "all"')
    .option('--from <dir>', 'plugin bundles', join(root, 'dist', 'bin'))
    .option('--out <dir>', 'output dir', join(root, 'dist', 'sea'))
    .option('--no-code-cache', 'do not embed the V8 code cache')
    .option('--strip', 'strip the node binary symbols first', false)
    .option('--measure', 'print sizes and CNI_COMMAND=VERSION start-up times (bundle under node vs SEA)', false)
    .option('--runs <n>', 'timed runs per measurement', '10')
    .action(async (names: string[], f: Flags) => {
      const fs = new NodeInstallerFs();
      const runner = new ExecaRunner();
      const plugins = names.length === 1 && names[0] === 'all' ? await listBuiltPlugins(fs, f.from) : names;
      const built: BuiltSea[] = [];
      for (const plugin of plugins) {
        const b = await buildSea(
          { fs, runner, nodeBinary: process.execPath, env: process.env },
          { plugin, binDir: resolve(f.from), outDir: resolve(f.out), useCodeCache: f.codeCache, strip: f.strip },
        );
        write(`built ${b.path} (${mb(b.size)}, blob ${kb(b.blobSize)})\n`);
        built.push(b);
      }
      if (f.measure) write(await measure(runner, f, built));
    });
}

async function measure(runner: ExecaRunner, f: Flags, built: BuiltSea[]): Promise<string> {
  const env = { PATH: process.env.PATH, CNI_COMMAND: 'VERSION' };
  const input = '{"cniVersion":"1.0.0"}';
  let text = `\nnode ${process.version}, ${mb(statSync(process.execPath).size)} node binary; CNI_COMMAND=VERSION wall time over ${f.runs} interleaved runs, median (min)\n`;
  text += '| plugin | bundle size (needs node) | SEA size | `node -e 0` | bundle run by node | SEA binary |\n|---|---|---|---|---|---|\n';
  for (const b of built) {
    const bundle = join(resolve(f.from), b.plugin);
    const probes: StartupProbe[] = [
      { label: 'node -e 0', file: process.execPath, args: ['-e', '0'], env, input },
      { label: 'node bundle', file: process.execPath, args: [bundle], env, input },
      { label: 'sea', file: b.path, args: [], env, input },
    ];
    const [bare, viaNode, sea] = await measureStartup(runner, () => performance.now(), probes, Number(f.runs));
    text += `| ${b.plugin} | ${kb(statSync(bundle).size)} | ${mb(b.size)} | ${ms(bare!)} | ${ms(viaNode!)} | ${ms(sea!)} |\n`;
  }
  return text;
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const ms = (t: StartupTiming) => `${t.medianMs.toFixed(1)} ms (${t.minMs.toFixed(1)})`;
