import { PLEXUS_BUNDLE_MARKER } from '@plexus/invoke';

/** How many leading bytes are enough to see the shebang and the marker line. */
export const MARKER_HEAD_BYTES = 256;

/**
 * readBundleMarker returns the plugin name a Plexus bundle declares on its second line
 * (`// plexus-plugin-api:1 <name>`, written by tools/build/build-plugin.mjs), or undefined for anything else
 * (a Go plugin, a script, a self-contained binary).
 */
export function readBundleMarker(content: Buffer | string): string | undefined {
  const head = (typeof content === 'string' ? content.slice(0, MARKER_HEAD_BYTES) : content.subarray(0, MARKER_HEAD_BYTES).toString('latin1'))
    .split('\n', 2);
  if (!head[0]?.startsWith('#!') || !head[1]?.startsWith(`${PLEXUS_BUNDLE_MARKER} `)) return undefined;
  const name = head[1].slice(PLEXUS_BUNDLE_MARKER.length + 1).trim();
  return name || undefined;
}
