import { ALL_SPEC_VERSIONS, compareVersions } from './versions';

/** Spec versions that know CHECK (≥ 0.4.0), for per-version test tables. */
export const VERSIONS_WITH_CHECK = ALL_SPEC_VERSIONS.filter((v) => compareVersions(v, '0.4.0') >= 0);
/** Spec versions that know STATUS and GC (≥ 1.1.0). */
export const VERSIONS_WITH_GC = ALL_SPEC_VERSIONS.filter((v) => compareVersions(v, '1.1.0') >= 0);
export { ALL_SPEC_VERSIONS };
