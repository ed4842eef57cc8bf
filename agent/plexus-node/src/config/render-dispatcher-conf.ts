import type { PrimaryConf } from './parse-primary-conf';

/** The capability that makes containerd pass pod annotations in runtimeConfig (no pod GET on ADD). */
export const POD_ANNOTATIONS_CAPABILITY = 'io.kubernetes.cri.pod-annotations';

/** Inputs of renderDispatcherConf. */
export interface DispatcherConfInput {
  primary: PrimaryConf;
  kubeconfigPath: string;
  /** The agent's node-local cache dir; the dispatcher reads it before asking the API. */
  nodeCacheDir?: string;
  /** The dispatcher's checkpoint dir (`cacheDir`), which the agent's GC reads. */
  checkpointDir?: string;
}

/**
 * renderDispatcherConf builds the conflist the runtime will use (as Multus' auto-generated conf does): one
 * meta-dispatcher wrapping the primary by path as `clusterNetwork`, in the primary's cniVersion, declaring the
 * pod-annotations capability plus every capability the primary consumes so the runtime still passes them.
 */
export function renderDispatcherConf(input: DispatcherConfInput): string {
  const capabilities: Record<string, boolean> = {};
  for (const c of [...input.primary.capabilities, POD_ANNOTATIONS_CAPABILITY].sort()) capabilities[c] = true;
  const plugin: Record<string, unknown> = {
    type: 'meta-dispatcher',
    kubeconfig: input.kubeconfigPath,
    clusterNetwork: input.primary.path,
    capabilities,
  };
  if (input.nodeCacheDir !== undefined) plugin['nodeCache'] = input.nodeCacheDir;
  if (input.checkpointDir !== undefined) plugin['cacheDir'] = input.checkpointDir;
  return `${JSON.stringify({ cniVersion: input.primary.cniVersion, name: 'plexus', plugins: [plugin] }, null, 2)}\n`;
}
