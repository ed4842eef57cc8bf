import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REFERENCE_PLUGIN_DIR, WORKSPACE_ROOT } from '../support/workspace';

/** The node's CNI directories and what the Plexus node agent is told about the cluster. */
export interface NodeDirs {
  /** The runtime's CNI bin dir (containerd `bin_dir`). */
  binDir: string;
  /** The runtime's CNI conf dir (containerd `conf_dir`); its first file is the node's network. */
  confDir: string;
  /** The dispatcher's checkpoint dir. */
  cacheDir: string;
  /** The dispatcher's own conf dir (NAD configs without spec.config, static confs). */
  plexusConfDir: string;
  /** The kubeconfig the dispatcher uses to reach the API (the emulator's). */
  kubeconfig: string;
}

/** The conf file the node agent writes; sorts first so the runtime (max_conf_num = 1) uses it. */
export const PLEXUS_CONFLIST = '00-plexus.conflist';
/** The dispatcher conflist's network name. */
export const PLEXUS_NETWORK = 'plexus';
/** The capability that makes containerd pass the pod's annotations in runtimeConfig. */
export const POD_ANNOTATIONS_CAPABILITY = 'io.kubernetes.cri.pod-annotations';

/** The reference plugins a node has before Plexus arrives: the cluster network's, plus containerd's loopback. */
export const NODE_REFERENCE_PLUGINS = ['bridge', 'host-local', 'loopback', 'macvlan'];

/**
 * seedClusterNetwork puts a node in the state Plexus finds it in: the reference plugins in the bin dir and the
 * cluster's own primary conflist in the conf dir (what a cluster's network add-on installs; not Plexus' doing).
 */
export function seedClusterNetwork(dirs: NodeDirs, file: string, conflist: unknown): string {
  mkdirSync(dirs.binDir, { recursive: true });
  mkdirSync(dirs.confDir, { recursive: true });
  for (const name of NODE_REFERENCE_PLUGINS) symlinkSync(join(REFERENCE_PLUGIN_DIR, name), join(dirs.binDir, name));
  const path = join(dirs.confDir, file);
  writeFileSync(path, JSON.stringify(conflist, null, 2));
  return path;
}

/**
 * prepareNode prepares the node exactly as a cluster does: it runs the node agent, `plexus-node --once`, which
 * installs every Plexus plugin (and the Node runtime they run on) into the bin dir, takes the conf dir's first conf
 * file as the cluster network and writes `00-plexus.conflist` — the meta-dispatcher wrapping it as
 * `clusterNetwork`, declaring the pod-annotations capability — and the plugin kubeconfig built from a service
 * account (here: the emulator's token in a temp SA dir). Resolves to the conflist's path.
 */
export async function prepareNode(dirs: NodeDirs): Promise<string> {
  for (const d of [dirs.binDir, dirs.cacheDir, dirs.plexusConfDir]) mkdirSync(d, { recursive: true });
  const emulator = JSON.parse(readFileSync(dirs.kubeconfig, 'utf8')) as { clusters: Array<{ cluster: { server: string } }>; users: Array<{ user: { token: string } }> };
  const saDir = join(dirname(dirs.binDir), 'serviceaccount');
  mkdirSync(saDir, { recursive: true });
  writeFileSync(join(saDir, 'token'), emulator.users[0]!.user.token, { mode: 0o600 });
  writeFileSync(join(saDir, 'namespace'), 'plexus-system');
  const agent = resolve(WORKSPACE_ROOT, 'dist', 'tools', 'plexus-node');
  const args = ['--once', '--cni-bin-dir', dirs.binDir, '--cni-conf-dir', dirs.confDir, '--sa-dir', saDir, '--api-server', emulator.clusters[0]!.cluster.server];
  args.push('--checkpoint-dir', dirs.cacheDir, '--node-name', 'cri-node', '--primary-timeout', '30');
  // Asynchronously: the API emulator answers from this very process, so a synchronous spawn would starve it.
  try {
    await promisify(execFile)(agent, args, { encoding: 'utf8', timeout: 120_000 });
  } catch (e) {
    const err = e as { code?: number | string; signal?: string; stderr?: string; stdout?: string };
    throw new Error(`plexus-node --once failed (${err.code ?? err.signal}): ${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
  const path = join(dirs.confDir, PLEXUS_CONFLIST);
  const conf = JSON.parse(readFileSync(path, 'utf8')) as { name: string; plugins: Array<{ type: string; capabilities?: Record<string, boolean> }> };
  if (conf.name !== PLEXUS_NETWORK || conf.plugins[0]?.type !== 'meta-dispatcher' || !conf.plugins[0].capabilities?.[POD_ANNOTATIONS_CAPABILITY]) {
    throw new Error(`plexus-node wrote an unexpected ${path}: ${JSON.stringify(conf)}`);
  }
  return path;
}
