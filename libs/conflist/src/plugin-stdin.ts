import type { NetworkConfigList, PluginConfig } from './conf-list';
import { marshalGoJson } from './go-json';

/** What is injected into one plugin's stdin besides `name` and `cniVersion`. */
export interface StdinInjection {
  /** The previous plugin's result (ADD) or the final ADD result (CHECK, DEL). */
  prevResult?: unknown;
  /** Capability args; only capabilities the plugin declares true are passed (ADD, CHECK, DEL). */
  capabilityArgs?: Record<string, unknown>;
  /** Extra keys (GC: cni.dev/valid-attachments). */
  extra?: Record<string, unknown>;
}

/**
 * buildPluginStdin builds one plugin's stdin as libcni's buildOneConfig + injectRuntimeConfig: the plugin object
 * with the list's `name` and `cniVersion`, `prevResult` when given, and `runtimeConfig` replaced by the declared
 * capabilities the runtime supplied — only when there is at least one, so a static runtimeConfig otherwise passes
 * through. `capabilities` stays in (libcni does not strip it).
 */
export function buildPluginStdin(list: NetworkConfigList, plugin: PluginConfig, inj: StdinInjection = {}): string {
  const conf: Record<string, unknown> = { ...plugin.raw, ...inj.extra, name: list.name, cniVersion: list.cniVersion };
  if (inj.prevResult !== undefined) conf.prevResult = inj.prevResult;
  const rc = runtimeConfigFor(plugin, inj.capabilityArgs);
  if (Object.keys(rc).length > 0) conf.runtimeConfig = rc;
  return marshalGoJson(conf);
}

/** runtimeConfigFor picks the capability args whose capability the plugin declares true. */
export function runtimeConfigFor(plugin: PluginConfig, capabilityArgs: Record<string, unknown> | undefined): Record<string, unknown> {
  const rc: Record<string, unknown> = {};
  if (!capabilityArgs) return rc;
  for (const [cap, supported] of Object.entries(plugin.capabilities)) {
    if (supported && Object.prototype.hasOwnProperty.call(capabilityArgs, cap)) rc[cap] = capabilityArgs[cap];
  }
  return rc;
}
