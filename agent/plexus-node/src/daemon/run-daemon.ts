import { join } from 'node:path';
import { reconcileDispatcherConf } from '../config/reconcile-conf';
import { reconcileKubeconfig } from '../credentials/reconcile-kubeconfig';
import { resolveApiServer } from '../credentials/resolve-api-server';
import { DISPATCHER_CONF_NAME, cacheRootOf, type AgentOptions } from '../options';
import { kubeconfigPathIn, runOnce, type OnceDeps } from '../once/run-once';
import { startHealthServer } from './health-server';
import { agentMetrics } from '../metrics/metrics';
import type { DaemonComponent } from '../component/daemon-component';

/** The daemon's side effects: those of `--once` plus the stop signal and its optional components. */
export interface DaemonDeps extends OnceDeps {
  /** Settles on SIGTERM/SIGINT. */
  stop: Promise<void>;
  components?: DaemonComponent[];
  /** Called once /healthz is listening (tests learn the port). */
  onListening?: (port: number) => void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * runDaemon does what `--once` does — retrying with exponential backoff (1 s … 30 s) instead of exiting on bad
 * input — then keeps it true: every poll interval it rewrites the dispatcher conf when the primary changes and the
 * kubeconfig when the token rotates; serves /healthz and /metrics on 127.0.0.1; on SIGTERM it stops its components
 * and, with --cleanup-config-on-exit, removes our conf so the runtime falls back to the primary.
 */
export async function runDaemon(deps: DaemonDeps, opts: AgentOptions): Promise<number> {
  let stopped = false;
  void deps.stop.then(() => (stopped = true));
  const pause = (ms: number) => Promise.race([deps.sleeper.sleep(ms), deps.stop]);
  const metrics = agentMetrics();
  const errors = new Map<string, string>();
  let ready = false;

  const health = await startHealthServer(opts.metricsPort, metrics, () => {
    const broken = (deps.components ?? []).filter((c) => c.healthy && !c.healthy()).map((c) => c.name);
    const problems = [...errors.entries()].map(([k, v]) => `${k}: ${v}`).concat(broken.map((b) => `${b}: unhealthy`));
    if (!ready) problems.unshift('set-up not finished');
    return { ok: problems.length === 0, detail: problems.length ? problems.join('\n') : 'ok' };
  });
  deps.onListening?.(health.port);
  deps.log(`/healthz and /metrics on 127.0.0.1:${health.port}`);

  let backoff = 1000;
  while (!stopped) {
    try {
      await runOnce(deps, opts);
      errors.delete('set-up');
      break;
    } catch (e) {
      errors.set('set-up', (e as Error).message);
      metrics.inc('plexus_node_errors_total', { step: 'set-up' });
      deps.log(`set-up failed (retrying in ${backoff / 1000} s): ${(e as Error).message}`);
      await pause(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  const kubeconfigPath = kubeconfigPathIn(opts.cniConfDir);
  const started: DaemonComponent[] = [];
  if (!stopped) {
    ready = true;
    deps.log('set-up done; watching the primary conf and the service-account token');
    for (const c of deps.components ?? []) {
      await c.start({ metrics, kubeconfigPath });
      started.push(c);
    }
  }
  const server = stopped ? '' : resolveApiServer(opts.apiServer, deps.env);
  while (!stopped) {
    await step('conf', async () => {
      const r = await reconcileDispatcherConf(deps.fs, opts.cniConfDir, kubeconfigPath, cacheRootOf(opts), opts.checkpointDir);
      if (r.action === 'written') {
        metrics.inc('plexus_node_conf_writes_total');
        deps.log(`rewrote ${DISPATCHER_CONF_NAME} for primary ${r.primaryPath}`);
      }
      if (r.action === 'invalid-primary') throw r.error;
    });
    await step('kubeconfig', async () => {
      const r = await reconcileKubeconfig(deps.fs, opts.saDir, server, kubeconfigPath);
      metrics.set('plexus_node_token_expiry_seconds', r.expires ? Math.floor(r.expires.getTime() / 1000) : 0);
      if (r.action === 'written') {
        metrics.inc('plexus_node_kubeconfig_writes_total');
        deps.log(`refreshed ${kubeconfigPath} (token rotated)`);
      }
      if (r.expires && r.expires.getTime() <= deps.sleeper.now()) throw new Error(`service-account token expired at ${r.expires.toISOString()}`);
    });
    await pause(opts.pollMs);
  }

  for (const c of started.reverse()) await c.stop().catch((e: Error) => deps.log(`stopping ${c.name}: ${e.message}`));
  if (opts.cleanupConfigOnExit) {
    await deps.fs.remove(join(opts.cniConfDir, DISPATCHER_CONF_NAME));
    deps.log(`removed ${join(opts.cniConfDir, DISPATCHER_CONF_NAME)} (--cleanup-config-on-exit)`);
  }
  await health.close();
  return 0;

  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
      errors.delete(name);
    } catch (e) {
      if (errors.get(name) !== (e as Error).message) deps.log(`${name}: ${(e as Error).message}`);
      errors.set(name, (e as Error).message);
      metrics.inc('plexus_node_errors_total', { step: name });
    }
  }
}
