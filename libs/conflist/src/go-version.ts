import { confListError } from './errors';

/** The newest spec version the engine speaks; higher `cniVersions` entries are dropped, as libcni drops them. */
export const CONFLIST_SPEC_VERSION = '1.1.0';

/**
 * parseGoVersion reads a version like Go's pkg/version.ParseVersion: "" is 0.1.0, at most three dot-separated
 * integers, missing parts are 0.
 */
export function parseGoVersion(v: string): [number, number, number] {
  if (v === '') return [0, 1, 0];
  const parts = v.split('.');
  if (parts.length > 3) throw confListError(`invalid version "${v}": too many parts`);
  const nums = parts.map((p) => {
    if (!/^[+-]?\d+$/.test(p)) throw confListError(`invalid version "${v}": "${p}" is not a number`);
    return Number.parseInt(p, 10);
  });
  return [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
}

/** compareGoVersions orders two versions (negative when a < b), rejecting malformed ones. */
export function compareGoVersions(a: string, b: string): number {
  const pa = parseGoVersion(a);
  const pb = parseGoVersion(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** listVersionAtLeast tells whether `v` >= `min` (the gates: CHECK and DEL prevResult ≥ 0.4.0, GC/STATUS ≥ 1.1.0). */
export function listVersionAtLeast(v: string, min: string): boolean {
  return compareGoVersions(v, min) >= 0;
}

/**
 * selectListVersion picks a conflist's version as libcni's ConfListFromBytes does: without `cniVersions` it is
 * `cniVersion` as written; with it, the highest of `cniVersions` ∪ {cniVersion} that is ≤ 1.1.0 (plugins are not
 * asked: a 1.1.0 pick breaks 1.0.0-only plugins, exactly as with libcni).
 */
export function selectListVersion(cniVersion: string, cniVersions: string[] | undefined): string {
  if (cniVersions === undefined) return cniVersion;
  const candidates = cniVersions.filter((v) => compareGoVersions(v, CONFLIST_SPEC_VERSION) <= 0);
  if (cniVersion !== '' && compareGoVersions(cniVersion, CONFLIST_SPEC_VERSION) <= 0) candidates.push(cniVersion);
  candidates.sort(compareGoVersions);
  return candidates.length ? candidates[candidates.length - 1]! : cniVersion;
}
