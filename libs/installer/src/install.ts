import { join } from 'node:path';
import type { CommandRunner } from '@plexus/exec';
import { checkBinDir } from './check-bin-dir';
import { isPlexusBuild } from './check-plexus-build';
import { InstallerError } from './errors';
import type { InstallerFs } from './installer-fs';
import { listBuiltPlugins } from './list-built-plugins';
import { parseManifest, renderManifest, sha256Hex, type Manifest } from './manifest';
import { classifyFile, describeOwnership, type Ownership } from './ownership';
import { lockPath, manifestPath } from './paths';
import { readPluginVersion } from './plugin-version';
import { resolvePlugins } from './select-plugins';
import { setInterpreter } from './set-interpreter';

/** The side effects of installing. */
export interface InstallDeps {
  fs: InstallerFs;
  /** Runs a plugin once to read its version (about line). */
  runner: CommandRunner;
  /** Environment for that run (PATH for the shebang). */
  env: Record<string, string | undefined>;
  now: () => Date;
  /** The caller's uid (for the message when the bin dir is not writable). */
  uid?: number;
}

export interface InstallOptions {
  /** Where the built plugins are (dist/bin). */
  fromDir: string;
  /** The runtime's plugin dir (e.g. /opt/cni/bin). */
  binDir: string;
  /** `--plugins`: comma-separated names or "all". */
  plugins: string;
  /** Overwrite files Plexus did not install (or that were replaced since). */
  force: boolean;
  /** `--create`: create the bin dir when it does not exist (else that is an error: a mistyped path). */
  create?: boolean;
  /**
   * Absolute interpreter written into each bundle's shebang (see setInterpreter), for hosts without `node` on PATH.
   * Self-contained binaries are installed as they are.
   */
  interpreter?: string;
}

/** What happened to one plugin. */
export interface InstallOutcome {
  name: string;
  /** `installed` (new), `updated` (ours, new content), `unchanged` (same bytes), `replaced` (forced over a file we did not own), `adopted` (over an unmanaged Plexus bundle). */
  action: 'installed' | 'updated' | 'unchanged' | 'replaced' | 'adopted';
  previous: Ownership;
  version: string;
  sha256: string;
}

const PLUGIN_MODE = 0o755;
const MANIFEST_MODE = 0o644;

/**
 * installPlugins copies the named built plugins into the bin dir. Every name and every target is checked before
 * the first write, so a refusal installs nothing. Each plugin is written atomically (temp file + fsync + rename:
 * a runtime never executes a half-written file), mode 0755, and recorded in the manifest right after, so an
 * interrupted run leaves every written file owned.
 */
export async function installPlugins(deps: InstallDeps, opts: InstallOptions): Promise<InstallOutcome[]> {
  const available = await listBuiltPlugins(deps.fs, opts.fromDir);
  if (available.length === 0) {
    throw new InstallerError('source-missing', `no built plugins in "${opts.fromDir}" (build them: node tools/build/build-plugin.mjs <plugin>…)`);
  }
  const names = resolvePlugins(opts.plugins, available, `built plugins in ${opts.fromDir}`);
  const sources = new Map<string, Buffer>();
  const foreign: string[] = [];
  for (const name of names) {
    const bytes = await deps.fs.readBytes(join(opts.fromDir, name));
    if (bytes === undefined) throw new InstallerError('source-missing', `"${join(opts.fromDir, name)}" disappeared while installing`);
    if (!isPlexusBuild(name, bytes)) {
      foreign.push(name);
      continue;
    }
    // The manifest hashes what is written, so a rewritten shebang is still recognised as ours on the next run.
    sources.set(name, opts.interpreter === undefined ? bytes : setInterpreter(bytes, opts.interpreter));
  }
  if (foreign.length) {
    throw new InstallerError(
      'not-plexus',
      `not a Plexus plugin build: ${foreign.map((n) => `"${join(opts.fromDir, n)}"`).join(', ')} (no "// plexus-plugin-api:1 <name>" marker). ` +
        '--from must be a Plexus build output (dist/bin, or dist/sea); nothing was installed.',
    );
  }
  await checkBinDir(deps.fs, opts.binDir, { create: opts.create, uid: deps.uid });

  return deps.fs.withLock(lockPath(opts.binDir), async () => {
    const mPath = manifestPath(opts.binDir);
    const manifest = parseManifest(await deps.fs.read(mPath), mPath);
    const plan = await planInstall(deps.fs, opts, names, manifest);
    const refused = plan.filter((p) => p.previous === 'modified' || p.previous === 'foreign');
    if (refused.length && !opts.force) {
      throw new InstallerError(
        'refused',
        `refusing to overwrite ${refused.map((p) => describeOwnership(p.name, p.previous)).join('; ')} in ${opts.binDir}. ` +
          'Nothing was installed; use --force to overwrite.',
      );
    }
    const outcomes: InstallOutcome[] = [];
    for (const { name, previous } of plan) {
      const bytes = sources.get(name)!;
      const sha256 = sha256Hex(bytes);
      const entry = manifest.plugins[name];
      if (previous === 'managed' && entry?.sha256 === sha256) {
        outcomes.push({ name, action: 'unchanged', previous, version: entry.version, sha256 });
        continue;
      }
      const version = await readPluginVersion(deps.runner, join(opts.fromDir, name), deps.env);
      await deps.fs.writeAtomic(join(opts.binDir, name), bytes, PLUGIN_MODE);
      manifest.plugins[name] = { sha256, version, installedAt: deps.now().toISOString(), size: bytes.length };
      await deps.fs.writeAtomic(mPath, renderManifest(manifest), MANIFEST_MODE);
      outcomes.push({ name, action: actionFor(previous), previous, version, sha256 });
    }
    return outcomes;
  });
}

async function planInstall(fs: InstallerFs, opts: InstallOptions, names: string[], manifest: Manifest): Promise<Array<{ name: string; previous: Ownership }>> {
  const plan: Array<{ name: string; previous: Ownership }> = [];
  for (const name of names) {
    const current = await fs.readBytes(join(opts.binDir, name));
    plan.push({ name, previous: classifyFile(name, current, manifest.plugins[name]) });
  }
  return plan;
}

function actionFor(previous: Ownership): InstallOutcome['action'] {
  switch (previous) {
    case 'absent':
      return 'installed';
    case 'managed':
      return 'updated';
    case 'unmanaged-bundle':
      return 'adopted';
    default:
      return 'replaced';
  }
}
