import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT, buildPlugins, builtPluginPath } from '../support';

/** newestMtime returns the latest modification time under `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * ensureBuilt bundles the named plugins unless every bundle is newer than all sources it is made of (the plugin,
 * every lib, the build script). Under qemu TCG a build takes ~20 s, so a bundle built on the host before entering
 * the VM is reused; a stale or missing one is always rebuilt, so the suite never runs old code.
 */
export function ensureBuilt(names: string[]): void {
  const libs = newestMtime(join(WORKSPACE_ROOT, 'libs'));
  const script = statSync(join(WORKSPACE_ROOT, 'tools', 'build', 'build-plugin.mjs')).mtimeMs;
  const stale = names.filter((name) => {
    const bundle = builtPluginPath(name);
    if (!existsSync(bundle)) return true;
    const sources = Math.max(libs, script, newestMtime(join(WORKSPACE_ROOT, 'plugins', name)));
    return statSync(bundle).mtimeMs < sources;
  });
  if (stale.length) buildPlugins(...stale);
}

/** pluginSourceExists tells whether a plugin has been written yet (some are developed concurrently). */
export function pluginSourceExists(name: string): boolean {
  return existsSync(join(WORKSPACE_ROOT, 'plugins', name, 'src', 'main.ts'));
}
