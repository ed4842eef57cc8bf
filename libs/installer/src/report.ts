import type { InstallOutcome } from './install';
import type { InstalledPlugin } from './list-installed';
import type { UninstallOutcome } from './uninstall';

/** formatInstallReport prints one line per plugin: action, name, version, short hash. */
export function formatInstallReport(outcomes: InstallOutcome[], binDir: string): string {
  return outcomes.map((o) => `${o.action.padEnd(9)} ${o.name} ${o.version} sha256:${o.sha256.slice(0, 12)} → ${binDir}/${o.name}\n`).join('');
}

/** formatUninstallReport prints one line per plugin. */
export function formatUninstallReport(outcomes: UninstallOutcome[], binDir: string): string {
  return outcomes.map((o) => `${o.action === 'removed' ? 'removed  ' : 'absent   '} ${binDir}/${o.name}\n`).join('');
}

/** formatInstalledTable prints `list` as aligned columns. */
export function formatInstalledTable(rows: InstalledPlugin[]): string {
  if (rows.length === 0) return 'no Plexus plugins installed\n';
  const table = [['NAME', 'VERSION', 'STATE', 'SHA256', 'INSTALLED'], ...rows.map((r) => [r.name, r.version ?? '-', r.state, r.sha256.slice(0, 12), r.installedAt ?? '-'])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ') + '\n').join('');
}
