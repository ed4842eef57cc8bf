/**
 * ipvlan in conflists with the other Plexus plugins, all built and exec'd the way a runtime runs a list (ADD in
 * order with prevResult, CHECK in order and DEL in reverse with the final result): with static-ipam, fakeipam and
 * multi-nic-ipam as its IPAM, before route-injector, and after a plugin whose result it reuses without IPAM of its
 * own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFailure, ipJson, isRoot, runChain, type Attachment, type ConfList, type TestNetns } from '../support';
import { ensureBuilt, pluginSourceExists } from './ensure-built';
import { HOST_V4, KernelWorld, MASTER, kernelHasIpvlan } from './kernel-world';

const CHAIN_PLUGINS = ['ipvlan', 'static-ipam', 'fakeipam', 'route-injector', 'multi-nic-ipam'];
const missing = CHAIN_PLUGINS.filter((p) => !pluginSourceExists(p));

let w: KernelWorld;

beforeAll(() => {
  if (!isRoot() || !kernelHasIpvlan()) throw new Error('the kernel suite needs root and ipvlan+dummy: run it with tools/vm/run-kernel-suite.sh');
  if (missing.length) throw new Error(`plugins not written yet: ${missing.join(', ')}`);
  ensureBuilt(CHAIN_PLUGINS);
});

afterEach(() => w?.cleanup());

function attachment(pod: TestNetns): Attachment {
  return { containerId: `c-${pod.name}`, netns: pod.path, ifName: 'net1', binDir: w.bin.dir, hostNetns: w.host.path };
}

/** addCheckDel runs the list's ADD, `inspect` on the pod, CHECK and DEL, and requires an empty pod afterwards. */
function addCheckDel(list: ConfList, inspect: (pod: TestNetns, result: Record<string, unknown>) => void): void {
  const pod = w.newPod();
  const at = attachment(pod);
  const add = runChain(list, 'ADD', at);
  if (!add.ok) throw new Error(`ADD failed:\n${describeFailure(add)}`);
  inspect(pod, add.result!);
  const check = runChain(list, 'CHECK', at, add.result);
  if (!check.ok) throw new Error(`CHECK failed:\n${describeFailure(check)}`);
  const del = runChain(list, 'DEL', at, add.result);
  if (!del.ok) throw new Error(`DEL failed:\n${describeFailure(del)}`);
  expect(w.linkNames(pod)).toEqual(['lo']);
  expect(ipJson(pod, ['-4', 'rule', 'show']).map((r) => r.table)).toEqual(['local', 'main', 'default']);
  // A second DEL, as runtimes may send, still succeeds.
  expect(runChain(list, 'DEL', at).ok).toBe(true);
}

const routeInjector = {
  type: 'route-injector',
  routes: [{ dst: '10.88.0.0/16', gw: '10.77.0.1' }],
  policyRoutes: [{ table: 100, priority: 1000, routes: [{ dst: '0.0.0.0/0', gw: '10.77.0.254' }] }],
};

