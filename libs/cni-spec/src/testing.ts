import { CniError } from './errors';
import { ALL_SPEC_VERSIONS, compareVersions } from './versions';

/** Spec versions that know CHECK (≥ 0.4.0), for per-version test tables. */
export const VERSIONS_WITH_CHECK = ALL_SPEC_VERSIONS.filter((v) => compareVersions(v, '0.4.0') >= 0);
/** Spec versions that know STATUS and GC (≥ 1.1.0). */
export const VERSIONS_WITH_GC = ALL_SPEC_VERSIONS.filter((v) => compareVersions(v, '1.1.0') >= 0);
export { ALL_SPEC_VERSIONS };

/**
 * catchCniError runs a function that must throw a CniError and returns it, so a spec can assert on code, msg and
 * details together. Any other throw is re-thrown (a TypeError is a bug, not a refusal), and success fails the test.
 */
export function catchCniError(fn: () => unknown): CniError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CniError) return e;
    throw e;
  }
  throw new Error('expected a CniError, got success');
}

/** catchCniErrorAsync is catchCniError for a promise that must reject with a CniError. */
export async function catchCniErrorAsync(p: Promise<unknown>): Promise<CniError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CniError) return e;
    throw e;
  }
  throw new Error('expected a CniError, got success');
}
