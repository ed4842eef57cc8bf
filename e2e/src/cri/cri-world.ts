import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { buildPlugins, ip, ipJson, ipOk, isRoot } from '../support';
import type { SandboxSpec, SandboxStatus } from './cri-client';
import { PAUSE_IMAGE, buildPauseImage } from './pause-image';
import { PrivateContainerd } from './private-containerd';
import { prepareNode, seedClusterNetwork, type NodeDirs } from './prepare-node';

/** The Multus annotation a pod lists its extra networks in. */
export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';

/** The cluster network's name and subnet (reference bridge + host-local), and the NADs' subnets. */
export const CLUSTER_NET = { name: 'plxcri-cluster', subnet: '10.233.0.0/16' };
/** host-local's default lease dir, where the NADs' leases live (see CriWorld.nadNetPrefix). */
const NAD_LEASE_DIR = '/var/lib/cni/networks';
export const NAD_SUBNETS = { 'net-a': '10.234.1.0/24', 'net-b': '10.234.2.0/24', 'net-c': '10.234.3.0/24' } as const;

/**
 * CriWorld is one private node for the CRI lane: a temp dir with the CNI bin/conf dirs populated by prepareNode,
 * a root-netns test bridge `plxcri…` (the cluster network's and the NADs' bridge), the API emulator holding pods and
 * NADs, and a private containerd whose CRI plugin uses those dirs. cleanup() removes all of it.
 */
export class CriWorld {
  readonly tmp = mkdtempSync(join(tmpdir(), 'plxcri-'));
  readonly bridge = `plxcri${randomBytes(3).toString('hex')}`;
  readonly dirs: NodeDirs = {
    binDir: join(this.tmp, 'bin'),
    confDir: join(this.tmp, 'net.d'),
    cacheDir: join(this.tmp, 'plexus-checkpoints'),
    plexusConfDir: join(this.tmp, 'plexus-net.d'),
    kubeconfig: '',
  };
  readonly ipamDir = join(this.tmp, 'host-local');
  /**
   * NAD configs may not name files (the dispatcher refuses path-valued keys from NADs, namespace-editable), so the
   * NADs' host-local keeps its leases in its default dir, /var/lib/cni/networks/<conf name>: conf names carry this
   * world's id, and leftovers() and cleanup() look there.
   */
  readonly nadNetPrefix = `plxcri-${randomBytes(3).toString('hex')}`;
  private readonly nadIpamNets = new Set<string>();
  readonly traceDir = join(this.tmp, 'trace');
  api!: Emulator;
  containerd!: PrivateContainerd;
  /** A second containerd given the cluster conflist directly (no Plexus), for comparisons; see startDirectRuntime. */
  direct?: PrivateContainerd;
  private pauseArchive = '';
  /** Every netns path a sandbox reported, so cleanup can make sure none is left. */
  readonly seenNetns = new Set<string>();

  /** setUp builds nothing (see useCriWorld): starts the API, prepares the node, starts containerd, imports the image. */
  async setUp(): Promise<void> {
    ipOk(undefined, ['link', 'add', this.bridge, 'type', 'bridge']);
    ipOk(undefined, ['link', 'set', this.bridge, 'up']);
    this.api = await startEmulator();
    this.dirs.kubeconfig = this.api.kubeconfigPath;
    seedClusterNetwork(this.dirs, '10-cluster.conflist', this.clusterConflist());
    this.seedNads();
    await prepareNode(this.dirs);
    this.containerd = new PrivateContainerd({ baseDir: join(this.tmp, 'containerd'), binDir: this.dirs.binDir, confDir: this.dirs.confDir, sandboxImage: PAUSE_IMAGE });
    await this.containerd.start();
    const imageDir = join(this.tmp, 'image');
    mkdirSync(imageDir);
    this.pauseArchive = buildPauseImage(imageDir);
    this.containerd.importImage(this.pauseArchive);
  }

  /**
   * startDirectRuntime starts a second private containerd on the same bin dir, bridge and IPAM store whose conf dir
   * holds only the cluster conflist: the node as it was before Plexus, the yardstick of the benchmark.
   */
  async startDirectRuntime(): Promise<PrivateContainerd> {
    const confDir = join(this.tmp, 'direct-net.d');
    mkdirSync(confDir);
    writeFileSync(join(confDir, '10-cluster.conflist'), JSON.stringify(this.clusterConflist(), null, 2));
    this.direct = new PrivateContainerd({ baseDir: join(this.tmp, 'containerd-direct'), binDir: this.dirs.binDir, confDir, sandboxImage: PAUSE_IMAGE });
    await this.direct.start();
    this.direct.importImage(this.pauseArchive);
    return this.direct;
  }

