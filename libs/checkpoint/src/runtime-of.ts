import type { RuntimeConf } from '@plexus/conflist';

/** The sandbox a delegate call is about: the invocation's (ADD, DEL) or a checkpoint's (GC of an orphan, a purge). */
export interface Sandbox {
  containerId: string;
  netns: string;
}

/** runtimeOf is the libcni RuntimeConf of one delegate call: the sandbox, the name, CNI_ARGS and capability args. */
export function runtimeOf(sandbox: Sandbox, target: { ifName: string; cniArgs: Array<[string, string]>; capabilityArgs?: Record<string, unknown> }): RuntimeConf {
  const rt: RuntimeConf = { containerId: sandbox.containerId, netns: sandbox.netns, ifName: target.ifName, cniArgs: target.cniArgs };
  if (target.capabilityArgs && Object.keys(target.capabilityArgs).length) rt.capabilityArgs = target.capabilityArgs;
  return rt;
}
