import type { Result } from '@plexus/cni-spec';

/**
 * clusterNetworkResult is what Multus returns from ADD (multus.go: the master delegate's result): the primary
 * attachment's result alone, unchanged. Secondary attachments reach the pod's network-status only, so a runtime
 * that takes every IP of the result as a pod IP never sees secondary addresses. skel converts it to the version
 * the runtime asked for.
 */
export function clusterNetworkResult(primary: number, results: readonly Result[]): Result {
  const r = results[primary];
  if (!r) throw new Error(`no result for the primary attachment ${primary}`);
  return r;
}
