import type { NetConf } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import type { DispatcherConfig } from '../config/dispatcher-config';
import { parseDispatcherConfig } from '../config/parse-dispatcher-config';

/** The keys the teardown needs: where checkpoints are, how to reach delegates and the API, and logging. */
const TEARDOWN_KEYS = ['cniVersion', 'name', 'type', 'cacheDir', 'binDir', 'kubeconfig', 'delegateTimeoutMs', 'logFile', 'logLevel'] as const;

/**
 * readConfig parses the dispatcher config. For a teardown (DEL, GC) a config that no longer parses — an operator's
 * edit after the pod was added — must not strand the pod's checkpoint: the keys the teardown needs are parsed on
 * their own (the network sources are never consulted on DEL), and only if those are broken too is the original
 * error returned.
 */
export function readConfig(conf: NetConf, teardown: boolean, log: Logger): DispatcherConfig {
  try {
    return parseDispatcherConfig(conf);
  } catch (e) {
    if (!teardown) throw e;
    const core = Object.fromEntries(TEARDOWN_KEYS.filter((k) => conf[k] !== undefined).map((k) => [k, conf[k]])) as NetConf;
    try {
      const config = parseDispatcherConfig(core);
      log.warn('the dispatcher config does not parse; tearing down with its core keys only', { error: (e as Error).message });
      return config;
    } catch {
      throw e;
    }
  }
}
