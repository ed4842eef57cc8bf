import { join } from 'node:path';
import { checkBinDir } from './check-bin-dir';
import { InstallerError } from './errors';
import type { InstallerFs } from './installer-fs';
import { parseManifest, renderManifest } from './manifest';
import { classifyFile, describeOwnership, type Ownership } from './ownership';
import { lockPath, manifestPath } from './paths';
import { parsePluginList } from './select-plugins';

export interface UninstallOptions {
  binDir: string;
  /** `--plugins`: comma-separated names, or "all" (everything in the manifest). */
  plugins: string;
  /** Also remove files Plexus did not install (or that were replaced since). */
  force: boolean;
  /** The caller's uid (for the message when the bin dir is not writable). */
  uid?: number;
}

/** What happened to one plugin. */
export interface UninstallOutcome {
  name: string;
  /** `removed`; `absent` (nothing there; a stale manifest entry is dropped). */
  action: 'removed' | 'absent';
  previous: Ownership;
}

/**
 * uninstallPlugins removes plugins Plexus installed. Files it did not install — not in the manifest, or replaced
 * since — are refused unless `force`, and every name is checked before the first removal. Absent plugins are
 * fine (uninstall is idempotent).
 */
export async function uninstallPlugins(fs: InstallerFs, opts: UninstallOptions): Promise<UninstallOutcome[]> {
  await checkBinDir(fs, opts.binDir, { uid: opts.uid });
  return fs.withLock(lockPath(opts.binDir), async () => {
    const mPath = manifestPath(opts.binDir);
    const manifest = parseManifest(await fs.read(mPath), mPath);
    const wanted = parsePluginList(opts.plugins);
    const names = wanted === 'all' ? Object.keys(manifest.plugins).sort() : wanted;
    const plan: Array<{ name: string; previous: Ownership }> = [];
    for (const name of names) {
      plan.push({ name, previous: classifyFile(name, await fs.readBytes(join(opts.binDir, name)), manifest.plugins[name]) });
    }
    const refused = plan.filter((p) => p.previous !== 'managed' && p.previous !== 'absent');
    if (refused.length && !opts.force) {
      throw new InstallerError(
        'refused',
        `refusing to remove ${refused.map((p) => describeOwnership(p.name, p.previous)).join('; ')} from ${opts.binDir}. ` +
          'Nothing was removed; use --force to remove anyway.',
      );
    }
    const outcomes: UninstallOutcome[] = [];
    for (const { name, previous } of plan) {
      if (previous !== 'absent') await fs.remove(join(opts.binDir, name));
      if (manifest.plugins[name]) {
        delete manifest.plugins[name];
        await fs.writeAtomic(mPath, renderManifest(manifest), 0o644);
      }
      outcomes.push({ name, action: previous === 'absent' ? 'absent' : 'removed', previous });
    }
    return outcomes;
  });
}
