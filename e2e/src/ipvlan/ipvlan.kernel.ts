/**
 * The ipvlan plugin against a real kernel (run through tools/vm/run-kernel-suite.sh). Each test builds a world:
 * a throwaway "host" netns holding the master (dummy or veth) with a default route, and throwaway pod netns. The
 * built plugin binaries run inside the host netns, exactly as a runtime on that node would exec them.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipOk, isRoot } from '../support';
import { ensureBuilt } from './ensure-built';
import { addOk, errorOf, ipvlanConf, runCmd, staticIpam } from './ipvlan-cases';
import { HOST_V4, KernelWorld, MASTER, NEIGHBOUR, kernelHasIpvlan } from './kernel-world';

type Json = Record<string, unknown>;

let w: KernelWorld;

beforeAll(() => {
  if (!isRoot() || !kernelHasIpvlan()) {
    throw new Error('the kernel suite needs root and ipvlan+dummy: run it with tools/vm/run-kernel-suite.sh');
  }
  ensureBuilt(['ipvlan', 'static-ipam']);
});

afterEach(() => w?.cleanup());

/** podLink reads CNI_IFNAME in a pod with what the tests compare. */
function podLinkView(pod: Parameters<KernelWorld['link']>[0], ifName = 'net1') {
  const l = w.link(pod, ifName);
  return l && { kind: l.linkinfo?.info_kind, mode: l.linkinfo?.info_data?.mode, parent: l.link_index, mac: l.address, mtu: l.mtu, up: l.flags.includes('UP') };
}

describe.each(['l2', 'l3', 'l3s'])('mode %s', (mode) => {
  it('ADD creates an ipvlan of that mode on the master, CHECK passes, DEL removes it', () => {
    w = new KernelWorld();
    const pod = w.newPod();
    const conf = ipvlanConf('1.0.0', { mode, ipam: staticIpam([{ address: '10.77.0.10/24', gateway: '10.77.0.1' }], [{ dst: '10.99.0.0/16' }]) });
    const result = addOk(w, pod, conf);
    const master = w.masterLink();
    expect(result).toEqual({
      cniVersion: '1.0.0',
      interfaces: [{ name: 'net1', mac: master.address, sandbox: pod.path }],
      ips: [{ address: '10.77.0.10/24', gateway: '10.77.0.1', interface: 0 }],
      routes: [{ dst: '10.99.0.0/16' }],
      dns: {},
    });
    expect(podLinkView(pod)).toEqual({ kind: 'ipvlan', mode, parent: master.ifindex, mac: master.address, mtu: 1500, up: true });
    expect(w.globalAddrs(pod, 'net1')).toEqual(['10.77.0.10/24']);
    expect(w.routes(pod)).toEqual([expect.objectContaining({ dst: '10.99.0.0/16', gateway: '10.77.0.1', dev: 'net1' })]);
    // Nothing stays in the host netns: the link was created straight into the pod.
    expect(w.linkNames(w.host).sort()).toEqual(['lo', MASTER]);

    const check = runCmd(w, 'CHECK', pod, { ...conf, prevResult: result });
    expect(check.status).toBe(0);
    const del = runCmd(w, 'DEL', pod, { ...conf, prevResult: result });
    expect(del.status).toBe(0);
    expect(w.linkNames(pod)).toEqual(['lo']);
  });
});

describe('two pods on one master', () => {
  it.each([
    ['l2', 'dummy'],
    ['l3', 'dummy'],
    ['l2', 'veth'],
    ['l3s', 'veth'],
  ] as const)('ping each other in %s over a %s master, on both families', (mode, masterKind) => {
    w = new KernelWorld({ masterKind });
    const [a, b] = [w.newPod(), w.newPod()];
    addOk(w, a, ipvlanConf('1.1.0', { mode, ipam: staticIpam(['10.77.0.11/24', 'fd00:77::11/64']) }), 'eth0');
    addOk(w, b, ipvlanConf('1.1.0', { mode, ipam: staticIpam(['10.77.0.12/24', 'fd00:77::12/64']) }), 'eth0');
    expect(w.ping(a, '10.77.0.12')).toBe(true);
    expect(w.ping(b, '10.77.0.11')).toBe(true);
    expect(w.ping(a, 'fd00:77::12')).toBe(true);
    expect(w.ping(b, 'fd00:77::11')).toBe(true);
  });
});

