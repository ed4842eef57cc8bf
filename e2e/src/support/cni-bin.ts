import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_PLUGIN_DIR, builtPluginPath } from './workspace';

/** A temporary CNI bin dir (what CNI_PATH points at) and how to remove it. */
export interface CniBinDir {
  dir: string;
  remove(): void;
}

/**
 * makeCniBinDir fills a fresh temp dir with built Plexus plugins (copied from dist/bin, extensionless as a runtime
 * finds them by `type`) and reference plugins (symlinked from /usr/lib/cni). A stand-in for the installer CLI.
 */
export function makeCniBinDir(opts: { plexus?: string[]; reference?: string[] }): CniBinDir {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-e2e-bin-'));
  for (const name of opts.plexus ?? []) copyFileSync(builtPluginPath(name), join(dir, name));
  for (const name of opts.reference ?? []) symlinkSync(join(REFERENCE_PLUGIN_DIR, name), join(dir, name));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