  /** The cluster's primary network: the reference bridge with host-local, IPAM state in the temp dir. */
  clusterConflist(): unknown {
    return {
      cniVersion: '1.0.0',
      name: CLUSTER_NET.name,
      plugins: [{ type: 'bridge', bridge: this.bridge, ipam: { type: 'host-local', dataDir: this.ipamDir, ranges: [[{ subnet: CLUSTER_NET.subnet }]] } }],
    };
  }

  /** seedNads stores the three NADs: bridge + host-local, bridge + Plexus static-ipam (ips capability), macvlan + host-local. */
  private seedNads(): void {
    this.nad('net-a', { cniVersion: '1.0.0', name: this.nadConfName('net-a'), type: 'bridge', bridge: this.bridge, ipam: this.nadHostLocal(NAD_SUBNETS['net-a']) });
    this.nad('net-b', { cniVersion: '1.0.0', name: this.nadConfName('net-b'), type: 'bridge', bridge: this.bridge, capabilities: { ips: true }, ipam: { type: 'static-ipam' } });
    this.nad('net-c', { cniVersion: '1.0.0', name: this.nadConfName('net-c'), type: 'macvlan', master: this.bridge, mode: 'bridge', ipam: this.nadHostLocal(NAD_SUBNETS['net-c']) });
  }

  /** nadConfName is the conf `name` of a NAD of this world (host-local's lease dir is named after it). */
  nadConfName(nad: string): string {
    const name = `${this.nadNetPrefix}-${nad}`;
    this.nadIpamNets.add(name);
    return name;
  }

  /** nadHostLocal is host-local IPAM for a NAD: no dataDir (a path), leases in /var/lib/cni/networks/<conf name>. */
  nadHostLocal(subnet: string): Record<string, unknown> {
    return { type: 'host-local', ranges: [[{ subnet }]] };
  }

  /** nad stores a NetworkAttachmentDefinition in `default`. */
  nad(name: string, config: unknown, namespace = 'default'): void {
    this.api.seed({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { namespace, name }, spec: { config: JSON.stringify(config) } });
  }

