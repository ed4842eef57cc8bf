import { createHash } from 'node:crypto';

/** The file in the bin dir that records what Plexus installed there (a dot file, so no runtime takes it for a plugin). */
export const MANIFEST_FILE = '.plexus-installed.json';

/** What the installer wrote for one plugin. */
export interface ManifestEntry {
  /** sha256 (hex) of the bytes written: a different hash later means someone replaced the file. */
  sha256: string;
  /** The plugin's own version (its about line), or "unknown". */
  version: string;
  /** When it was written, ISO 8601. */
  installedAt: string;
  size: number;
}

/** The manifest: plugin name → what was installed. */
export interface Manifest {
  kind: 'plexus-installed';
  version: 1;
  plugins: Record<string, ManifestEntry>;
}

/** emptyManifest is the manifest of a bin dir Plexus never wrote to. */
export function emptyManifest(): Manifest {
  return { kind: 'plexus-installed', version: 1, plugins: {} };
}

/**
 * parseManifest reads the manifest text; absent means empty. A manifest that is not ours or is corrupt is an
 * error rather than "empty", because treating it as empty would make every installed file look foreign.
 */
export function parseManifest(text: string | undefined, path: string): Manifest {
  if (text === undefined) return emptyManifest();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`cannot read the install manifest "${path}": ${(e as Error).message}`);
  }
  const m = raw as Partial<Manifest>;
  if (typeof m !== 'object' || m === null || m.kind !== 'plexus-installed' || m.version !== 1 || typeof m.plugins !== 'object' || m.plugins === null) {
    throw new Error(`"${path}" is not a Plexus install manifest (expected kind "plexus-installed", version 1)`);
  }
  return { kind: 'plexus-installed', version: 1, plugins: { ...m.plugins } };
}

/** renderManifest prints the manifest with sorted plugin names, so rewrites give stable diffs. */
export function renderManifest(m: Manifest): string {
  const plugins: Record<string, ManifestEntry> = {};
  for (const name of Object.keys(m.plugins).sort()) plugins[name] = m.plugins[name]!;
  return JSON.stringify({ ...m, plugins }, null, 2) + '\n';
}

/** sha256Hex hashes file content the way the manifest records it. */
export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
