import { formatResult, parseResult } from '@plexus/cni-spec';

/**
 * toListVersion converts a result (any version, e.g. a checkpointed one) to the list's version, which is what every
 * plugin of the list gets as prevResult (libcni converts cached results the same way). A result without
 * `cniVersion` is read in the list's version.
 */
export function toListVersion(result: unknown, listVersion: string): Record<string, unknown> {
  const version = listVersion || '0.1.0';
  return formatResult(parseResult(result, version), version);
}
