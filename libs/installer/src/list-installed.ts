import { join } from 'node:path';
import { MARKER_HEAD_BYTES, readBundleMarker } from './bundle-marker';
import type { InstallerFs } from './installer-fs';
import { parseManifest, sha256Hex } from './manifest';
import { manifestPath } from './paths';

/** One row of `list`. */
export interface InstalledPlugin {
  name: string;
  /** `ok` (as installed), `modified` (replaced since), `missing` (deleted since), `unmanaged` (a Plexus bundle not in the manifest). */
  state: 'ok' | 'modified' | 'missing' | 'unmanaged';
  version?: string;
  /** The hash recorded at install time (for `unmanaged`: the file's hash). */
  sha256: string;
  installedAt?: string;
}

/**
 * listInstalled reports the manifest's plugins with their current state, plus Plexus bundles in the bin dir that
 * the manifest does not know (copied by hand), so an operator sees everything Plexus-made in one place.
 */
export async function listInstalled(fs: InstallerFs, binDir: string): Promise<InstalledPlugin[]> {
  const mPath = manifestPath(binDir);
  const manifest = parseManifest(await fs.read(mPath), mPath);
  const rows: InstalledPlugin[] = [];
  for (const [name, entry] of Object.entries(manifest.plugins)) {
    const bytes = await fs.readBytes(join(binDir, name));
    const state = bytes === undefined ? 'missing' : sha256Hex(bytes) === entry.sha256 ? 'ok' : 'modified';
    rows.push({ name, state, version: entry.version, sha256: entry.sha256, installedAt: entry.installedAt });
  }
  for (const name of await fs.list(binDir)) {
    if (name.startsWith('.') || manifest.plugins[name]) continue;
    const path = join(binDir, name);
    const head = await readOrSkip(() => fs.readHead(path, MARKER_HEAD_BYTES));
    if (!head || readBundleMarker(head) !== name) continue;
    const bytes = await readOrSkip(() => fs.readBytes(path));
    if (bytes) rows.push({ name, state: 'unmanaged', sha256: sha256Hex(bytes) });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** readOrSkip reads a bin-dir entry, skipping what cannot be read as a file (a directory, a dangling link). */
async function readOrSkip(read: () => Promise<Buffer | undefined>): Promise<Buffer | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
