/**
 * The dispatcher's other sources end to end, through cnictl in throwaway pod netns: DANM-style networks in the API
 * emulator (dynamic addresses reserved in the network objects, macvlan delegates generated on the test bridge), the
 * Dockin-style HTTP backend (a test server on 127.0.0.1 assigning fixed addresses), and GC of an orphaned pod.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { containerIdFor } from '../cnictl/cnictl-world';
import { ipOk, type TestNetns } from '../support';
import { MD_NETWORK, type MdWorld, seedPod, useMdWorld } from './md-world';

const DANM = 'danm.io/interfaces';
const POD = { namespace: 'default', name: 'db', uid: 'uid-db' };

let w: MdWorld;
let pod: TestNetns;

useMdWorld((world, netns) => {
  w = world;
  pod = netns;
});

/** allocationsOf reads a DANM network object's allocation record from the emulator. */
function allocationsOf(plural: string, name: string, namespace?: string): Record<string, { containerId: string; ifName: string }> {
  const obj = w.api!.store.get({ group: 'danm.plexus.io', plural, namespace, name });
  return ((obj?.spec as { allocations?: Record<string, { containerId: string; ifName: string }> }) ?? {}).allocations ?? {};
}

describe('meta-dispatcher: DANM-style networks', () => {
  beforeEach(async () => {
    const api = await w.startApi();
    api.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'ClusterNetwork', metadata: { name: 'plxmd-default' }, spec: { networkType: 'macvlan', hostDevice: w.bridge, cidr: '10.198.20.0/24' } }, 'clusternetworks');
    api.seed(
      { apiVersion: 'danm.plexus.io/v1', kind: 'DanmNet', metadata: { namespace: 'default', name: 'data' }, spec: { networkType: 'macvlan', hostDevice: w.bridge, cidr: '10.198.21.0/24', containerPrefix: 'dat', routes: { '10.196.0.0/16': '10.198.21.1' } } },
      'danmnets',
    );
    seedPod(api, POD.namespace, POD.name, { [DANM]: JSON.stringify([{ clusterNetwork: 'plxmd-default', ip: 'dynamic' }, { network: 'data', ip: 'dynamic' }]) }, POD.uid);
    w.dispatcher({ danm: true }, '1.0.0');
  });

  it('reserves dynamic addresses in the network objects, generates the delegates, and DEL frees them by owner', async () => {
    const result = JSON.parse(await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD)));
    const cid = containerIdFor(pod.path);
    const cluster = allocationsOf('clusternetworks', 'plxmd-default');
    const data = allocationsOf('danmnets', 'data', 'default');
    expect(Object.values(cluster)).toEqual([{ containerId: cid, ifName: 'eth0' }]);
    expect(Object.values(data)).toEqual([{ containerId: cid, ifName: 'dat1' }]);
    const addrs = w.podAddrs(pod);
    expect(addrs).toEqual({ eth0: [`${Object.keys(cluster)[0]}/24`], dat1: [`${Object.keys(data)[0]}/24`] });
    expect(result.ips.map((ip: { address: string }) => ip.address)).toEqual([addrs.eth0![0], addrs.dat1![0]]);
    expect(ipOk(pod, ['-4', 'route', 'show', '10.196.0.0/16'])).toContain('dev dat1');

    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(w.podLinks(pod)).toEqual([]);
    expect(allocationsOf('clusternetworks', 'plxmd-default')).toEqual({});
    expect(allocationsOf('danmnets', 'data', 'default')).toEqual({});
    expect(w.checkpoints()).toEqual([]);
  });

  it('keeps the checkpoint when the API is unreachable at DEL (allocations cannot be freed), and a retry finishes', async () => {
    await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD));
    w.api!.faults.add({ action: 'error', status: 503 });
    const out = await w.cnictl(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(out.status).not.toBe(0);
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.checkpoints()).toHaveLength(1);
    w.api!.faults.reset();
    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(allocationsOf('danmnets', 'data', 'default')).toEqual({});
    expect(w.checkpoints()).toEqual([]);
  }, 60_000);
});

describe('meta-dispatcher: the Dockin-style HTTP backend', () => {
  let server: Server;
  let answer: unknown;
  let asked: string[];

  beforeEach(async () => {
    asked = [];
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    await w.exposeInNode((server.address() as AddressInfo).port);
    w.conf('dk-main.conf', { cniVersion: '1.0.0', name: 'dk-main', type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam' } });
    w.conf('dk-data.conf', { cniVersion: '1.0.0', name: 'dk-data', type: 'macvlan', master: w.bridge, mode: 'bridge', ipam: { type: 'static-ipam' } });
    w.dispatcher({ backend: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rm/getPodMultiNetwork` });
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it('attaches the backend\'s networks with their fixed addresses, master first on eth0 with the default route', async () => {
    answer = {
      code: 0,
      data: [
        { type: 'dk-data', podIp: '10.198.31.5', subnetMask: 'ffffff00', ifName: 'data0', master: false },
        { type: 'dk-main', podIp: '10.198.30.5', subnetMask: '255.255.255.0', gateway: '10.198.30.1', master: true },
      ],
    };
    await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD));
    expect(asked).toEqual(['/rm/getPodMultiNetwork?podName=db&namespace=default']);
    expect(w.podAddrs(pod)).toEqual({ eth0: ['10.198.30.5/24'], data0: ['10.198.31.5/24'] });
    expect(ipOk(pod, ['-4', 'route', 'show', 'default'])).toContain('via 10.198.30.1 dev eth0');
    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  it('refuses a bad backend answer naming the pod and field, with nothing attached', async () => {
    answer = { code: 0, data: [{ type: 'dk-main', podIp: '10.198.30.5', subnetMask: 'garbage', master: true }] };
    const out = await w.cnictl(['add', MD_NETWORK, pod.path], w.env(POD));
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/unusable backend answer \(data\[0\]\.subnetMask\).*pod "default\/db"/);
    answer = { code: 7, message: 'no quota' };
    expect((await w.cnictl(['add', MD_NETWORK, pod.path], w.env(POD))).stderr).toContain('the backend refused the pod');
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });
});

describe('meta-dispatcher: GC', () => {
  it('tears down a pod the runtime no longer lists, from its checkpoint, and keeps the valid one', async () => {
    w.conf('gc-main.conflist', { cniVersion: '1.0.0', name: 'gc-main', plugins: [{ type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address: '10.198.40.5/24' }] } }] });
    w.dispatcher({ networks: [`${w.confDir}/gc-main.conflist`] });
    const other = w.pod();
    await w.cnictlOk(['add', MD_NETWORK, pod.path], w.env(POD));
    await w.cnictlOk(['add', MD_NETWORK, other.path], w.env({ namespace: 'default', name: 'other' }));
    expect(w.checkpoints()).toHaveLength(2);
    await w.cnictlOk(['gc', MD_NETWORK, '--valid', `${containerIdFor(pod.path)}/eth0`], w.env(POD));
    expect(w.podLinks(pod)).toEqual(['eth0']);
    expect(w.podLinks(other)).toEqual([]);
    expect(w.checkpoints()).toEqual([`${containerIdFor(pod.path)}.json`]);
  });
});
