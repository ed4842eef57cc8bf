import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { WORKSPACE_ROOT, buildPlugins, builtPluginPath, createNetns, deleteNetns, ipJson, ipOk, isRoot, makeCniBinDir, startRelay, uniqueName, type CniBinDir, type Relay, type TestNetns } from '../support';

/** The bundled cnictl, as `node tools/build/build-plugin.mjs tools` writes it. */
export const CNICTL = resolve(WORKSPACE_ROOT, 'dist', 'tools', 'cnictl');
/** The dispatcher's network name in NETCONFPATH. */
export const MD_NETWORK = 'plxmd-net';

/** What one cnictl (or direct plugin) run produced. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** buildAll bundles the dispatcher, its Plexus delegates and cnictl from the current source. */
export function buildAll(): void {
  buildPlugins('tools', 'meta-dispatcher', 'static-ipam', 'fakeipam', 'route-injector', 'multi-nic-ipam');
}

/** makeBinDir fills a CNI bin dir with the Plexus plugins and the reference bridge and macvlan. */
export function makeBinDir(extra: Record<string, string> = {}): CniBinDir {
  const bin = makeCniBinDir({ plexus: ['meta-dispatcher', 'static-ipam', 'fakeipam', 'route-injector', 'multi-nic-ipam'], reference: ['bridge', 'macvlan'] });
  for (const [name, script] of Object.entries(extra)) {
    writeFileSync(join(bin.dir, name), script);
    chmodSync(join(bin.dir, name), 0o755);
  }
  return bin;
}

/**
 * useMdWorld registers the hooks a meta-dispatcher suite shares: once per file the root check, the build and the
 * CNI bin dir; per test a fresh MdWorld with one pod netns, handed to `setUp` (which may also start the API and seed
 * it) within `setUpTimeoutMs`, and the world's cleanup afterwards. Call it at the top level of a test file.
 */
export function useMdWorld(setUp: (world: MdWorld, pod: TestNetns) => void | Promise<void>, setUpTimeoutMs?: number): void {
  let bin: CniBinDir | undefined;
  beforeAll(() => {
    if (!isRoot()) throw new Error('the meta-dispatcher e2e suite needs root (netns, links)');
    buildAll();
    bin = makeBinDir();
  }, 240_000);
  afterAll(() => bin?.remove());
  let world: MdWorld | undefined;
  beforeEach(async () => {
    world = undefined; // a constructor that throws must not make afterEach clean the previous test's world twice
    world = new MdWorld(bin!.dir);
    await setUp(world, world.pod());
  }, setUpTimeoutMs);
  afterEach(() => world?.cleanup());
}

/**
 * MdWorld is one throwaway setting for the meta-dispatcher: a temp NETCONFPATH, conf dir and cache dir, a "node"
 * netns `plxmdn-…` holding the test bridge (the master of every bridge/macvlan delegate) and any fabric links, pod
 * netns `plxmd-…`, and optionally an API emulator. The dispatcher and cnictl run inside the node netns, so nothing
 * is created in the root netns; servers of this process (the emulator, a test backend) are reached there on the same
 * 127.0.0.1 port through a relay (see exposeInNode). Cleanup removes the pods, the relays, the node netns (which takes
 * the bridge and host-side veths along), the temp dir and the emulator.
 */
export class MdWorld {
  readonly tmp = mkdtempSync(join(tmpdir(), 'plxmd-'));
  readonly netconf = join(this.tmp, 'net.d');
  readonly confDir = join(this.tmp, 'conf.d');
  readonly cacheDir = join(this.tmp, 'checkpoints');
  readonly cnictlCache = join(this.tmp, 'cnictl-cache');
  readonly bridge = uniqueName('plxmdbr', 6).replace('-', '');
  api?: Emulator;
  readonly node: TestNetns;
  private readonly pods: TestNetns[] = [];
  private readonly relays: Relay[] = [];

  constructor(readonly binDir: string) {
    mkdirSync(this.netconf);
    mkdirSync(this.confDir);
    this.node = createNetns('plxmdn');
    ipOk(this.node, ['link', 'add', this.bridge, 'type', 'bridge']);
    // A fixed MAC: otherwise the bridge takes its lowest port's, which changes as pods attach, and the reference
    // bridge plugin's CHECK then fails ("Bridge interface … Mac doesn't match") for earlier attachments.
    ipOk(this.node, ['link', 'set', this.bridge, 'address', `02:00:${randomBytes(4).toString('hex').match(/../g)!.join(':')}`]);
    ipOk(this.node, ['link', 'set', this.bridge, 'up']);
  }

  /** startApi starts an in-process API emulator with the pods' namespace objects, reachable from the node netns. */
  async startApi(): Promise<Emulator> {
    this.api = await startEmulator();
    await this.exposeInNode(this.api.port);
    return this.api;
  }

  /**
   * exposeInNode makes a server of this process on 127.0.0.1:port answer on 127.0.0.1:port inside the node netns
   * too: a relay process in the node netns forwards each connection over a unix socket (unix sockets are not bound
   * to a netns) to this process, which forwards it to the server. Stopped by cleanup.
   */
  async exposeInNode(port: number): Promise<void> {
    this.relays.push(await startRelay(this.node, port, join(this.tmp, `relay-${port}.sock`)));
  }

  /** hostLink creates another bridge in the node netns (a multi-NIC fabric) with an address. */
  hostLink(address: string): string {
    const name = uniqueName('plxmdnic', 5).replace('-', '');
    ipOk(this.node, ['link', 'add', name, 'type', 'bridge']);
    ipOk(this.node, ['addr', 'add', address, 'dev', name]);
    ipOk(this.node, ['link', 'set', name, 'up']);
    return name;
  }

