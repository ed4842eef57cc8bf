import type { Result } from '@plexus/cni-spec';
import type { DelegateCommand, DelegateRequest, Delegator } from '@plexus/invoke';
import type { Env } from '@plexus/skel';
import type { PluginConfig } from './conf-list';
import type { AttachmentCache } from './result-cache';
import { pluginEnv, type RuntimeConf } from './runtime-conf';

/** What the list operations need: how to run a plugin, the invocation's environment and, optionally, a cache. */
export interface ChainDeps {
  /**
   * Runs plugins found in CNI_PATH. With @plexus/invoke's PluginDelegator, Plexus bundles run in-process with the
   * exact env and stdin they would get by exec, and anything else is exec'd.
   */
  delegator: Delegator;
  /** The caller's environment, passed on to every plugin under the six CNI_* variables. */
  baseEnv: Env;
  /** Where plugins are looked up (CNI_PATH as the plugins see it). */
  cniPath: readonly string[];
  /** Per-plugin timeout (code 11 when exceeded). */
  timeoutMs?: number;
  /** Receives the plugins' stderr (libcni copies it to its own). */
  writeStderr?: (text: string) => void;
  /**
   * libcni's result cache. When set, ADD writes it and DEL/CHECK/GC read it, exactly as libcni; when absent the
   * caller keeps results itself and passes prevResult (and GC's stale attachments) explicitly.
   */
  cache?: AttachmentCache;
}

/** addPlugin runs one plugin's ADD and returns its result (current schema). */
export function addPlugin(deps: ChainDeps, plugin: PluginConfig, stdin: string, rt: RuntimeConf): Promise<Result> {
  return deps.delegator.add(request(deps, 'ADD', plugin, stdin, rt));
}

/** runPlugin runs DEL, CHECK, STATUS or GC on one plugin; rejects with the plugin's CniError. */
export function runPlugin(deps: ChainDeps, command: Exclude<DelegateCommand, 'ADD'>, plugin: PluginConfig, stdin: string, rt: RuntimeConf): Promise<void> {
  return deps.delegator.run({ ...request(deps, command, plugin, stdin, rt), command });
}

function request(deps: ChainDeps, command: DelegateCommand, plugin: PluginConfig, stdin: string, rt: RuntimeConf): Omit<DelegateRequest, 'command'> {
  const req: Omit<DelegateRequest, 'command'> = { type: plugin.type, stdin, env: pluginEnv(deps.baseEnv, command, rt, deps.cniPath) };
  if (deps.timeoutMs !== undefined) req.timeoutMs = deps.timeoutMs;
  if (deps.writeStderr) req.onStderr = deps.writeStderr;
  return req;
}