describe('neighbours on the wire', () => {
  it('learn the pod from its gratuitous ARP and unsolicited NA at ADD, and reach it over the master', async () => {
    w = new KernelWorld({ neighbour: true });
    const pod = w.newPod();
    addOk(w, pod, ipvlanConf('1.1.0', { mode: 'l2', ipam: staticIpam(['10.77.0.40/24', 'fd00:77::40/64']) }));
    const mac = w.masterLink().address;
    // Nothing was sent to the neighbour but the announcements; give it a moment to process them.
    await waitFor(() => w.neighbourEntry('10.77.0.40')?.lladdr === mac && w.neighbourEntry('fd00:77::40')?.lladdr === mac);
    expect(w.neighbourEntry('10.77.0.40')).toMatchObject({ lladdr: mac });
    expect(w.neighbourEntry('fd00:77::40')).toMatchObject({ lladdr: mac });
    expect(w.ping(pod, NEIGHBOUR.v4)).toBe(true);
    expect(w.ping(pod, NEIGHBOUR.v6)).toBe(true);
  });
});

/** waitFor polls a condition for up to 3 s (the kernel handles the announcements asynchronously). */
async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 30 && !cond(); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('IPv6 and dual stack', () => {
  it('adds IPv6 addresses without DAD, routes both families, and turns on the neighbour notifications', () => {
    w = new KernelWorld();
    const pod = w.newPod();
    const ipam = staticIpam(
      [
        { address: '10.77.0.20/24', gateway: '10.77.0.1' },
        { address: 'fd00:77::20/64', gateway: 'fd00:77::1' },
      ],
      [{ dst: '0.0.0.0/0' }, { dst: '::/0' }, { dst: 'fd00:99::/48', gw: 'fd00:77::2' }],
    );
    const result = addOk(w, pod, ipvlanConf('1.1.0', { ipam }));
    expect(result.ips).toEqual([
      { address: '10.77.0.20/24', gateway: '10.77.0.1', interface: 0 },
      { address: 'fd00:77::20/64', gateway: 'fd00:77::1', interface: 0 },
    ]);
    expect(w.globalAddrs(pod, 'net1')).toEqual(['10.77.0.20/24', 'fd00:77::20/64']);
    // nodad: usable at once, never "tentative".
    const v6 = ipOk(pod, ['-6', 'addr', 'show', 'dev', 'net1', 'scope', 'global']);
    expect(v6).toMatch(/nodad/);
    expect(v6).not.toMatch(/tentative/);
    const routes = w.routes(pod).map((r) => `${r.dst} via ${r.gateway}`);
    expect(routes.sort()).toEqual(['default via 10.77.0.1', 'default via fd00:77::1', 'fd00:99::/48 via fd00:77::2'].sort());
    expect(ipOk(undefined, ['netns', 'exec', pod.name, 'cat', '/proc/sys/net/ipv4/conf/net1/arp_notify']).trim()).toBe('1');
    expect(ipOk(undefined, ['netns', 'exec', pod.name, 'cat', '/proc/sys/net/ipv6/conf/net1/ndisc_notify']).trim()).toBe('1');
  });

  it('works IPv6-only', () => {
    w = new KernelWorld();
    const pod = w.newPod();
    const result = addOk(w, pod, ipvlanConf('0.4.0', { ipam: staticIpam(['fd00:77::21/64']) }));
    expect(result.ips).toEqual([{ version: '6', address: 'fd00:77::21/64', interface: 0 }]);
    expect(w.globalAddrs(pod, 'net1')).toEqual(['fd00:77::21/64']);
  });
});

describe('MTU', () => {
  it("defaults to the master's and applies a smaller configured one", () => {
    w = new KernelWorld({ masterMtu: 9000 });
    const [a, b] = [w.newPod(), w.newPod()];
    addOk(w, a, ipvlanConf('1.0.0'));
    addOk(w, b, ipvlanConf('1.0.0', { mtu: 1400, ipam: staticIpam(['10.77.0.11/24']) }));
    expect(w.link(a, 'net1')!.mtu).toBe(9000);
    expect(w.link(b, 'net1')!.mtu).toBe(1400);
  });

  it('refuses one larger than the master (7 naming mtu) and leaves nothing', () => {
    w = new KernelWorld();
    const pod = w.newPod();
    const e = errorOf(runCmd(w, 'ADD', pod, ipvlanConf('1.0.0', { mtu: 9000 })));
    expect(e).toMatchObject({ code: 7, msg: 'invalid mtu', details: `9000 is larger than the MTU 1500 of master "${MASTER}"` });
    expect(w.linkNames(pod)).toEqual(['lo']);
  });
});