describe('ipvlan chains', () => {
  it('ipvlan (static-ipam) → route-injector: main and policy routes through the ipvlan interface', () => {
    w = new KernelWorld({ plexus: CHAIN_PLUGINS });
    const list: ConfList = {
      cniVersion: '1.1.0',
      name: 'plxiv-chain',
      plugins: [
        { type: 'ipvlan', master: MASTER, mode: 'l2', ipam: { type: 'static-ipam', addresses: [{ address: '10.77.0.50/24', gateway: '10.77.0.1' }] } },
        routeInjector,
      ],
    };
    addCheckDel(list, (pod, result) => {
      expect(result).toMatchObject({
        cniVersion: '1.1.0',
        interfaces: [{ name: 'net1', sandbox: pod.path }],
        ips: [{ address: '10.77.0.50/24', gateway: '10.77.0.1', interface: 0 }],
      });
      expect(w.link(pod, 'net1')!.linkinfo?.info_kind).toBe('ipvlan');
      expect(ipJson(pod, ['-4', 'route', 'show', 'table', 'main', '10.88.0.0/16'])).toEqual([expect.objectContaining({ gateway: '10.77.0.1', dev: 'net1' })]);
      expect(ipJson(pod, ['-4', 'route', 'show', 'table', '100'])).toEqual([expect.objectContaining({ dst: 'default', gateway: '10.77.0.254', dev: 'net1' })]);
      expect(ipJson(pod, ['-4', 'rule', 'show'])).toContainEqual(expect.objectContaining({ priority: 1000, src: '10.77.0.50', srclen: 24, table: '100' }));
    });
  });

  it('ipvlan (fakeipam, addresses chosen by a meta plugin) → route-injector, dual stack', () => {
    w = new KernelWorld({ plexus: CHAIN_PLUGINS });
    const list: ConfList = {
      cniVersion: '1.0.0',
      name: 'plxiv-chain',
      plugins: [
        {
          type: 'ipvlan',
          master: MASTER,
          mode: 'l3',
          ipam: {
            type: 'fakeipam',
            ips: [
              { ipcidr: '10.77.0.51/24', version: 4, gateway: '10.77.0.1' },
              { ipcidr: 'fd00:77::51/64', version: 6 },
            ],
          },
        },
        { type: 'route-injector', routes: [{ dst: '10.88.0.0/16', gw: '10.77.0.1' }, { dst: 'fd00:88::/48', gw: 'fd00:77::1' }] },
      ],
    };
    addCheckDel(list, (pod, result) => {
      expect(result).toMatchObject({ ips: [{ address: '10.77.0.51/24', interface: 0 }, { address: 'fd00:77::51/64', interface: 0 }] });
      expect(w.link(pod, 'net1')!.linkinfo?.info_data?.mode).toBe('l3');
      expect(w.globalAddrs(pod, 'net1')).toEqual(['10.77.0.51/24', 'fd00:77::51/64']);
      expect(ipJson(pod, ['-6', 'route', 'show', 'fd00:88::/48'])).toEqual([expect.objectContaining({ gateway: 'fd00:77::1', dev: 'net1' })]);
    });
  });

  it('ipvlan (multi-nic-ipam, fixed host index, its store in a temp dir): the address comes from the host block and is released by DEL', () => {
    w = new KernelWorld({ plexus: CHAIN_PLUGINS });
    const ipam = { type: 'multi-nic-ipam', subnet: '10.80.0.0/16', interfaceBlock: 2, hostBlock: 6, masters: [MASTER], hostIndex: 1, dataDir: w.dataDir };
    const list: ConfList = { cniVersion: '1.1.0', name: 'plxiv-chain', plugins: [{ type: 'ipvlan', master: MASTER, mode: 'l3', ipam }] };
    /** blocks reads the allocation files of the network's store. */
    const blocks = (): string[] => {
      const dir = join(w.dataDir, 'plxiv-chain');
      return readdirSync(dir).filter((f) => f.startsWith('block-')).map((f) => readFileSync(join(dir, f), 'utf8'));
    };
    let holder = '';
    addCheckDel(list, (pod, result) => {
      // Interface block 0 of 10.80.0.0/16 is /18; host 1's block is 10.80.1.0/24; the address carries the /18.
      const [ip] = result.ips as Array<{ address: string; interface: number }>;
      expect(ip).toMatchObject({ address: expect.stringMatching(/^10\.80\.1\.\d+\/18$/), interface: 0 });
      expect(w.globalAddrs(pod, 'net1')).toEqual([ip!.address]);
      holder = `c-${pod.name}`;
      expect(blocks().some((b) => b.includes(holder))).toBe(true);
    });
    expect(blocks().length).toBeGreaterThan(0);
    expect(blocks().some((b) => b.includes(holder))).toBe(false);
  });

  it('static-ipam (as a chained plugin) → ipvlan without ipam reuses prevResult IPs → route-injector', () => {
    w = new KernelWorld({ plexus: CHAIN_PLUGINS });
    const list: ConfList = {
      cniVersion: '1.0.0',
      name: 'plxiv-chain',
      plugins: [
        { type: 'static-ipam', ipam: { addresses: [{ address: '10.77.0.52/24', gateway: '10.77.0.1' }], routes: [{ dst: '10.89.0.0/16' }] } },
        { type: 'ipvlan', master: MASTER },
        routeInjector,
      ],
    };
    addCheckDel(list, (pod, result) => {
      expect(result).toMatchObject({ interfaces: [{ name: 'net1', sandbox: pod.path }], ips: [{ address: '10.77.0.52/24', interface: 0 }] });
      expect(w.globalAddrs(pod, 'net1')).toEqual(['10.77.0.52/24']);
      // The reused route goes via the address gateway, as IPAM routes do.
      expect(ipJson(pod, ['-4', 'route', 'show', '10.89.0.0/16'])).toEqual([expect.objectContaining({ gateway: HOST_V4.master.split('/')[0], dev: 'net1' })]);
    });
  });
});
