import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
 * prepareNode does what the node agent (`plexus-node --once`) does to a node, and is the ONE place to swap it in:
 * installs every Plexus plugin into the bin dir with the installer, takes the conf dir's first conf file as the
 * cluster network and writes `00-plexus.conflist` — the meta-dispatcher wrapping it as `clusterNetwork`, declaring
 * the pod-annotations capability, with the kubeconfig for NADs and network-status. Returns the conflist's path.
 * (Lane-local stand-in until `plexus-node --once` lands.)
 */
export function prepareNode(dirs: NodeDirs): string {
  for (const d of [dirs.binDir, dirs.cacheDir, dirs.plexusConfDir]) mkdirSync(d, { recursive: true });
  const installer = resolve(WORKSPACE_ROOT, 'dist', 'tools', 'plexus-install');
  const out = spawnSync(installer, ['install', '--plugins', 'all', '--bin-dir', dirs.binDir], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`plexus-install failed: ${out.stderr}${out.stdout}`);
  const primary = readdirSync(dirs.confDir)
    .filter((f) => /\.(conf|conflist|json)$/.test(f) && f !== PLEXUS_CONFLIST)
    .sort()[0];
  if (!primary) throw new Error(`no cluster network conf in ${dirs.confDir}`);
  const primaryPath = join(dirs.confDir, primary);
  const { cniVersion } = JSON.parse(readFileSync(primaryPath, 'utf8')) as { cniVersion: string };
  const conflist = {
    cniVersion,
    name: PLEXUS_NETWORK,
    plugins: [
      {
        type: 'meta-dispatcher',
        kubeconfig: dirs.kubeconfig,
        cacheDir: dirs.cacheDir,
        confDir: dirs.plexusConfDir,
        clusterNetwork: primaryPath,
        capabilities: { [POD_ANNOTATIONS_CAPABILITY]: true },
      },
    ],
  };
  const path = join(dirs.confDir, PLEXUS_CONFLIST);
  writeFileSync(path, JSON.stringify(conflist, null, 2));
  return path;
}
