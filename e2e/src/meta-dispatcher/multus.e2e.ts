/**
 * The dispatcher through cnictl against the API emulator (real @kubernetes/client-node over HTTP), in a throwaway
 * pod netns: the cluster network from a conf file and three NADs from the pod's Multus annotation — the reference
 * bridge with OUR static-ipam, bridge + OUR fakeipam + OUR route-injector, and the reference macvlan on the test
 * bridge with an explicit interface name. Plexus delegates run in-process inside the dispatcher; the reference
 * plugins are exec'd. Then: network-status and events in the API, CHECK, DEL leaving nothing, DEL with the API
 * gone, and the refusals (namespace isolation, a taken interface name, a requested IP the delegate did not give).
 */
import { type TestNetns, ipOk } from '../support';
import { MD_NETWORK, type MdWorld, seedNad, seedPod, statusOf, useMdWorld } from './md-world';

const NETS = 'k8s.v1.cni.cncf.io/networks';
const POD = { namespace: 'default', name: 'web', uid: 'uid-web' };

let w: MdWorld;
let pod: TestNetns;

useMdWorld(async (world, netns) => {
  w = world;
  pod = netns;
  const api = await w.startApi();
  w.conf('cluster.conflist', {
    cniVersion: '1.0.0',
    name: 'plxmd-cluster',
    plugins: [{ type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address: '10.198.10.5/24', gateway: '10.198.10.1' }], routes: [{ dst: '0.0.0.0/0', gw: '10.198.10.1' }] } }],
  });
  seedNad(api, 'default', 'net-a', { cniVersion: '1.0.0', name: 'net-a', type: 'bridge', bridge: w.bridge, capabilities: { ips: true }, ipam: { type: 'static-ipam' } });
  seedNad(api, 'default', 'net-b', {
    cniVersion: '1.0.0',
    name: 'net-b',
    plugins: [
      { type: 'bridge', bridge: w.bridge, ipam: { type: 'fakeipam', ips: [{ ipcidr: '10.198.12.9/24', version: 4 }] } },
      { type: 'route-injector', routes: [{ dst: '10.197.0.0/16', gw: '10.198.12.1' }] },
    ],
  });
  seedNad(api, 'default', 'net-c', { cniVersion: '1.0.0', name: 'net-c', type: 'macvlan', master: w.bridge, mode: 'bridge', ipam: { type: 'static-ipam', addresses: [{ address: '10.198.13.5/24' }] } });
  seedNad(api, 'other', 'net-x', { cniVersion: '1.0.0', name: 'net-x', type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address: '10.198.14.5/24' }] } });
  seedPod(api, POD.namespace, POD.name, { [NETS]: JSON.stringify([{ name: 'net-a', ips: ['10.198.11.5/24'] }, { name: 'net-b' }, { name: 'net-c', interface: 'data0' }]) }, POD.uid);
  w.dispatcher({ clusterNetwork: `${w.confDir}/cluster.conflist` });
}, 60_000);

