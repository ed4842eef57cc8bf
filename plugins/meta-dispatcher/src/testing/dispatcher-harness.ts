import { CniError, type Result } from '@plexus/cni-spec';
import type { DelegateRequest } from '@plexus/invoke';
import { FakeDelegator } from '@plexus/invoke/testing';
import { FakeHttpClient } from '@plexus/http/testing';
import { FakeKubeClient } from '@plexus/k8s/testing';
import { noopLogger } from '@plexus/log';
import { FakeNetlink } from '@plexus/netlink/testing';
import { invokePlugin, type InvokeOptions } from '@plexus/skel/testing';
import type { InvocationOutput } from '@plexus/skel';
import { MemoryFileStore } from '@plexus/store/testing';
import type { DanmOwner, DispatcherDeps } from '../invocation/dispatcher-deps';
import { createMetaDispatcherHandlers } from '../handlers';
import type { DanmNetworkRef, NetworkRequest } from '../plan/network-request';
import type { ConfList } from '../config/conf-list';
import type { ResolveContext } from '../sources/resolve-context';

export const NETNS = '/var/run/netns/pod1';
/** A second pod's netns. */
export const NETNS2 = '/var/run/netns/pod2';
export const CACHE_DIR = '/var/lib/cni/plexus/md';
export const CONTAINER = 'ctr1';
export const POD_ARGS = 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_UID=uid-1';

/** The dispatcher's own config for tests (the sources are faked, so only the core's keys matter). */
export function dispatcherConf(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { cniVersion: '1.1.0', name: 'plexus', type: 'meta-dispatcher', cacheDir: CACHE_DIR, networks: ['/etc/cni/x.conflist'], ...over };
}

/** A one-plugin conflist of `type`. */
export function confList(name: string, type: string, extra: Record<string, unknown> = {}, cniVersion = '1.0.0'): ConfList {
  return { cniVersion, name, plugins: [{ type, ...extra }] };
}

/** A request as the sources would resolve it (Multus defaults). */
export function request(statusName: string, type: string, over: Partial<NetworkRequest> = {}): NetworkRequest {
  return {
    source: 'multus',
    statusName,
    isPrimary: false,
    confList: confList(statusName.replace('/', '-'), type),
    capabilityArgs: {},
    cniArgs: [],
    requested: {},
    ...over,
  };
}

/** A main plugin's result for an interface in the pod (what bridge/macvlan return). */
export function ifaceResult(ifName: string, address: string, opts: { mac?: string; gateway?: string; defaultGw?: string } = {}): Result {
  const r: Result = {
    cniVersion: '1.1.0',
    interfaces: [{ name: 'host-br' }, { name: ifName, mac: opts.mac ?? '0a:00:00:00:00:01', sandbox: NETNS }],
    ips: [{ address, interface: 1, ...(opts.gateway ? { gateway: opts.gateway } : {}) }],
  };
  if (opts.defaultGw) r.routes = [{ dst: '0.0.0.0/0', gw: opts.defaultGw }];
  return r;
}

/**
 * DispatcherHarness runs the real handlers over fakes: a scripted FakeDelegator, an in-memory file store, an
 * in-memory kernel with the pod's netns, a fake Kubernetes API, and sources that answer with given requests.
 * A delegate ADD of a main plugin that is not scripted creates the interface in the fake pod netns, so the
 * collision checks see what a real delegate would leave behind.
 */
export class DispatcherHarness {
  readonly files = new MemoryFileStore();
  readonly netlink = new FakeNetlink({ netns: [NETNS, NETNS2] });
  readonly kube = new FakeKubeClient();
  readonly delegator = new FakeDelegator();
  readonly danmCalls: string[] = [];
  readonly resolveCalls: ResolveContext[] = [];
  /** Whether the API is configured (no kubeconfig and no in-cluster env = false). */
  api = true;
  /** Whether the API is configured but unreachable (DANM releases fail with code 11). */
  apiDown = false;
  requests: NetworkRequest[] = [];
  danmFails?: CniError;
  private readonly danmHeld = new Map<string, string[]>();

  constructor() {
    this.kube.addPod({ metadata: { namespace: 'default', name: 'web', uid: 'uid-1' } });
  }

