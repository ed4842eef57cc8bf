import type { CommandRunner } from '@plexus/exec';
import { createKubeClient, PODS, type KubeClient, type Pod } from '@plexus/k8s';
import { NodeCacheReader } from '@plexus/node-cache';
import { NodeFileStore } from '@plexus/store';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { DaemonComponent } from '../component/daemon-component';
import { runPeriodically, type PeriodicLoop } from '../component/run-periodically';
import { DISPATCHER_CONF_NAME, cacheRootOf, type AgentOptions } from '../options';
import { gcSandboxes, type CheckpointSummary } from './gc-sandboxes';

/** Options of the GC component. */
export interface GcComponentOptions {
  opts: AgentOptions;
  runner: CommandRunner;
  log: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/**
 * gcComponent runs gcSandboxes every `--gc-interval` seconds (the first pass one interval after start, once the
 * pod informer has had time to sync): sandboxes whose pods are gone are torn down from their checkpoints.
 */
export function gcComponent(o: GcComponentOptions): DaemonComponent {
  let loop: PeriodicLoop | undefined;
  const files = new NodeFileStore();
  return {
    name: 'gc',
    async start({ metrics, kubeconfigPath }) {
      let kube: KubeClient | undefined;
      const pass = async () => {
        const conflist = await files.read(join(o.opts.cniConfDir, DISPATCHER_CONF_NAME));
        if (conflist === undefined) return;
        const reader = new NodeCacheReader(files, cacheRootOf(o.opts), o.now);
        const collected = await gcSandboxes(
          {
            listCheckpoints: () => listCheckpoints(o.opts.checkpointDir, o.now()),
            cachedPod: async (ns, name) => {
              const r = await reader.get<Pod>(PODS, ns, name);
              return r.kind === 'hit' ? r.object : r.kind === 'absent' ? 'absent' : 'unknown';
            },
            kube: () => (kube ??= createKubeClient({ kubeconfigPath })),
            runner: o.runner,
            log: o.log,
          },
          { dispatcherPath: join(o.opts.cniBinDir, 'meta-dispatcher'), conflist, cniPath: o.opts.gcCniPath ?? o.opts.cniBinDir, graceMs: o.opts.gcGraceS * 1000 },
        );
        if (collected.length) metrics.inc('plexus_node_gc_sandboxes_total', {}, collected.length);
      };
      loop = runPeriodically({ intervalMs: o.opts.gcIntervalS * 1000, delayFirst: true, sleep: o.sleep, pass, onError: (e) => o.log(`GC pass failed: ${e.message}`) });
    },
    async stop() {
      await loop?.stop();
    },
  };
}

/** listCheckpoints reads the dispatcher's checkpoint files; unreadable ones are skipped (never collected). */
async function listCheckpoints(dir: string, now: number): Promise<CheckpointSummary[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const out: CheckpointSummary[] = [];
  for (const n of names.filter((x) => x.endsWith('.json') && !x.startsWith('.'))) {
    const file = join(dir, n);
    try {
      const [text, st] = await Promise.all([fsp.readFile(file, 'utf8'), fsp.stat(file)]);
      const cp = JSON.parse(text) as { containerId?: unknown; netns?: unknown; ifName?: unknown; pod?: CheckpointSummary['pod'] };
      if (typeof cp.containerId !== 'string' || typeof cp.netns !== 'string' || typeof cp.ifName !== 'string') continue;
      out.push({ file, containerId: cp.containerId, netns: cp.netns, ifName: cp.ifName, pod: cp.pod, ageMs: now - st.mtimeMs });
    } catch {
      continue;
    }
  }
  return out;
}
