import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { createNetns, deleteNetns, describeFailure, execCniAsync, ipJson, ipOk, kernelCanCreate, runChainAsync, startRelay, type ConfList, type Relay, type TestNetns } from '../support';
import { type Example } from './readme-blocks';

type Json = Record<string, unknown>;
type Plugin = Json & { type: string };

/** The plugin types an example needs a kernel with ipvlan for (the kernel-VM lane). */
const KERNEL_TYPES = new Set(['ipvlan']);
/** The pod identity every example runs with (the dispatcher reads it; others ignore it). */
const CNI_ARGS = 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=readme-example;K8S_POD_UID=uid-readme-example';
/** The node name multi-nic-ipam claims its host index for (seeded as a Node when the example uses the API). */
const NODE_NAME = 'readme-node';

/** ExampleConfig is a parsed example: its conflist (a single conf becomes a one-plugin list) and companions. */
export interface ExampleConfig {
  list: ConfList;
  files: Array<{ path: string; content: Json }>;
  /** Marked `ipam-only="why"`: the main plugin is not ours (e.g. multi-nic-cni's); only its IPAM call is run. */
  ipamOnly: boolean;
  needsKernel: boolean;
}

/**
 * loadExample parses an example with every absolute path under /etc, /var, /run or /opt moved into `root`, so the
 * README can show real paths while the test touches only its temp dir.
 */
export function loadExample(ex: Example, root: string): ExampleConfig {
  const move = (v: unknown): unknown => {
    if (typeof v === 'string') return /^\/(etc|var|run|opt)\//.test(v) ? join(root, v) : v;
    if (Array.isArray(v)) return v.map(move);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, move(x)]));
    return v;
  };
  const conf = move(JSON.parse(ex.run.text)) as Json;
  const list: ConfList = Array.isArray(conf.plugins)
    ? (conf as unknown as ConfList)
    : { cniVersion: conf.cniVersion as string, name: conf.name as string, plugins: [Object.fromEntries(Object.entries(conf).filter(([k]) => k !== 'cniVersion' && k !== 'name')) as Plugin] };
  const files = ex.files.map((f) => ({ path: join(root, f.path), content: move(JSON.parse(f.block.text)) as Json }));
  const types = [...list.plugins, ...files.flatMap((f) => (Array.isArray(f.content.plugins) ? (f.content.plugins as Plugin[]) : [f.content as Plugin]))].map((p) => p.type);
  const ipamOnly = ex.run.marker?.attrs['ipam-only'] !== undefined;
  return { list, files, ipamOnly, needsKernel: !ipamOnly && types.some((t) => KERNEL_TYPES.has(t)) };
}

/** What the README promises of an ADD result: the configured addresses and DNS of every IPAM section. */
function promisedByIpam(plugins: Plugin[]): { addresses: string[]; dns: unknown[] } {
  const addresses: string[] = [];
  const dns: unknown[] = [];
  for (const p of plugins) {
    const ipam = p.ipam as Json | undefined;
    if (!ipam) continue;
    for (const a of (ipam.addresses as Array<{ address: string }> | undefined) ?? []) addresses.push(a.address);
    for (const a of (ipam.ips as Array<{ ipcidr: string }> | undefined) ?? []) addresses.push(a.ipcidr);
    if (ipam.dns) dns.push(ipam.dns);
  }
  return { addresses, dns };
}

/** Link names an example's configs expect on the node (ipvlan/macvlan masters). */
function mastersOf(confs: Json[]): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'master' && typeof x === 'string') names.add(x);
        else if (k === 'masters' && Array.isArray(x)) x.forEach((m) => typeof m === 'string' && names.add(m));
        else visit(x);
      }
    }
  };
  confs.forEach(visit);
  return [...names];
}

/**
 * ExampleWorld runs one README example for real: a temp root for its files, a "node" netns holding the masters it
 * names (dummy links where the kernel has them, else bridges) and the host side of its links, a pod netns, and,
 * when marked `api`, the API emulator (kubeconfig written where the example's `kubeconfig` points, reachable in
 * the node netns). Every plugin runs inside the node netns; the root netns is never touched.
 */
export class ExampleWorld {
  readonly root = mkdtempSync(join(tmpdir(), 'plxrx-'));
  readonly node: TestNetns = createNetns('plxrxn');
  readonly pod: TestNetns = createNetns('plxrxp');
  readonly config: ExampleConfig;
  api?: Emulator;
  private relay?: Relay;

  constructor(
    readonly example: Example,
    readonly binDir: string,
  ) {
    this.config = loadExample(example, this.root);
  }

