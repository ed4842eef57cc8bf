import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { InProcessPlugin } from '@plexus/skel';

/** The line the build puts under the shebang of every Plexus plugin bundle. */
export const PLEXUS_BUNDLE_MARKER = '// plexus-plugin-api:1';

const loaded = new Map<string, InProcessPlugin | null>();

/**
 * loadInProcessPlugin returns the in-process handle of a Plexus plugin bundle at `path`, or undefined when the
 * file is anything else (a Go plugin, a script). The bundle installed in CNI_PATH is what runs, so in-process and
 * exec'd delegation run exactly the same code version.
 */
export function loadInProcessPlugin(path: string): InProcessPlugin | undefined {
  const cached = loaded.get(path);
  if (cached !== undefined) return cached ?? undefined;
  let handle: InProcessPlugin | null = null;
  if (hasMarker(path)) {
    const mod = createRequire(__filename)(path) as { plexusPlugin?: InProcessPlugin };
    if (mod.plexusPlugin?.plexusPluginApi === 1) handle = mod.plexusPlugin;
  }
  loaded.set(path, handle);
  return handle ?? undefined;
}

/** isPlexusBundle tells whether the file at `path` is a Plexus plugin bundle (its second line is the marker). */
export function isPlexusBundle(path: string): boolean {
  return hasMarker(path);
}

function hasMarker(path: string): boolean {
  const buf = Buffer.alloc(256);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n).toString('utf8');
    const lines = head.split('\n');
    return lines[0]!.startsWith('#!') && (lines[1] ?? '').startsWith(PLEXUS_BUNDLE_MARKER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