describe('master selection', () => {
  it('linkInContainer takes the master from inside the pod', () => {
    w = new KernelWorld();
    const pod = w.newPod();
    ipOk(pod, ['link', 'add', 'podnic0', 'type', 'dummy']);
    ipOk(pod, ['link', 'set', 'podnic0', 'up']);
    addOk(w, pod, ipvlanConf('1.0.0', { master: 'podnic0', linkInContainer: true }));
    const link = w.link(pod, 'net1')!;
    expect({ kind: link.linkinfo?.info_kind, parent: link.link }).toEqual({ kind: 'ipvlan', parent: 'podnic0' });
    expect(w.linkNames(w.host).sort()).toEqual(['lo', MASTER]);
  });

  it('takes the default-route interface when master is omitted', () => {
    w = new KernelWorld();
    ipOk(w.host, ['link', 'add', 'plxother0', 'type', 'dummy']);
    ipOk(w.host, ['link', 'set', 'plxother0', 'up']);
    const pod = w.newPod();
    const conf = ipvlanConf('1.0.0', { master: undefined });
    const result = addOk(w, pod, conf);
    expect(w.link(pod, 'net1')!.link_index).toBe(w.masterLink().ifindex);
    expect(runCmd(w, 'CHECK', pod, { ...conf, prevResult: result }).status).toBe(0);
  });

  it('is a config error (7 naming master) without a default route, and without the named master', () => {
    w = new KernelWorld({ defaultRoute: false });
    const pod = w.newPod();
    expect(errorOf(runCmd(w, 'ADD', pod, ipvlanConf('1.0.0', { master: undefined })))).toMatchObject({ code: 7, msg: 'invalid master', details: expect.stringMatching(/no default route/) });
    expect(errorOf(runCmd(w, 'ADD', pod, ipvlanConf('1.0.0', { master: 'plxabsent0' })))).toMatchObject({ code: 7, msg: 'invalid master', details: expect.stringMatching(/"plxabsent0".*not found/) });
    expect(w.linkNames(pod)).toEqual(['lo']);
  });
});

describe('rollback: a failure after the link exists leaves no link and no allocation', () => {
  /** hostLocal is a reference host-local section with its store in the world's temp dir. */
  const hostLocal = (dataDir: string, rangeStart = '10.77.0.100', rangeEnd = '10.77.0.101'): Json => ({
    type: 'host-local',
    dataDir,
    ranges: [[{ subnet: HOST_V4.net, rangeStart, rangeEnd }]],
  });

  it('a refused route (gateway off-link): host-local allocation released, link deleted', () => {
    w = new KernelWorld({ reference: ['host-local'] });
    const pod = w.newPod();
    const conf = ipvlanConf('1.0.0', { ipam: { ...hostLocal(w.dataDir), routes: [{ dst: '10.99.0.0/16', gw: '172.31.0.1' }] } });
    const e = errorOf(runCmd(w, 'ADD', pod, conf));
    expect(e).toMatchObject({ code: 101, msg: 'failed to configure interface "net1"' });
    expect(w.linkNames(pod)).toEqual(['lo']);
    expect(w.allocations('plxiv-net')).toEqual([]);
    expect(w.linkNames(w.host).sort()).toEqual(['lo', MASTER]);
  });

  it('an IPAM that fails (pool exhausted): the link is deleted and the error passes through', () => {
    w = new KernelWorld({ reference: ['host-local'] });
    const [a, b] = [w.newPod(), w.newPod()];
    const conf = ipvlanConf('1.0.0', { ipam: hostLocal(w.dataDir, '10.77.0.100', '10.77.0.100') });
    addOk(w, a, conf);
    expect(w.allocations('plxiv-net')).toEqual(['10.77.0.100']);
    const e = errorOf(runCmd(w, 'ADD', b, conf));
    expect(e.msg).toMatch(/no IP addresses available/);
    expect(w.linkNames(b)).toEqual(['lo']);
    expect(w.allocations('plxiv-net')).toEqual(['10.77.0.100']);
  });

  it('a CNI_IFNAME taken in the pod (4 naming it): the allocation is released, the existing link kept', () => {
    w = new KernelWorld({ reference: ['host-local'] });
    const pod = w.newPod();
    ipOk(pod, ['link', 'add', 'net1', 'type', 'dummy']);
    const e = errorOf(runCmd(w, 'ADD', pod, ipvlanConf('1.0.0', { ipam: hostLocal(w.dataDir) })));
    expect(e).toMatchObject({ code: 4, msg: 'invalid CNI_IFNAME' });
    expect(w.link(pod, 'net1')!.linkinfo?.info_kind).toBe('dummy');
    expect(w.linkNames(pod).sort()).toEqual(['lo', 'net1']);
    expect(w.allocations('plxiv-net')).toEqual([]);
  });
});

