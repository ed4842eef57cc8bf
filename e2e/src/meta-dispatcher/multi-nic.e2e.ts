/**
 * A multi-NIC network end to end: two test fabric bridges in the root netns (up, addressed, off the default-route
 * subnet) form the host NIC pool; one NAD of type multi-nic fans out to `net1-0`/`net1-1`, the reference macvlan on
 * each fabric, with both addresses from ONE call of OUR multi-nic-ipam (fixed host index, L2 mode: no API, no
 * routes) handed over through fakeipam. DEL removes both interfaces and releases the IPAM allocation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestNetns } from '../support';
import { MD_NETWORK, type MdWorld, seedNad, seedPod, useMdWorld } from './md-world';

const POD = { namespace: 'default', name: 'trainer', uid: 'uid-trainer' };

let w: MdWorld;
let pod: TestNetns;

useMdWorld((world, netns) => {
  w = world;
  pod = netns;
});

/** heldAddresses lists every address multi-nic-ipam's store holds (its block files under dataDir). */
function heldAddresses(dataDir: string): string[] {
  const dir = join(dataDir, 'mnic');
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  return files.flatMap((f) => Object.keys((JSON.parse(readFileSync(join(dir, f), 'utf8')) as { allocations?: Record<string, unknown> }).allocations ?? {}));
}

describe('meta-dispatcher: multi-NIC fan-out', () => {
  it('spreads one network over the host NIC pool with one IPAM call, and DEL releases it all', async () => {
    const fab1 = w.hostLink('10.198.60.1/24');
    const fab2 = w.hostLink('10.198.61.1/24');
    const dataDir = join(w.tmp, 'mnic-data');
    const api = await w.startApi();
    w.conf('cluster.conflist', { cniVersion: '1.0.0', name: 'plxmd-cluster', plugins: [{ type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address: '10.198.10.5/24' }] } }] });
    seedNad(api, 'default', 'mnic', {
      cniVersion: '1.0.0',
      name: 'mnic',
      type: 'multi-nic',
      plugin: { type: 'macvlan', mode: 'bridge' },
      ipam: { type: 'multi-nic-ipam', subnet: '10.199.0.0/16', interfaceBlock: 2, hostBlock: 6, masters: [fab1, fab2], hostIndex: 3, dataDir },
    });
    seedPod(api, POD.namespace, POD.name, { 'k8s.v1.cni.cncf.io/networks': 'mnic' }, POD.uid);
    // The merged result is the opt-in (Multus returns the cluster network's alone).
    w.dispatcher({ clusterNetwork: `${w.confDir}/cluster.conflist`, mergedResult: true });

    const result = JSON.parse(await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD)));
    const addrs = w.podAddrs(pod);
    expect(Object.keys(addrs).sort()).toEqual(['eth0', 'net1-0', 'net1-1']);
    // Host index 3 in each NIC's /18 interface block: 10.199.3.x on the first NIC, 10.199.67.x on the second.
    expect(addrs['net1-0']![0]).toMatch(/^10\.199\.3\.\d+\/18$/);
    expect(addrs['net1-1']![0]).toMatch(/^10\.199\.67\.\d+\/18$/);
    expect(result.ips.map((ip: { address: string }) => ip.address)).toEqual([addrs.eth0![0], addrs['net1-0']![0], addrs['net1-1']![0]]);
    expect(heldAddresses(dataDir).sort()).toEqual([addrs['net1-0']![0]!.split('/')[0], addrs['net1-1']![0]!.split('/')[0]].sort());
    const status = JSON.parse(api.store.get({ group: '', plural: 'pods', namespace: 'default', name: 'trainer' })!.metadata.annotations!['k8s.v1.cni.cncf.io/network-status'] as string);
    expect(status.map((e: { name: string; interface: string }) => [e.name, e.interface])).toEqual([
      ['plxmd-cluster', 'eth0'],
      ['default/mnic', 'net1-0'],
      ['default/mnic', 'net1-1'],
    ]);

    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(w.podLinks(pod)).toEqual([]);
    expect(heldAddresses(dataDir)).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });
});
