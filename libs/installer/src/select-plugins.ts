import { InstallerError } from './errors';

/**
 * parsePluginList splits `--plugins a,b` into names; `all` stays the keyword. Empty names and names with a path
 * separator are refused (a name becomes a file name in the bin dir).
 */
export function parsePluginList(spec: string): 'all' | string[] {
  const trimmed = spec.trim();
  if (trimmed === 'all') return 'all';
  const names = trimmed.split(',').map((s) => s.trim());
  if (names.length === 0 || names.some((n) => n === '')) {
    throw new InstallerError('usage', `--plugins "${spec}": expected a comma-separated list of plugin names, or "all"`);
  }
  const bad = names.find((n) => /[/\\]/.test(n) || n === '.' || n === '..' || n.startsWith('.'));
  if (bad !== undefined) throw new InstallerError('usage', `--plugins: "${bad}" is not a plugin name`);
  return [...new Set(names)];
}

/**
 * resolvePlugins turns `--plugins` into the plugins to act on, checking every name against `available` first so
 * that one typo installs nothing rather than half the list.
 */
export function resolvePlugins(spec: string, available: readonly string[], what = 'built plugins'): string[] {
  const wanted = parsePluginList(spec);
  if (wanted === 'all') return [...available];
  const unknown = wanted.filter((n) => !available.includes(n));
  if (unknown.length) {
    const list = available.length ? available.join(', ') : '(none)';
    throw new InstallerError('unknown-plugin', `unknown plugin${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ${what}: ${list}`);
  }
  return wanted;
}
