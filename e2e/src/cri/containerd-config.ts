/** Where a private containerd keeps everything, all inside one temp dir. */
export interface ContainerdPaths {
  root: string;
  state: string;
  socket: string;
  opt: string;
  /** runc's state root (the runc v2 shim defaults to /run/containerd/runc, shared with any system containerd). */
  runcRoot: string;
}

/** What the CRI plugin is given. */
export interface CriSettings {
  /** CNI bin dir (containerd takes exactly one). */
  binDir: string;
  /** CNI conf dir; with max_conf_num = 1 only its first file counts, as on every kubelet node. */
  confDir: string;
  sandboxImage: string;
  snapshotter: 'overlayfs' | 'native';
}

const q = (s: string): string => JSON.stringify(s);

/**
 * containerdConfig renders a containerd 1.6 config (version 2) for a private instance. Why each non-default:
 * - every path (root, state, grpc/ttrpc sockets, the `opt` plugin's dir) is the instance's own, so a system
 *   containerd, if any, is never touched and nothing is written outside the temp dir;
 * - the snapshotters that cannot work here are disabled so their probes do not slow or spam the start;
 * - runc v2 with cgroupfs (`SystemdCgroup = false`): no systemd here; its state `Root` in the temp dir too;
 * - `restrict_oom_score_adj = true`: without CAP_SYS_RESOURCE runc cannot lower the sandbox's oom_score_adj;
 * - `max_conf_num = 1`: containerd's default, spelled out because the lane's meaning depends on it (the first
 *   conf file is the node's network, exactly like kubelet nodes).
 */
export function containerdConfig(p: ContainerdPaths, cri: CriSettings): string {
  const cfg = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = ${q(p.root)}
state = ${q(p.state)}
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]

[grpc]
  address = ${q(p.socket)}

[ttrpc]
  address = ${q(`${p.socket}.ttrpc`)}

[plugins."io.containerd.internal.v1.opt"]
  path = ${q(p.opt)}

[${cfg}]
  sandbox_image = ${q(cri.sandboxImage)}
  restrict_oom_score_adj = true
  enable_selinux = false
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"

[${cfg}.containerd]
  snapshotter = ${q(cri.snapshotter)}
  default_runtime_name = "runc"

[${cfg}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cfg}.containerd.runtimes.runc.options]
  SystemdCgroup = false
  Root = ${q(p.runcRoot)}

[${cfg}.cni]
  bin_dir = ${q(cri.binDir)}
  conf_dir = ${q(cri.confDir)}
  max_conf_num = 1
`;
}
