import type { InstallerFs } from './installer-fs';

/**
 * listBuiltPlugins names the plugins in a build output dir (dist/bin, or dist/sea): every entry except dot files
 * and the build's own temp files (`<name>.tmp-<pid>`), which are never plugins.
 */
export async function listBuiltPlugins(fs: Pick<InstallerFs, 'list'>, fromDir: string): Promise<string[]> {
  return (await fs.list(fromDir)).filter((n) => !n.startsWith('.') && !/\.tmp-\d+$/.test(n));
}
