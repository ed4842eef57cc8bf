import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The workspace root (e2e/src/support → ../../..). */
export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');

/** Where the Debian reference plugins (containernetworking-plugins 1.1.1, spec ≤ 1.0.0) live. */
export const REFERENCE_PLUGIN_DIR = '/usr/lib/cni';

/** builtPluginPath is where `node tools/build/build-plugin.mjs <name>` writes a plugin bundle. */
export function builtPluginPath(name: string): string {
  return resolve(WORKSPACE_ROOT, 'dist', 'bin', name);
}

/** buildPlugins bundles plugins from the current source, so an e2e test never runs a stale binary. */
export function buildPlugins(...names: string[]): void {
  const out = spawnSync(process.execPath, ['tools/build/build-plugin.mjs', ...names], { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`build-plugin ${names.join(' ')} failed: ${out.stderr}${out.stdout}`);
}

/** isRoot tells whether the kernel tests can run (they create netns and links). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
