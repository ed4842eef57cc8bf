import { PLEXUS_BUNDLE_MARKER } from '@plexus/invoke';
import { readBundleMarker } from './bundle-marker';

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/**
 * isPlexusBuild tells whether `bytes` is a Plexus build of plugin `name`: a bundle whose second line is
 * `// plexus-plugin-api:1 <name>` (dist/bin), or a self-contained binary (dist/sea: an ELF file) with that bundle
 * embedded. `--from` accepts nothing else: pointing it at a directory of other binaries (say /usr/lib/cni) must not
 * copy them into the runtime's plugin dir under Plexus' name.
 */
export function isPlexusBuild(name: string, bytes: Buffer): boolean {
  if (readBundleMarker(bytes) === name) return true;
  if (!bytes.subarray(0, 4).equals(ELF_MAGIC)) return false;
  // The SEA main script starts with the marker line (the shebang is dropped: see sea/sea-main.ts).
  return bytes.includes(`${PLEXUS_BUNDLE_MARKER} ${name}\n`);
}
