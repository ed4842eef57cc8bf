import { readBundleMarker } from './bundle-marker';
import { sha256Hex, type ManifestEntry } from './manifest';

/**
 * Who a file in the bin dir belongs to:
 * - `absent`: nothing there;
 * - `managed`: we wrote it and it is unchanged (hash matches the manifest);
 * - `modified`: we wrote it, but someone replaced it since (hash differs);
 * - `unmanaged-bundle`: not in the manifest, but a Plexus bundle of this very name (copied by hand, or the manifest
 *   was lost);
 * - `foreign`: anything else (another project's plugin of the same name, a script…).
 */
export type Ownership = 'absent' | 'managed' | 'modified' | 'unmanaged-bundle' | 'foreign';

/** classifyFile decides who owns `content` found at `<bin-dir>/<name>` (pure). */
export function classifyFile(name: string, content: Buffer | undefined, entry: ManifestEntry | undefined): Ownership {
  if (content === undefined) return 'absent';
  if (entry) return sha256Hex(content) === entry.sha256 ? 'managed' : 'modified';
  return readBundleMarker(content) === name ? 'unmanaged-bundle' : 'foreign';
}

/** describeOwnership explains a refusal in one line. */
export function describeOwnership(name: string, o: Ownership): string {
  switch (o) {
    case 'modified':
      return `"${name}" was installed by Plexus but has been replaced since (its sha256 differs from the manifest)`;
    case 'foreign':
      return `"${name}" was not installed by Plexus`;
    case 'unmanaged-bundle':
      return `"${name}" is a Plexus bundle this installer did not install`;
    default:
      return `"${name}" is ${o}`;
  }
}
