import type { Result } from '@plexus/cni-spec';
import type { DelegateCommand, Delegator } from '@plexus/invoke';
import type { Env } from '@plexus/skel';
import type { PluginConfig } from './conf-list';
import type { ResultCache } from './result-cache';
import { pluginEnv, type RuntimeConf } from './runtime-conf';

/** What the chain operations need: how to run a plugin, the result cache, and the invocation's environment. */
export interface ChainDeps {
  /** Runs plugins found in CNI_PATH; cnictl wires a PluginDelegator that always execs (as libcni). */
  delegator: Delegator;
  cache: ResultCache;
  /** The caller's environment, passed on to every plugin under the CNI_* variables. */
  baseEnv: Env;
  cniPath: readonly string[];
  /** Per-plugin timeout. */
  timeoutMs?: number;
  /** Receives the plugins' stderr (libcni copies it to its own). */
  writeStderr: (text: string) => void;
}

/** addPlugin runs one plugin's ADD and returns its result (current schema). */
export function addPlugin(deps: ChainDeps, plugin: PluginConfig, stdin: string, rt: RuntimeConf): Promise<Result> {
  return deps.delegator.add(request(deps, 'ADD', plugin, stdin, rt));
}

/** runPlugin runs DEL, CHECK, STATUS or GC on one plugin; rejects with the plugin's CniError. */
export function runPlugin(deps: ChainDeps, command: Exclude<DelegateCommand, 'ADD'>, plugin: PluginConfig, stdin: string, rt: RuntimeConf): Promise<void> {
  return deps.delegator.run({ ...request(deps, command, plugin, stdin, rt), command });
}

function request(deps: ChainDeps, command: DelegateCommand, plugin: PluginConfig, stdin: string, rt: RuntimeConf) {
  return {
    type: plugin.type,
    stdin,
    env: pluginEnv(deps.baseEnv, command, rt, deps.cniPath),
    timeoutMs: deps.timeoutMs,
    onStderr: deps.writeStderr,
  };
}
