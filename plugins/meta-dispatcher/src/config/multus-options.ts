import type { LogOptions } from '@plexus/log';
import { LOG_OPTION_DEFAULTS } from '@plexus/log';
import type { ConfList } from './conf-list';

/** Multus' `logOptions` (lumberjack rotation of `logFile`, done by skel's file sink). */
export type LogRotation = LogOptions;

/** The Multus thin-plugin keys that are not network sources of their own (parsed by parseMultusOptions). */
export interface MultusOptions {
  /** Inline delegate confs (`delegates`): the first is the cluster network, the others are attached to every pod. */
  delegates: ConfList[];
  /** `readinessindicatorfile`: ADD/CHECK/STATUS/GC wait for this file to exist. */
  readinessIndicatorFile?: string;
  /** How long to wait for it (Multus: 45 s, polling once a second). */
  readinessTimeoutMs: number;
  /** `logToStderr` (Multus default true). */
  logToStderr: boolean;
  /** `logOptions`, only meaningful with logFile (or PLEXUS_LOG_FILE). */
  logRotation?: LogRotation;
  /** `capabilities` as the runtime reads them (the dispatcher forwards runtimeConfig to the cluster network). */
  capabilities: Record<string, boolean>;
  /**
   * `mergedResult: true`: return every attachment's result merged (DANM-style) instead of the cluster network's alone
   * (Multus). Default: false, or true when `danm.enabled` (DANM's own semantics).
   */
  mergedResult: boolean;
  /** Things an operator should know about the config (unknown keys, keys whose Multus meaning differs). */
  warnings: string[];
}

/** Multus' defaults for the keys above. */
export const MULTUS_DEFAULTS = {
  readinessTimeoutMs: 45_000,
  readinessPollMs: 1_000,
  logRotation: LOG_OPTION_DEFAULTS,
} as const;
