import type { CniArgs } from '@plexus/cni-spec';

/**
 * attachmentCniArgs is a delegate's CNI_ARGS: the runtime's pairs (K8S_POD_*…), then the network's own (Multus'
 * `IP=`/`MAC=`), with `IgnoreUnknown=1` first when the runtime did not send it — Go plugins refuse keys they do not
 * know otherwise, and the network's pairs are exactly such keys for most of them (Multus adds it too).
 */
export function attachmentCniArgs(runtime: CniArgs, own: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = runtime.some(([k]) => k === 'IgnoreUnknown') ? [] : [['IgnoreUnknown', '1']];
  for (const [k, v] of runtime) out.push([k, v]);
  for (const [k, v] of own) out.push([k, v]);
  return out;
}
