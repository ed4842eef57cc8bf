import type { CommandRunner } from '@plexus/exec';
import { isNotFound, type KubeClient, type Pod } from '@plexus/k8s';
import { join } from 'node:path';

/** What GC needs to know of one dispatcher checkpoint. */
export interface CheckpointSummary {
  file: string;
  containerId: string;
  netns: string;
  ifName: string;
  pod?: { namespace: string; name: string; uid?: string };
  ageMs: number;
}

/** The side effects of one GC pass. */
export interface GcDeps {
  /** Checkpoints in the dispatcher's dir (unreadable ones are skipped: never collected on a guess). */
  listCheckpoints(): Promise<CheckpointSummary[]>;
  /** The pod from the node cache: the object, 'absent' (synced and not there), or 'unknown' (cache not synced). */
  cachedPod(namespace: string, name: string): Promise<Pod | 'absent' | 'unknown'>;
  kube: () => KubeClient;
  runner: CommandRunner;
  log: (line: string) => void;
}

/** How GC runs the dispatcher's DEL. */
export interface GcOptions {
  /** The installed meta-dispatcher. */
  dispatcherPath: string;
  /** Our conflist (00-plexus.conflist) text: its plugin object is the DEL's stdin, as the runtime would send it. */
  conflist: string;
  cniPath: string;
  graceMs: number;
}

/**
 * gcSandboxes tears down, from its checkpoint, every pod sandbox whose pod is gone — what the runtime's DEL would
 * have done when it never came (node crash, runtime state lost). A checkpoint is collected only when it is older than
 * the grace period, its pod is absent from the node cache (or the cache has a pod of the same name with another
 * UID), and the API confirms (404 or another UID); everything else is kept. The DEL is the dispatcher's own
 * (idempotent, replayed from the checkpoint, which it then removes). Returns the collected container IDs.
 */
export async function gcSandboxes(deps: GcDeps, o: GcOptions): Promise<string[]> {
  const list = JSON.parse(o.conflist) as { name: string; cniVersion: string; plugins: Array<Record<string, unknown>> };
  const stdin = JSON.stringify({ ...list.plugins[0], name: list.name, cniVersion: list.cniVersion });
  const collected: string[] = [];
  for (const cp of await deps.listCheckpoints()) {
    if (!cp.pod || cp.ageMs < o.graceMs) continue;
    if (!(await podGone(deps, cp.pod))) continue;
    const args = [`IgnoreUnknown=1`, `K8S_POD_NAMESPACE=${cp.pod.namespace}`, `K8S_POD_NAME=${cp.pod.name}`, ...(cp.pod.uid ? [`K8S_POD_UID=${cp.pod.uid}`] : [])].join(';');
    const out = await deps.runner.run(o.dispatcherPath, [], {
      input: stdin,
      timeoutMs: 120_000,
      env: { CNI_COMMAND: 'DEL', CNI_CONTAINERID: cp.containerId, CNI_NETNS: cp.netns, CNI_IFNAME: cp.ifName, CNI_PATH: o.cniPath, CNI_ARGS: args, PATH: process.env['PATH'] },
    });
    if (out.exitCode === 0) {
      collected.push(cp.containerId);
      deps.log(`GC: tore down sandbox ${cp.containerId} of ${cp.pod.namespace}/${cp.pod.name} (pod gone)`);
    } else {
      deps.log(`GC: DEL of ${cp.containerId} failed (kept for the next pass): ${out.stdout.trim() || out.stderr.trim()}`);
    }
  }
  return collected;
}

async function podGone(deps: GcDeps, pod: NonNullable<CheckpointSummary['pod']>): Promise<boolean> {
  const cached = await deps.cachedPod(pod.namespace, pod.name);
  if (cached === 'unknown') return false;
  if (cached !== 'absent' && (!pod.uid || cached.metadata.uid === pod.uid)) return false;
  try {
    const live = await deps.kube().getPod(pod.namespace, pod.name);
    return pod.uid !== undefined && live.metadata.uid !== pod.uid;
  } catch (e) {
    if (isNotFound(e)) return true;
    deps.log(`GC: cannot confirm ${pod.namespace}/${pod.name} is gone: ${(e as Error).message}`);
    return false;
  }
}

/** checkpointFileFor is where the dispatcher keeps a container's checkpoint (checkpoint-store.ts). */
export function checkpointFileFor(dir: string, containerId: string): string {
  return join(dir, `${containerId}.json`);
}