  /** deps wires the fakes as the dispatcher's side effects. */
  deps(): DispatcherDeps {
    return {
      sources: {
        resolveNetworks: async (ctx) => {
          this.resolveCalls.push(ctx);
          return structuredClone(this.requests);
        },
      },
      danm: {
        allocate: async (_kube, ref, pair, owner) => this.allocate(ref, pair, owner),
        release: async (_kube, ref, owner) => {
          if (this.apiDown) throw new CniError(11, 'failed to reach the API', 'connection refused');
          this.danmCalls.push(`release ${ref.name} ${owner.containerId}/${owner.ifName}`);
          this.danmHeld.delete(`${owner.containerId}/${owner.ifName}`);
        },
        render: (req, addresses) => ({ ...req.confList, plugins: [{ ...req.confList.plugins[0], ipam: { type: 'fakeipam', ips: addresses.map((a) => ({ ipcidr: a })) } }] }),
      },
      delegator: this.delegator,
      files: this.files,
      netlink: () => this.netlink,
      sourceDeps: () => ({ http: () => new FakeHttpClient(), files: this.files, log: noopLogger, ...(this.api ? { kube: () => this.kube } : {}) }),
      readinessClock: this.clock,
    };
  }

  /** A fake clock for the readiness wait: sleeping advances it, and `onSleep` can make files appear meanwhile. */
  readonly clock = {
    t: 0,
    sleeps: [] as number[],
    onSleep: undefined as ((t: number) => void) | undefined,
    now: () => this.clock.t,
    sleep: async (ms: number) => {
      this.clock.sleeps.push(ms);
      this.clock.t += ms;
      this.clock.onSleep?.(this.clock.t);
    },
  };

  /** danmHolding lists the DANM owners that still hold addresses. */
  danmHolding(): string[] {
    return [...this.danmHeld.keys()];
  }

  /** addMain scripts a main plugin: ADD creates `CNI_IFNAME` in the pod netns and answers `result(ifName)`. */
  addMain(type: string, result: (ifName: string, req: DelegateRequest) => Result): this {
    this.delegator.onAdd(type, async (req) => {
      const ifName = req.env.CNI_IFNAME!;
      await this.netlink.pod(req.env.CNI_NETNS || NETNS).addVeth(ifName, `h-${ifName}`.slice(0, 15));
      return result(ifName, req);
    });
    this.delegator.on(type, 'DEL', async (req) => {
      const netns = req.env.CNI_NETNS || NETNS;
      const link = this.netlink.hasNetns(netns) ? await this.netlink.pod(netns).findLink(req.env.CNI_IFNAME!) : undefined;
      if (link) await this.netlink.pod(netns).deleteLink(link.name);
    });
    return this;
  }

  /** run invokes one CNI command of the dispatcher. */
  run(command: InvokeOptions['command'], conf: Record<string, unknown> = dispatcherConf(), over: Partial<InvokeOptions> = {}): Promise<InvocationOutput> {
    return invokePlugin({ name: 'meta-dispatcher', handlers: createMetaDispatcherHandlers(this.deps()) }, { command, conf, containerId: CONTAINER, netns: NETNS, ifName: 'eth0', cniArgs: POD_ARGS, path: '/opt/cni/bin', ...over });
  }

  /** ok runs a command that must succeed and returns its parsed stdout (ADD) or undefined. */
  async ok(command: InvokeOptions['command'], conf?: Record<string, unknown>, over: Partial<InvokeOptions> = {}): Promise<Record<string, unknown> | undefined> {
    const out = await this.run(command, conf, over);
    if (out.exitCode !== 0) throw new Error(`${command} failed: ${out.stdout}${out.stderr}`);
    return out.stdout ? (JSON.parse(out.stdout) as Record<string, unknown>) : undefined;
  }

  /** fail runs a command that must fail and returns the error object. */
  async fail(command: InvokeOptions['command'], conf?: Record<string, unknown>, over: Partial<InvokeOptions> = {}): Promise<{ code: number; msg: string; details?: string }> {
    const out = await this.run(command, conf, over);
    if (out.exitCode === 0) throw new Error(`expected ${command} to fail, got: ${out.stdout}`);
    return JSON.parse(out.stdout) as { code: number; msg: string; details?: string };
  }

  /** checkpoint reads the container's checkpoint as JSON (undefined when absent). */
  async checkpoint(id = CONTAINER): Promise<Record<string, unknown> & { attachments: Array<Record<string, unknown>>; reservations: Array<Record<string, unknown>> } | undefined> {
    const text = await this.files.read(`${CACHE_DIR}/${id}.json`);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** podLinks lists the interfaces in the pod netns besides lo. */
  async podLinks(): Promise<string[]> {
    return (await this.netlink.pod(NETNS).listLinks()).map((l) => l.name).filter((n) => n !== 'lo').sort();
  }

  private allocate(ref: DanmNetworkRef, pair: { ip: string; ip6: string }, owner: DanmOwner): string[] {
    if (this.danmFails) throw this.danmFails;
    const key = `${owner.containerId}/${owner.ifName}`;
    this.danmCalls.push(`allocate ${ref.name} ${key}`);
    const held = this.danmHeld.get(key) ?? [pair.ip === 'dynamic' ? `10.77.0.${this.danmHeld.size + 2}/24` : `${pair.ip}/24`];
    this.danmHeld.set(key, held);
    return held;
  }
}
