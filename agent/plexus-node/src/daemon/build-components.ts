import { createKubeClient } from '@plexus/k8s';
import { KubeHostIndexStore } from '@plexus/multi-nic';
import { IpRoute2Netlink } from '@plexus/netlink';
import { NodeCacheReader } from '@plexus/node-cache';
import { NodeFileStore } from '@plexus/store';
import { hostname } from 'node:os';
import { cacheComponent } from '../cache/cache-component';
import { writeBehindComponent } from '../cache/write-behind-component';
import { gcComponent } from '../gc/gc-component';
import { multiNicComponent } from '../multi-nic/multi-nic-component';
import type { OnceDeps } from '../once/run-once';
import { DISPATCHER_CONF_NAME, cacheRootOf, type AgentOptions } from '../options';
import type { DaemonComponent } from '../component/daemon-component';

/** buildComponents lists the daemon's long-running parts for these options. */
export function buildComponents(deps: OnceDeps, opts: AgentOptions): DaemonComponent[] {
  return [
    cacheComponent({
      files: new NodeFileStore(),
      root: cacheRootOf(opts),
      nodeName: opts.nodeName,
      log: deps.log,
      sleep: (ms) => deps.sleeper.sleep(ms),
      now: () => deps.sleeper.now(),
      heartbeatMs: Math.min(opts.pollMs, 2000),
    }),
    writeBehindComponent({ root: cacheRootOf(opts), log: deps.log, sleep: (ms) => deps.sleeper.sleep(ms) }),
    ...(opts.gcIntervalS > 0 ? [gcComponent({ opts, runner: deps.runner, log: deps.log, sleep: (ms) => deps.sleeper.sleep(ms), now: () => deps.sleeper.now() })] : []),
    ...(opts.multiNicIntervalS > 0 ? [multiNicFor(deps, opts)] : []),
  ];
}

/** multiNicFor wires the multi-nic component to the host's kernel (iproute2), the node cache and the agent's API identity. */
function multiNicFor(deps: OnceDeps, opts: AgentOptions) {
  const files = new NodeFileStore();
  const netlink = new IpRoute2Netlink(deps.runner).host();
  return multiNicComponent({
    intervalMs: opts.multiNicIntervalS * 1000,
    confDir: opts.cniConfDir,
    ownConf: DISPATCHER_CONF_NAME,
    nodeName: opts.nodeName,
    files,
    // A fresh reader per pass: a reader reads agent.json once.
    cache: () => new NodeCacheReader(files, cacheRootOf(opts), () => deps.sleeper.now()),
    netlink: () => netlink,
    makeStore: (kubeconfigPath) => new KubeHostIndexStore(createKubeClient({ kubeconfigPath })),
    hostname,
    log: deps.log,
    sleep: (ms) => deps.sleeper.sleep(ms),
    now: () => deps.sleeper.now(),
  });
}