  /** pod stores the pod in the API (as the API server holds it before kubelet asks the runtime) and returns its spec. */
  pod(name: string, annotations: Record<string, string> = {}, namespace = 'default'): SandboxSpec {
    const uid = `uid-${name}-${randomBytes(3).toString('hex')}`;
    this.api.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, uid, annotations } });
    // kubelet adds these to every pod's sandbox annotations, so containerd never passes an empty annotation map.
    const kubelet = { 'kubernetes.io/config.source': 'api', 'kubernetes.io/config.seen': new Date().toISOString() };
    return { name, namespace, uid, annotations: { ...kubelet, ...annotations } };
  }

  /** status reads PodSandboxStatus and remembers the sandbox's netns for cleanup. */
  async status(id: string): Promise<SandboxStatus> {
    const s = await this.containerd.cri.podSandboxStatus(id);
    if (s.netnsPath) this.seenNetns.add(s.netnsPath);
    return s;
  }

  /** networkStatus is the pod's network-status annotation in the API, parsed (undefined when not written). */
  networkStatus(namespace: string, name: string): Array<{ name: string; interface: string; ips?: string[]; default?: boolean }> | undefined {
    const pod = this.api.store.get({ group: '', plural: 'pods', namespace, name });
    const raw = (pod?.metadata.annotations as Record<string, string> | undefined)?.[NETWORK_STATUS_ANNOTATION];
    return raw === undefined ? undefined : JSON.parse(raw);
  }

  /** podAddrs lists the IPv4 addresses per interface inside a sandbox netns (besides lo), via nsenter. */
  podAddrs(netnsPath: string): Record<string, string[]> {
    const out = spawnSync('nsenter', [`--net=${netnsPath}`, 'ip', '-j', '-4', 'addr', 'show'], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`nsenter ${netnsPath} ip addr failed: ${out.stderr}`);
    const addrs: Record<string, string[]> = {};
    for (const l of JSON.parse(out.stdout) as Array<{ ifname: string; addr_info: Array<{ local: string; prefixlen: number }> }>) {
      if (l.ifname !== 'lo') addrs[l.ifname] = l.addr_info.map((a) => `${a.local}/${a.prefixlen}`);
    }
    return addrs;
  }

  /** podLinks lists the interfaces of a sandbox netns through `ip -n` (containerd pins them under /var/run/netns). */
  podLinks(netnsPath: string): string[] {
    const name = netnsPath.replace('/var/run/netns/', '');
    return ipJson<Array<{ ifname: string }>>({ name, path: netnsPath }, ['link', 'show'])
      .map((l) => l.ifname)
      .filter((n) => n !== 'lo')
      .sort();
  }

  /**
   * leftovers is everything a torn-down pod could leak: dispatcher checkpoints, host-local allocations (any file
   * but the range cursor and the lock), ports still on the test bridge, sandbox netns still pinned, sandboxes
   * containerd still lists. Empty lists everywhere = clean.
   */
  async leftovers(): Promise<{ checkpoints: string[]; allocations: string[]; bridgePorts: string[]; netns: string[]; sandboxes: string[] }> {
    const checkpoints = existsSync(this.dirs.cacheDir) ? readdirSync(this.dirs.cacheDir).filter((f) => f.endsWith('.json')) : [];
    const allocations: string[] = [];
    const ipamDirs = [
      ...(existsSync(this.ipamDir) ? readdirSync(this.ipamDir).map((net) => join(this.ipamDir, net)) : []),
      ...[...this.nadIpamNets].map((net) => join(NAD_LEASE_DIR, net)).filter((d) => existsSync(d)),
    ];
    for (const dir of ipamDirs) {
      for (const f of readdirSync(dir)) if (!/^(last_reserved_ip\.\d+|lock)$/.test(f)) allocations.push(`${basename(dir)}/${f}`);
    }
    const bridgePorts = ipJson<Array<{ ifname: string }>>(undefined, ['link', 'show', 'master', this.bridge]).map((l) => l.ifname);
    const netns = [...this.seenNetns].filter((p) => existsSync(p));
    const sandboxes = (await this.containerd.cri.listPodSandbox()).map((s) => `${s.namespace}/${s.name} ${s.state}`);
    return { checkpoints, allocations, bridgePorts, netns, sandboxes };
  }

  /** removeAllSandboxes stops and removes every sandbox containerd lists (best effort, for test isolation). */
  async removeAllSandboxes(): Promise<void> {
    const cri = this.containerd.cri;
    for (const s of await cri.listPodSandbox().catch(() => [])) {
      await cri.stopPodSandbox(s.id).catch(() => undefined);
      await cri.removePodSandbox(s.id).catch(() => undefined);
    }
  }

  /** traceDispatcher puts a wrapper in front of the dispatcher that records each call's env, stdin and exit code. */
  traceDispatcher(): void {
    mkdirSync(this.traceDir, { recursive: true });
    const bin = join(this.dirs.binDir, 'meta-dispatcher');
    renameSync(bin, `${bin}.real`);
    writeFileSync(
      bin,
      `#!/bin/sh
# CRI lane trace: what containerd sent the dispatcher and how it answered.
n=${this.traceDir}/$(date +%s%N)-$$
cat > "$n.stdin"
"$0.real" < "$n.stdin" > "$n.stdout"
rc=$?
printf '{"command":"%s","netns":"%s","containerId":"%s","exitCode":%s}\\n' "$CNI_COMMAND" "$CNI_NETNS" "$CNI_CONTAINERID" "$rc" > "$n.meta"
cat "$n.stdout"
exit $rc
`,
    );
    chmodSync(bin, 0o755);
  }

  /** untraceDispatcher puts the real dispatcher back. */
  untraceDispatcher(): void {
    const bin = join(this.dirs.binDir, 'meta-dispatcher');
    if (existsSync(`${bin}.real`)) renameSync(`${bin}.real`, bin);
  }

  /** cleanup tears the node down: containerd (sandboxes, shims, mounts), leftover netns, the bridge, the API, the temp dir. */
  async cleanup(): Promise<string[]> {
    const problems = this.containerd ? await this.containerd.destroy() : [];
    if (this.direct) problems.push(...(await this.direct.destroy()));
    for (const p of this.seenNetns) {
      if (!existsSync(p)) continue;
      problems.push(`netns ${p} left behind`);
      spawnSync('umount', [p]);
      rmSync(p, { force: true });
    }
    ip(undefined, ['link', 'del', this.bridge]);
    await this.api?.stop();
    rmSync(this.tmp, { recursive: true, force: true });
    for (const net of this.nadIpamNets) rmSync(join(NAD_LEASE_DIR, net), { recursive: true, force: true });
    return problems;
  }
}

/**
 * useCriWorld registers one CriWorld per test file: root check, build of the bundles from the current source,
 * set-up, and cleanup (which reports anything it had to force away). Returns a getter for the world.
 */
export function useCriWorld(): () => CriWorld {
  let world: CriWorld | undefined;
  beforeAll(async () => {
    if (!isRoot()) throw new Error('the CRI lane needs root (containerd, netns, links)');
    buildPlugins('tools', 'meta-dispatcher', 'static-ipam', 'fakeipam', 'route-injector', 'multi-nic-ipam', 'ipvlan');
    world = new CriWorld();
    await world.setUp();
  }, 300_000);
  // A failed test must not leak its sandboxes into the next one's leftover checks.
  afterEach(async () => {
    if (world?.containerd) await world.removeAllSandboxes();
  }, 120_000);
  afterAll(async () => {
    const problems = await world?.cleanup();
    if (problems?.length) throw new Error(`cleanup had to force: ${problems.join('; ')}`);
  }, 120_000);
  return () => world!;
}