  /** pod makes a pod netns (deleted by cleanup). */
  pod(): TestNetns {
    const ns = createNetns('plxmd');
    this.pods.push(ns);
    return ns;
  }

  /** conf writes a file into the conf dir and returns its path. */
  conf(file: string, content: unknown): string {
    const path = join(this.confDir, file);
    writeFileSync(path, JSON.stringify(content, null, 2));
    return path;
  }

  /**
   * dispatcher writes the dispatcher's conflist into NETCONFPATH with these meta-dispatcher keys, and returns the
   * stdin the dispatcher gets from a runtime for it (the plugin object with the list's name and version).
   */
  dispatcher(keys: Record<string, unknown>, cniVersion = '1.1.0'): string {
    const plugin = { type: 'meta-dispatcher', cacheDir: this.cacheDir, confDir: this.confDir, ...(this.api ? { kubeconfig: this.api.kubeconfigPath } : {}), ...keys };
    writeFileSync(join(this.netconf, '00-plexus.conflist'), JSON.stringify({ cniVersion, name: MD_NETWORK, plugins: [plugin] }, null, 2));
    return JSON.stringify({ ...plugin, cniVersion, name: MD_NETWORK });
  }

  /** env is what cnictl (or the dispatcher run directly) gets. */
  env(pod: { namespace: string; name: string; uid?: string }, extra: Record<string, string> = {}): Record<string, string> {
    const args = [`IgnoreUnknown=1`, `K8S_POD_NAMESPACE=${pod.namespace}`, `K8S_POD_NAME=${pod.name}`, ...(pod.uid ? [`K8S_POD_UID=${pod.uid}`] : [])].join(';');
    return { PATH: process.env.PATH ?? '', NETCONFPATH: this.netconf, CNI_PATH: this.binDir, PLEXUS_CNI_CACHE_DIR: this.cnictlCache, CNI_ARGS: args, ...extra };
  }

  /**
   * cnictl runs `cnictl <args…>` in the node netns. Asynchronously on purpose: the API emulator serves from this
   * very process, so blocking it (spawnSync) would leave the dispatcher's API calls unanswered.
   */
  cnictl(args: string[], env: Record<string, string>): Promise<Run> {
    return runProcess('nsenter', [`--net=${this.node.path}`, '--', CNICTL, ...args], env);
  }

  /** cnictlOk runs cnictl and throws with its output unless it exits 0. */
  async cnictlOk(args: string[], env: Record<string, string>): Promise<string> {
    const out = await this.cnictl(args, env);
    if (out.status !== 0) throw new Error(`cnictl ${args.join(' ')} exited ${out.status}: ${out.stderr}${out.stdout}`);
    return out.stdout;
  }

  /** spawnDispatcher starts the dispatcher binary itself (no cnictl in between), e.g. to kill it mid-ADD. */
  spawnDispatcher(command: string, netns: string, containerId: string, env: Record<string, string>, stdin: string): ChildProcess {
    // nsenter execs the dispatcher (no fork for a net namespace): the child's pid is the dispatcher's.
    const child = spawn('nsenter', [`--net=${this.node.path}`, '--', builtPluginPath('meta-dispatcher')], {
      env: { ...env, CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: netns, CNI_IFNAME: 'eth0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin!.end(stdin);
    return child;
  }

  /** checkpoints lists the dispatcher's checkpoint files. */
  checkpoints(): string[] {
    return existsSync(this.cacheDir) ? readdirSync(this.cacheDir).filter((f) => f.endsWith('.json')) : [];
  }

  /** podLinks lists a pod's links besides lo. */
  podLinks(pod: TestNetns): string[] {
    return ipJson<Array<{ ifname: string }>>(pod, ['link', 'show']).map((l) => l.ifname).filter((n) => n !== 'lo').sort();
  }

  /** podAddrs lists a pod's IPv4 addresses per interface, e.g. {eth0: ['10.1.1.5/24']}. */
  podAddrs(pod: TestNetns): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const l of ipJson<Array<{ ifname: string; addr_info: Array<{ family: string; local: string; prefixlen: number }> }>>(pod, ['-4', 'addr', 'show'])) {
      if (l.ifname !== 'lo') out[l.ifname] = l.addr_info.map((a) => `${a.local}/${a.prefixlen}`);
    }
    return out;
  }

  /** bridgePorts lists the host-side links enslaved to the test bridge (veths left by bridge delegates). */
  bridgePorts(): string[] {
    return ipJson<Array<{ ifname: string }>>(this.node, ['link', 'show', 'master', this.bridge]).map((l) => l.ifname);
  }

  /** cleanup removes everything the world made. */
  async cleanup(): Promise<void> {
    for (const ns of this.pods) deleteNetns(ns);
    for (const r of this.relays) await r.stop();
    deleteNetns(this.node);
    await this.api?.stop();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** runProcess runs a program to completion without blocking the event loop. */
export function runProcess(file: string, args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

/** statusOf reads a pod's network-status annotation from the emulator (undefined when not written). */
export function statusOf(api: Emulator, namespace: string, name: string): string | undefined {
  const pod = api.store.get({ group: '', plural: 'pods', namespace, name });
  return (pod?.metadata.annotations as Record<string, string> | undefined)?.['k8s.v1.cni.cncf.io/network-status'];
}

/** seedPod stores a pod with annotations. */
export function seedPod(api: Emulator, namespace: string, name: string, annotations: Record<string, string>, uid = `uid-${name}`): void {
  api.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, uid, annotations } });
}

/** seedNad stores a NetworkAttachmentDefinition whose spec.config is `config` (serialised). */
export function seedNad(api: Emulator, namespace: string, name: string, config: unknown): void {
  api.seed({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { namespace, name }, spec: { config: JSON.stringify(config) } });
}