  /** prepare writes the companion files, creates the masters (with `addr=IF:CIDR,…`) and starts the API if asked. */
  async prepare(): Promise<void> {
    for (const f of this.config.files) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, JSON.stringify(f.content, null, 2));
    }
    const kind = kernelCanCreate('dummy') ? 'dummy' : 'bridge';
    for (const m of mastersOf([this.config.list as unknown as Json, ...this.config.files.map((f) => f.content)])) {
      ipOk(this.node, ['link', 'add', m, 'type', kind]);
      ipOk(this.node, ['link', 'set', m, 'up']);
    }
    for (const pair of (this.example.run.marker?.attrs.addr ?? '').split(',').filter(Boolean)) {
      const [dev, cidr] = pair.split(':');
      ipOk(this.node, ['addr', 'add', cidr, 'dev', dev]);
    }
    if (this.example.run.marker?.attrs.api) {
      const kubeconfig = findKey(this.config.list, 'kubeconfig') ?? join(this.root, 'kubeconfig');
      mkdirSync(dirname(kubeconfig), { recursive: true });
      this.api = await startEmulator({ kubeconfigPath: kubeconfig });
      this.api.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE_NAME } });
      this.api.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'readme-example', uid: 'uid-readme-example' } });
      this.relay = await startRelay(this.node, this.api.port, join(this.root, 'api.sock'));
    }
  }

  private attachment() {
    return { containerId: 'readme-example', netns: this.pod.path, ifName: 'eth0', binDir: this.binDir, cniArgs: CNI_ARGS, hostNetns: this.node.path, env: { NODE_NAME } };
  }

  /** runFull does ADD, checks what the README promises, CHECK, DEL, and checks the pod is left with only lo. */
  async runFull(): Promise<Json> {
    const at = this.attachment();
    const add = await runChainAsync(this.config.list, 'ADD', at);
    if (!add.ok) throw new Error(`ADD failed:\n${describeFailure(add)}`);
    const result = add.result as Json;
    const promised = promisedByIpam(this.config.list.plugins);
    const resultAddrs = ((result.ips as Array<{ address: string }> | undefined) ?? []).map((i) => i.address);
    expect(resultAddrs).toEqual(expect.arrayContaining(promised.addresses));
    const podAddrs = ipJson<Array<{ addr_info: Array<{ local: string; prefixlen: number }> }>>(this.pod, ['addr', 'show']).flatMap((l) => l.addr_info.map((a) => `${a.local}/${a.prefixlen}`));
    // Networks of companion files (a dispatcher's delegates) end up in the pod too, though not in the primary's result.
    const companions = this.config.files.flatMap((f) => (Array.isArray(f.content.plugins) ? (f.content.plugins as Plugin[]) : [f.content as Plugin]));
    expect(podAddrs).toEqual(expect.arrayContaining([...promised.addresses, ...promisedByIpam(companions).addresses]));
    for (const dns of promised.dns) expect(result.dns).toEqual(dns);
    if (this.config.list.cniVersion >= '0.4.0') {
      const check = await runChainAsync(this.config.list, 'CHECK', at, result);
      if (!check.ok) throw new Error(`CHECK failed:\n${describeFailure(check)}`);
    }
    const del = await runChainAsync(this.config.list, 'DEL', at, result);
    if (!del.ok) throw new Error(`DEL failed:\n${describeFailure(del)}`);
    expect(ipJson<Array<{ ifname: string }>>(this.pod, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
    return result;
  }

  /**
   * runIpam runs the IPAM plugin of the example's first plugin that has one, alone, with exactly that plugin's
   * stdin (as its main plugin would call it): ADD, then DEL. Returns the ADD result.
   */
  async runIpam(): Promise<Json> {
    const plugin = this.config.list.plugins.find((p) => p.ipam) as Plugin;
    const ipam = plugin.ipam as Plugin;
    const stdin = { ...plugin, cniVersion: this.config.list.cniVersion, name: this.config.list.name };
    const at = this.attachment();
    const run = (command: 'ADD' | 'DEL') =>
      execCniAsync(join(this.binDir, ipam.type), { command, stdin, containerId: at.containerId, netns: at.netns, ifName: at.ifName, cniArgs: at.cniArgs, path: at.binDir, hostNetns: at.hostNetns, env: at.env });
    const add = await run('ADD');
    if (add.status !== 0) throw new Error(`IPAM ${ipam.type} ADD failed: ${add.stdout}${add.stderr}`);
    const del = await run('DEL');
    if (del.status !== 0) throw new Error(`IPAM ${ipam.type} DEL failed: ${del.stdout}${del.stderr}`);
    return add.json as Json;
  }

  async cleanup(): Promise<void> {
    await this.relay?.stop();
    await this.api?.stop();
    deleteNetns(this.pod);
    deleteNetns(this.node);
    rmSync(this.root, { recursive: true, force: true });
  }
}

function findKey(v: unknown, key: string): string | undefined {
  if (Array.isArray(v)) return v.map((x) => findKey(x, key)).find((x) => x !== undefined);
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === key && typeof x === 'string') return x;
      const inner = findKey(x, key);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}
