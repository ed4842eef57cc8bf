/** Every CNI spec version Plexus speaks, oldest first. */
export const ALL_SPEC_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

export type SpecVersion = (typeof ALL_SPEC_VERSIONS)[number];

/** The version results are handled in internally; everything else is converted at the edges. */
export const CURRENT_SPEC_VERSION: SpecVersion = '1.1.0';

/** isSpecVersion tells whether `v` is a spec version Plexus supports. */
export function isSpecVersion(v: unknown): v is SpecVersion {
  return typeof v === 'string' && (ALL_SPEC_VERSIONS as readonly string[]).includes(v);
}

/** compareVersions orders two dotted versions numerically (negative when a < b). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** versionAtLeast tells whether `v` >= `min`. */
export function versionAtLeast(v: string, min: string): boolean {
  return compareVersions(v, min) >= 0;
}

/** resultFamilyOf names the result schema family a version uses. */
export function resultFamilyOf(v: string): '020' | '040' | '100' {
  if (compareVersions(v, '0.3.0') < 0) return '020';
  if (compareVersions(v, '1.0.0') < 0) return '040';
  return '100';
}
