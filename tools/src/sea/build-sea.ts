import { join } from 'node:path';
import type { CommandRunner } from '@plexus/exec';
import type { InstallerFs } from '@plexus/installer';
import { injectElfNote } from './inject-elf-note';
import { SEA_BLOB_NOTE, flipSeaFuse } from './sea-fuse';
import { seaConfig, toSeaMain } from './sea-main';

/** The side effects of building a self-contained binary. */
export interface BuildSeaDeps {
  fs: InstallerFs;
  runner: CommandRunner;
  /** The node binary that prepares the blob and becomes the executable (they must be the same build). */
  nodeBinary: string;
  env: Record<string, string | undefined>;
}

export interface BuildSeaOptions {
  plugin: string;
  /** Where the plugin bundles are (dist/bin). */
  binDir: string;
  /** Where the binaries go (dist/sea). */
  outDir: string;
  /** Embed V8's code cache for the script (faster start, bigger blob). */
  useCodeCache: boolean;
  /** Strip the node binary's symbols first (`strip`; ~12 MB smaller, no debug symbols in crash dumps). */
  strip: boolean;
}

/** What was built. */
export interface BuiltSea {
  plugin: string;
  path: string;
  size: number;
  blobSize: number;
}

/**
 * buildSea makes `<outDir>/<plugin>`: a copy of the node binary with the plugin bundle injected as a Node
 * single-executable application, so the host needs no Node. The blob is prepared by the same node binary
 * (`--experimental-sea-config`), injected as a PT_NOTE (injectElfNote — postject's job, without the dependency),
 * the SEA fuse is flipped, and the result is written atomically with mode 0755.
 */
export async function buildSea(deps: BuildSeaDeps, opts: BuildSeaOptions): Promise<BuiltSea> {
  const bundle = await deps.fs.read(join(opts.binDir, opts.plugin));
  if (bundle === undefined) {
    throw new Error(`no bundle "${join(opts.binDir, opts.plugin)}": build it first (node tools/build/build-plugin.mjs ${opts.plugin})`);
  }
  // Work files sit next to the output (same file system, dot-named so no runtime takes them for plugins).
  const work = (suffix: string) => join(opts.outDir, `.${opts.plugin}.sea-${suffix}`);
  const [mainPath, configPath, blobPath, strippedPath] = [work('main.cjs'), work('config.json'), work('blob'), work('node')];
  try {
    await deps.fs.writeAtomic(mainPath, toSeaMain(bundle), 0o644);
    await deps.fs.writeAtomic(configPath, seaConfig(mainPath, blobPath, opts.useCodeCache), 0o644);
    await mustRun(deps, deps.nodeBinary, ['--experimental-sea-config', configPath]);
    const blob = await mustRead(deps.fs, blobPath);
    let base = deps.nodeBinary;
    if (opts.strip) {
      await mustRun(deps, 'strip', ['-o', strippedPath, deps.nodeBinary]);
      base = strippedPath;
    }
    const binary = flipSeaFuse(injectElfNote(await mustRead(deps.fs, base), SEA_BLOB_NOTE, blob));
    const path = join(opts.outDir, opts.plugin);
    await deps.fs.writeAtomic(path, binary, 0o755);
    return { plugin: opts.plugin, path, size: binary.length, blobSize: blob.length };
  } finally {
    for (const p of [mainPath, configPath, blobPath, strippedPath]) await deps.fs.remove(p);
  }
}

async function mustRun(deps: BuildSeaDeps, file: string, args: string[]): Promise<void> {
  const out = await deps.runner.run(file, args, { env: deps.env, timeoutMs: 120_000 });
  if (out.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} failed (exit ${out.exitCode}): ${(out.stderr || out.stdout).trim()}`);
}

async function mustRead(fs: InstallerFs, path: string): Promise<Buffer> {
  const bytes = await fs.readBytes(path);
  if (bytes === undefined) throw new Error(`"${path}" was not produced`);
  return bytes;
}
