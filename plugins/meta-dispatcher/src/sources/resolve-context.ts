import type { CniArgs } from '@plexus/cni-spec';
import type { DispatcherConfig } from '../config/dispatcher-config';
import type { SourceDeps } from './source-deps';

/** Everything resolveNetworks needs for one invocation. */
export interface ResolveContext {
  config: DispatcherConfig;
  /** The invocation's CNI_ARGS (K8S_POD_NAMESPACE, K8S_POD_NAME, K8S_POD_UID… identify the pod). */
  cniArgs: CniArgs;
  /** The dispatcher conf's `runtimeConfig` as the runtime filled it (capability args; containerd's pod annotations). */
  runtimeConfig: Record<string, unknown>;
  deps: SourceDeps;
}