describe('meta-dispatcher: Multus networks through cnictl and the API emulator', () => {
  it('ADDs the cluster network and three NADs, writes network-status and events, CHECKs, and DEL leaves nothing', async () => {
    w.api!.requests.clear();
    const result = JSON.parse(await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD)));
    const callsPerAdd = w.api!.requests.count();
    expect(w.podAddrs(pod)).toEqual({ eth0: ['10.198.10.5/24'], net1: ['10.198.11.5/24'], net2: ['10.198.12.9/24'], data0: ['10.198.13.5/24'] });
    // Multus' result: the cluster network's alone; every attachment is in network-status.
    expect(result.ips.map((ip: { address: string }) => ip.address)).toEqual(['10.198.10.5/24']);
    expect(result.interfaces.filter((i: { sandbox?: string }) => i.sandbox).map((i: { name: string }) => i.name)).toEqual(['eth0']);
    expect(ipOk(pod, ['-4', 'route', 'show', '10.197.0.0/16'])).toContain('via 10.198.12.1 dev net2');
    const status = statusOf(w.api!, POD.namespace, POD.name)!;
    expect(status.startsWith('[{\n    "name": "plxmd-cluster",\n    "interface": "eth0",\n    "ips": [\n        "10.198.10.5"\n    ],\n    "mac": "')).toBe(true);
    expect(JSON.parse(status).map((e: { name: string; interface: string; ips: string[]; default?: boolean }) => [e.name, e.interface, e.ips, e.default ?? false])).toEqual([
      ['plxmd-cluster', 'eth0', ['10.198.10.5'], true],
      ['default/net-a', 'net1', ['10.198.11.5'], false],
      ['default/net-b', 'net2', ['10.198.12.9'], false],
      ['default/net-c', 'data0', ['10.198.13.5'], false],
    ]);
    const events = w.api!.store.list('', 'events', 'default').map((e) => (e as unknown as { reason: string; message: string }).message);
    expect(events).toEqual(expect.arrayContaining(['Add net1 [10.198.11.5/24] from default/net-a', 'Add data0 [10.198.13.5/24] from default/net-c']));
    // pod GET + 3 NAD GETs + the status patch + 4 events.
    expect(callsPerAdd).toBe(9);
    expect(w.checkpoints()).toHaveLength(1);

    await w.cnictlOk(['check', MD_NETWORK, pod.path], w.env(POD));
    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });

  it('DELs everything from the checkpoint with the API server stopped', async () => {
    await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD));
    await w.api!.stop();
    w.api = undefined;
    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });

  it('refuses a NAD in another namespace under namespaceIsolation (code 111), with nothing attached', async () => {
    seedPod(w.api!, POD.namespace, POD.name, { [NETS]: 'other/net-x' }, POD.uid);
    w.dispatcher({ clusterNetwork: `${w.confDir}/cluster.conflist`, namespaceIsolation: true, globalNamespaces: ['shared'] });
    const out = await w.cnictl(['add', MD_NETWORK, pod.path], w.env(POD));
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/pod "default\/web", network "other\/net-x"/);
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });

  it('refuses an interface name that already exists in the pod before running anything (code 101)', async () => {
    ipOk(pod, ['link', 'add', 'net1', 'type', 'veth', 'peer', 'name', 'plxmdpeer']);
    const out = await w.cnictl(['add', MD_NETWORK, pod.path], w.env(POD));
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('interface name "net1" already exists in the pod\'s network namespace');
    expect(w.podLinks(pod)).toEqual(['net1', 'plxmdpeer']);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });

  it('rolls back every network when a delegate does not give the requested IP (code 100)', async () => {
    seedPod(w.api!, POD.namespace, POD.name, { [NETS]: JSON.stringify([{ name: 'net-a', ips: ['10.198.11.5/24'] }, { name: 'net-b', ips: ['10.198.12.5/24'] }]) }, POD.uid);
    const out = await w.cnictl(['add', MD_NETWORK, pod.path], w.env(POD));
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('asked for address 10.198.12.5/24 but the delegate configured 10.198.12.9/24 on net2; rolled back');
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
    expect(statusOf(w.api!, POD.namespace, POD.name)).toBeUndefined();
  });

  it('moves the default route to the network that asked for it (default-route), in the pod and in network-status', async () => {
    seedPod(w.api!, POD.namespace, POD.name, { [NETS]: JSON.stringify([{ name: 'net-a', ips: ['10.198.11.5/24'], 'default-route': ['10.198.11.1'] }]) }, POD.uid);
    const result = JSON.parse(await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD)));
    expect(ipOk(pod, ['-4', 'route', 'show', 'default']).trim()).toBe('default via 10.198.11.1 dev net1');
    // The cluster network's result without the default route net1 took over (Multus rewrites it the same way).
    expect(result.routes).toBeUndefined();
    const status = JSON.parse(statusOf(w.api!, POD.namespace, POD.name)!) as Array<{ interface: string; gateway?: string[] }>;
    expect(status.map((e) => [e.interface, e.gateway])).toEqual([
      ['eth0', undefined],
      ['net1', ['10.198.11.1']],
    ]);
    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(w.podLinks(pod)).toEqual([]);
  });

  it('refuses the ADD with code 11 naming the pod when the API is unreachable, with nothing attached', async () => {
    await w.api!.stop();
    w.api = undefined;
    const out = await w.cnictl(['add', MD_NETWORK, pod.path], w.env(POD));
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/pod "default\/web"/);
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  }, 60_000);
});
