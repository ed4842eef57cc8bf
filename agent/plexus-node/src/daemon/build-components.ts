import { NodeFileStore } from '@plexus/store';
import { cacheComponent } from '../cache/cache-component';
import { writeBehindComponent } from '../cache/write-behind-component';
import { gcComponent } from '../gc/gc-component';
import type { OnceDeps } from '../once/run-once';
import { cacheRootOf, type AgentOptions } from '../options';
import type { DaemonComponent } from './run-daemon';

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
  ];
}