describe('DEL', () => {
  it('twice: both succeed; the allocation is released once and the link gone', () => {
    w = new KernelWorld({ reference: ['host-local'] });
    const pod = w.newPod();
    const conf = ipvlanConf('1.0.0', { ipam: { type: 'host-local', dataDir: w.dataDir, ranges: [[{ subnet: HOST_V4.net, rangeStart: '10.77.0.100', rangeEnd: '10.77.0.110' }]] } });
    const result = addOk(w, pod, conf);
    expect(w.allocations('plxiv-net')).toHaveLength(1);
    expect(runCmd(w, 'DEL', pod, { ...conf, prevResult: result }).status).toBe(0);
    expect(runCmd(w, 'DEL', pod, conf).status).toBe(0);
    expect(w.linkNames(pod)).toEqual(['lo']);
    expect(w.allocations('plxiv-net')).toEqual([]);
  });

  it('after the netns was deleted: succeeds and still releases the allocation', () => {
    w = new KernelWorld({ reference: ['host-local'] });
    const pod = w.newPod();
    const conf = ipvlanConf('1.0.0', { ipam: { type: 'host-local', dataDir: w.dataDir, ranges: [[{ subnet: HOST_V4.net, rangeStart: '10.77.0.100', rangeEnd: '10.77.0.110' }]] } });
    addOk(w, pod, conf);
    ipOk(undefined, ['netns', 'del', pod.name]);
    const out = runCmd(w, 'DEL', pod, conf);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('');
    expect(w.allocations('plxiv-net')).toEqual([]);
  });
});

describe('CHECK', () => {
  it('detects a removed address (102) and passes again once it is back', () => {
    w = new KernelWorld();
    const pod = w.newPod();
    const conf = ipvlanConf('1.1.0', { ipam: staticIpam(['10.77.0.30/24', 'fd00:77::30/64']) });
    const result = addOk(w, pod, conf);
    const checkConf = { ...conf, prevResult: result };
    expect(runCmd(w, 'CHECK', pod, checkConf).status).toBe(0);
    ipOk(pod, ['addr', 'del', 'fd00:77::30/64', 'dev', 'net1']);
    expect(errorOf(runCmd(w, 'CHECK', pod, checkConf))).toMatchObject({ code: 102, details: 'address fd00:77::30/64 from prevResult is missing on interface "net1"' });
    ipOk(pod, ['addr', 'add', 'fd00:77::30/64', 'dev', 'net1', 'nodad']);
    expect(runCmd(w, 'CHECK', pod, checkConf).status).toBe(0);
  });
});

describe('STATUS', () => {
  it('is ready with the master present and code 50 without it', () => {
    w = new KernelWorld();
    expect(runCmd(w, 'STATUS', undefined, ipvlanConf('1.1.0')).status).toBe(0);
    expect(errorOf(runCmd(w, 'STATUS', undefined, ipvlanConf('1.1.0', { master: 'plxabsent0' })))).toMatchObject({ code: 50 });
  });
});

describe('bad input: a CNI error with the right code naming the field, and nothing left behind', () => {
  const cases: Array<[string, Json, string, number, string]> = [
    ['an unknown mode', { mode: 'l4' }, 'net1', 7, 'invalid mode'],
    ['a missing master', { master: 'plxabsent0' }, 'net1', 7, 'invalid master'],
    ['an MTU above the master', { mtu: 1501 }, 'net1', 7, 'invalid mtu'],
    ['an ifname longer than 15 characters', {}, 'net1-far-too-long', 4, 'invalid CNI_IFNAME'],
    ['an ifname with a slash', {}, 'net/1', 4, 'invalid CNI_IFNAME'],
  ];

  it.each(cases)('%s', (_label, extra, ifName, code, msg) => {
    w = new KernelWorld();
    const pod = w.newPod();
    expect(errorOf(runCmd(w, 'ADD', pod, ipvlanConf('1.0.0', extra), ifName))).toMatchObject({ code, msg });
    expect(w.linkNames(pod)).toEqual(['lo']);
    expect(w.linkNames(w.host).sort()).toEqual(['lo', MASTER]);
  });

  it('a netns path that is not a netns (4 naming CNI_NETNS)', () => {
    w = new KernelWorld();
    const notNetns = join(tmpdir(), `plxiv-notns-${process.pid}`);
    writeFileSync(notNetns, '');
    try {
      const out = w.run('ipvlan', { command: 'ADD', stdin: ipvlanConf('1.0.0'), containerId: 'c1', netns: notNetns, ifName: 'net1' });
      expect(errorOf(out)).toMatchObject({ code: 4, msg: 'invalid CNI_NETNS', details: `"${notNetns}" is not a network namespace` });
      expect(w.linkNames(w.host).sort()).toEqual(['lo', MASTER]);
    } finally {
      rmSync(notNetns, { force: true });
    }
  });
});
