import type { Env } from '@plexus/skel';

/** What one attachment is made of, as libcni's RuntimeConf. */
export interface RuntimeConf {
  containerId: string;
  netns: string;
  ifName: string;
  /** CNI_ARGS pairs, in order. */
  cniArgs: Array<[string, string]>;
  /** Capability args: name → value, injected as runtimeConfig where a plugin declares the capability. */
  capabilityArgs?: Record<string, unknown>;
}

/** The empty RuntimeConf GC and STATUS run with: libcni sets CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME to "". */
export const NO_ATTACHMENT: RuntimeConf = { containerId: '', netns: '', ifName: '', cniArgs: [] };

/** cniArgsString joins CNI_ARGS pairs as `K=V;K2=V2` (unescaped, as libcni's invoke.Args does). */
export function cniArgsString(args: Array<[string, string]>): string {
  return args.map(([k, v]) => `${k}=${v}`).join(';');
}

/**
 * pluginEnv is the environment a plugin runs with: the caller's environment plus all six CNI_* variables, empty
 * where unused (libcni's Args.AsEnv; plugins treat empty as missing).
 */
export function pluginEnv(baseEnv: Env, command: string, rt: RuntimeConf, cniPath: readonly string[]): Env {
  return {
    ...baseEnv,
    CNI_COMMAND: command,
    CNI_CONTAINERID: rt.containerId,
    CNI_NETNS: rt.netns,
    CNI_ARGS: cniArgsString(rt.cniArgs),
    CNI_IFNAME: rt.ifName,
    CNI_PATH: cniPath.join(':'),
  };
}
