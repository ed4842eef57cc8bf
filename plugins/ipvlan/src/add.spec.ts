import { ALL_SPEC_VERSIONS, CniError, resultFamilyOf } from '@plexus/cni-spec';
import { LinkNotFoundError, NetlinkError } from '@plexus/netlink';
import { IPAM_RESULT, MASTER, POD, ipvlanConf, makeWorld, parsed } from './testing/world';

/** Links in the pod other than lo. */
function podLinks(w: Awaited<ReturnType<typeof makeWorld>>) {
  return w.netlink.snapshot(POD).links.filter((l) => l.name !== 'lo');
}

describe('ADD', () => {
  it.each(ALL_SPEC_VERSIONS)('creates, addresses and routes the interface and prints a %s result', async (v) => {
    const w = await makeWorld();
    const out = await w.run({ command: 'ADD', conf: ipvlanConf(v), ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    const json = parsed(out);
    const family = resultFamilyOf(v);
    if (family === '020') {
      expect(json).toEqual({
        cniVersion: v,
        ip4: { ip: '192.168.1.50/24', gateway: '192.168.1.1', routes: [{ dst: '10.20.0.0/16' }, { dst: '10.30.0.0/16', gw: '192.168.1.2' }] },
        ip6: { ip: 'fd00:1::50/64', gateway: 'fd00:1::1', routes: [{ dst: 'fd00:20::/48' }] },
        dns: { nameservers: ['192.168.1.53'] },
      });
    } else {
      const master = w.netlink.snapshot().links.find((l) => l.name === MASTER)!;
      expect(json).toEqual({
        cniVersion: v,
        interfaces: [{ name: 'net1', mac: master.mac, sandbox: POD }],
        ips: IPAM_RESULT.ips!.map((ip) => ({ ...(family === '040' ? { version: ip.address.includes(':') ? '6' : '4' } : {}), ...ip, interface: 0 })),
        routes: IPAM_RESULT.routes,
        dns: { nameservers: ['192.168.1.53'] },
      });
    }

    const pod = w.netlink.snapshot(POD);
    const link = podLinks(w);
    expect(link).toEqual([expect.objectContaining({ name: 'net1', kind: 'ipvlan', ipvlanMode: 'l2', up: true, mtu: 1500 })]);
    expect(pod.addrs.map((a) => a.address)).toEqual(['192.168.1.50/24', 'fd00:1::50/64']);
    expect(pod.routes.filter((r) => r.protocol !== 'kernel').map((r) => [r.dst, r.gw])).toEqual([
      ['10.20.0.0/16', '192.168.1.1'],
      ['fd00:20::/48', 'fd00:1::1'],
      ['10.30.0.0/16', '192.168.1.2'],
    ]);
    expect(pod.sysctls).toMatchObject({
      '/proc/sys/net/ipv4/conf/plxiv0000beef/arp_notify': '1',
      '/proc/sys/net/ipv6/conf/plxiv0000beef/ndisc_notify': '1',
    });
    // Nothing is left in the host netns.
    expect(w.netlink.snapshot().links.map((l) => l.name)).toEqual(['lo', MASTER]);
  });

  it('hands IPAM exactly its own stdin and env, and stderr goes back to the runtime', async () => {
    const w = await makeWorld();
    w.delegator.onAdd('static', async (req) => {
      req.onStderr?.('ipam says hi\n');
      return IPAM_RESULT;
    });
    const conf = ipvlanConf('1.0.0');
    const out = await w.run({ command: 'ADD', conf, ifName: 'net1', containerId: 'abc' });
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain('ipam says hi');
    expect(w.delegator.calls).toEqual([
      expect.objectContaining({ type: 'static', command: 'ADD', stdin: JSON.stringify(conf), env: expect.objectContaining({ CNI_CONTAINERID: 'abc', CNI_IFNAME: 'net1', CNI_NETNS: POD }) }),
    ]);
  });

  it('waits on four processes in a row: master lookup, link add, the two sysctls together, one ip -batch', async () => {
    const w = await makeWorld();
    await w.run({ command: 'ADD', conf: ipvlanConf('1.1.0'), ifName: 'net1' });
    // checkNetns is a statfs(2) in IpRoute2Netlink, not a process.
    expect(w.netlink.ops().filter((o) => !o.startsWith('batch:'))).toEqual(['checkNetns', 'getLink', 'addIpvlan', 'setSysctl', 'setSysctl', 'batch']);
    // The dual-stack interface (rename, 2 addresses, up, 3 routes) is one ip -batch process.
    expect(w.netlink.calls.filter((c) => c.op === 'batch').map((c) => c.args[1])).toEqual([1]);
  });

  it('does not warn about the announcement switch of a family the interface does not use', async () => {
    const w = await makeWorld();
    w.delegator.onAdd('static', { cniVersion: '1.1.0', ips: [{ address: '192.168.1.50/24' }] });
    w.netlink.failOn('setSysctl', { when: (c) => String(c.args[0]).includes('ipv6') });
    const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.1.0'), ifName: 'net1', extraEnv: { PLEXUS_LOG_LEVEL: 'debug' } });
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(/"level":"debug","msg":"neighbour notification not set for an unused family"/);
    expect(out.stderr).not.toMatch(/"level":"warn"/);
  });

  it.each(['l2', 'l3', 'l3s'] as const)('creates mode %s', async (mode) => {
    const w = await makeWorld();
    const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.1.0', { mode }), ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    expect(podLinks(w)[0]).toMatchObject({ kind: 'ipvlan', ipvlanMode: mode });
  });

  it('uses the configured MTU and refuses one above the master (7 naming mtu) before touching anything', async () => {
    const w = await makeWorld();
    expect((await w.run({ command: 'ADD', conf: ipvlanConf('1.1.0', { mtu: 1400 }), ifName: 'net1' })).exitCode).toBe(0);
    expect(podLinks(w)[0]).toMatchObject({ mtu: 1400 });

    const big = await makeWorld();
    const out = await big.run({ command: 'ADD', conf: ipvlanConf('1.1.0', { mtu: 9000 }), ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 7, msg: 'invalid mtu', details: expect.stringMatching(/9000 is larger than the MTU 1500 of master "ens3"/) });
    expect(podLinks(big)).toEqual([]);
    expect(big.delegator.calls).toEqual([]);
  });

  it("defaults the MTU to the master's", async () => {
    const w = await makeWorld();
    await w.netlink.host().setLinkMtu(MASTER, 9000);
    await w.run({ command: 'ADD', conf: ipvlanConf('1.1.0'), ifName: 'net1' });
    expect(podLinks(w)[0]).toMatchObject({ mtu: 9000 });
  });

  describe('master selection', () => {
    it('takes the default-route interface when master is omitted', async () => {
      const w = await makeWorld();
      await w.netlink.host().addDummy('ens9');
      await w.netlink.host().addAddr('ens9', '10.99.0.2/24');
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { master: undefined }), ifName: 'net1' });
      expect(out.exitCode).toBe(0);
      const master = w.netlink.snapshot().links.find((l) => l.name === MASTER)!;
      expect(podLinks(w)[0]!.parentIndex).toBe(master.index);
    });

    it('is a config error (7, master) without a default route', async () => {
      const w = await makeWorld({ defaultRoute: false });
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { master: undefined }), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 7, msg: 'invalid master', details: expect.stringMatching(/no default route in the host netns/) });
    });

    it("takes prevResult's single interface when chained without ipam, and reuses its IPs", async () => {
      const w = await makeWorld();
      await w.netlink.host().addDummy('vlan42');
      await w.netlink.host().setLinkUp('vlan42');
      const prevResult = { cniVersion: '1.0.0', interfaces: [{ name: 'vlan42' }], ips: [{ address: '10.42.0.7/24', gateway: '10.42.0.1', interface: 0 }], routes: [{ dst: '10.43.0.0/16' }] };
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { master: undefined, ipam: undefined, prevResult }), ifName: 'net1' });
      expect(out.exitCode).toBe(0);
      const vlan = w.netlink.snapshot().links.find((l) => l.name === 'vlan42')!;
      expect(podLinks(w)[0]!.parentIndex).toBe(vlan.index);
      expect(parsed(out)).toMatchObject({ interfaces: [{ name: 'net1', sandbox: POD }], ips: [{ address: '10.42.0.7/24', gateway: '10.42.0.1', interface: 0 }], routes: [{ dst: '10.43.0.0/16' }] });
      expect(w.delegator.calls).toEqual([]);
      expect(w.netlink.snapshot(POD).routes.find((r) => r.dst === '10.43.0.0/16')).toMatchObject({ gw: '10.42.0.1', dev: 'net1' });
    });

    it('is a config error when the chained prevResult does not have exactly one named interface', async () => {
      const w = await makeWorld();
      const prevResult = { cniVersion: '1.0.0', interfaces: [{ name: 'a' }, { name: 'b' }], ips: [{ address: '10.42.0.7/24' }] };
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { master: undefined, ipam: undefined, prevResult }), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 7, msg: 'invalid master', details: expect.stringMatching(/2 named interfaces/) });
    });

    it('looks the master up inside the pod with linkInContainer', async () => {
      const w = await makeWorld();
      await w.netlink.pod(POD).addDummy('eth0');
      await w.netlink.pod(POD).setLinkUp('eth0');
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { master: 'eth0', linkInContainer: true }), ifName: 'net1' });
      expect(out.exitCode).toBe(0);
      const links = podLinks(w);
      expect(links.find((l) => l.name === 'net1')).toMatchObject({ parentName: 'eth0', kind: 'ipvlan' });
      expect(w.netlink.calls.find((c) => c.op === 'addIpvlan')).toMatchObject({ netns: POD, args: [expect.objectContaining({ master: 'eth0', targetNetns: undefined })] });
    });

    it('finds the default route inside the pod with linkInContainer', async () => {
      const w = await makeWorld();
      await w.netlink.pod(POD).addDummy('eth0');
      await w.netlink.pod(POD).addAddr('eth0', '10.5.0.2/24');
      await w.netlink.pod(POD).setLinkUp('eth0');
      await w.netlink.pod(POD).addRoute({ dst: '0.0.0.0/0', gw: '10.5.0.1' });
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { master: undefined, linkInContainer: true }), ifName: 'net1' });
      expect(out.exitCode).toBe(0);
      expect(podLinks(w).find((l) => l.name === 'net1')).toMatchObject({ parentName: 'eth0' });
    });

    it('is a config error (7) naming a missing master and where it was looked for', async () => {
      const w = await makeWorld();
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { master: 'ens404' }), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 7, msg: 'invalid master', details: 'interface "ens404" (from "master") not found in the host netns' });
      expect(w.delegator.calls).toEqual([]);
    });
  });

  describe('bad input leaves nothing behind', () => {
    it.each([
      ['an unknown mode', { mode: 'l9' }, 7, 'invalid mode'],
      ['a master name longer than 15 characters', { master: 'ens3-but-far-too-long' }, 7, 'invalid master'],
      ['a master name with a slash', { master: 'ens/3' }, 7, 'invalid master'],
    ])('%s', async (_label, extra, code, msg) => {
      const w = await makeWorld();
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', extra), ifName: 'net1' });
      expect(out.exitCode).toBe(1);
      expect(parsed(out)).toMatchObject({ code, msg });
      expect(podLinks(w)).toEqual([]);
      expect(w.netlink.calls).toEqual([]);
    });

    it.each([
      ['longer than 15 characters', 'net1-is-way-too-long'],
      ['containing a slash', 'net/1'],
    ])('a CNI_IFNAME %s is code 4 naming CNI_IFNAME', async (_label, ifName) => {
      const w = await makeWorld();
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName });
      expect(parsed(out)).toMatchObject({ code: 4, msg: 'invalid CNI_IFNAME' });
      expect(w.netlink.calls).toEqual([]);
    });

    it('a CNI_IFNAME that exists in the pod is code 4; the existing link stays, ours and the IP are gone', async () => {
      const w = await makeWorld();
      await w.netlink.pod(POD).addDummy('net1');
      const before = w.netlink.snapshot(POD).links;
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 4, msg: 'invalid CNI_IFNAME', details: `interface "net1" already exists in netns "${POD}"` });
      expect(w.netlink.snapshot(POD).links).toEqual(before);
      expect(w.delegator.commands()).toEqual(['static ADD', 'static DEL']);
    });

    it.each([
      ['missing', (w: Awaited<ReturnType<typeof makeWorld>>) => w.netlink.removeNetns(POD), /does not exist/],
      ['not a netns', (w: Awaited<ReturnType<typeof makeWorld>>) => w.netlink.markNotANetns(POD), /is not a network namespace/],
    ])('a CNI_NETNS that is %s is code 4 naming CNI_NETNS', async (_label, spoil, details) => {
      const w = await makeWorld();
      spoil(w);
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 4, msg: 'invalid CNI_NETNS', details: expect.stringMatching(details) });
      expect(w.delegator.calls).toEqual([]);
    });

    it('no ipam and no prevResult is code 7 naming ipam', async () => {
      const w = await makeWorld();
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0', { ipam: undefined }), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 7, msg: 'invalid ipam' });
      expect(w.netlink.calls).toEqual([]);
    });
  });

  describe('rollback', () => {
    it("deletes the link and passes on IPAM's own error when IPAM fails", async () => {
      const w = await makeWorld();
      w.delegator.onAdd('static', new CniError(11, 'pool busy', 'try later'));
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 11, msg: 'pool busy' });
      expect(podLinks(w)).toEqual([]);
      expect(w.delegator.commands()).toEqual(['static ADD']);
    });

    it('releases the IPAM allocation and deletes the link when a route is refused (after the rename)', async () => {
      const w = await makeWorld();
      w.delegator.onAdd('static', { cniVersion: '1.1.0', ips: [{ address: '192.168.1.50/24' }], routes: [{ dst: '10.20.0.0/16', gw: '172.16.0.1' }] });
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 101, msg: 'failed to configure interface "net1"', details: expect.stringMatching(/invalid gateway/) });
      expect(podLinks(w)).toEqual([]);
      expect(w.delegator.commands()).toEqual(['static ADD', 'static DEL']);
      const del = w.delegator.calls[1]!;
      expect(del).toMatchObject({ stdin: w.delegator.calls[0]!.stdin, env: w.delegator.calls[0]!.env });
    });

    it('releases and deletes when the batch fails before the rename', async () => {
      const w = await makeWorld();
      w.netlink.failOn('renameLink');
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 101 });
      expect(podLinks(w)).toEqual([]);
      expect(w.delegator.commands()).toEqual(['static ADD', 'static DEL']);
    });

    it('releases the allocation when IPAM answers without IPs (7 naming ipam)', async () => {
      const w = await makeWorld();
      w.delegator.onAdd('static', { cniVersion: '1.1.0', ips: [] });
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 7, msg: 'invalid ipam', details: 'IPAM plugin "static" returned no IP addresses' });
      expect(w.delegator.commands()).toEqual(['static ADD', 'static DEL']);
      expect(podLinks(w)).toEqual([]);
    });

    it('still returns the original error when a rollback step fails, and logs the rollback failure', async () => {
      const w = await makeWorld();
      w.delegator.onAdd('static', { cniVersion: '1.1.0', ips: [{ address: '192.168.1.50/24' }], routes: [{ dst: '10.20.0.0/16', gw: '172.16.0.1' }] });
      w.delegator.on('static', 'DEL', new CniError(11, 'store locked'));
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 101 });
      expect(out.stderr).toMatch(/rollback step failed.*IPAM DEL \(static\)/);
      expect(podLinks(w)).toEqual([]);
    });

    it('reports a kernel without ipvlan as code 100 and releases the allocation IPAM made meanwhile', async () => {
      const w = await makeWorld({ linkKinds: ['dummy', 'veth'] });
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 100, msg: 'ipvlan is not supported here' });
      expect(w.delegator.commands()).toEqual(['static ADD', 'static DEL']);
    });

    it('reports the link failure when link creation and IPAM both fail, leaving nothing', async () => {
      const w = await makeWorld({ linkKinds: ['dummy', 'veth'] });
      w.delegator.onAdd('static', new CniError(11, 'pool busy'));
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 100 });
      expect(w.delegator.commands()).toEqual(['static ADD']);
      expect(podLinks(w)).toEqual([]);
    });

    it('asks for a retry (11) when the temporary name is taken, and leaves the other link alone', async () => {
      const w = await makeWorld();
      await w.netlink.pod(POD).addDummy('plxiv0000beef');
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 11, msg: 'temporary link name "plxiv0000beef" is taken' });
      expect(podLinks(w)).toEqual([expect.objectContaining({ name: 'plxiv0000beef', kind: 'dummy' })]);
      expect(w.delegator.commands()).toEqual(['static ADD', 'static DEL']);
    });

    it('asks for a retry (11) when the master vanishes between lookup and creation', async () => {
      const w = await makeWorld();
      w.netlink.failOn('addIpvlan', { error: new LinkNotFoundError(MASTER) });
      const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
      expect(parsed(out)).toMatchObject({ code: 11, msg: 'master "ens3" disappeared' });
    });
  });

  it('only logs a failed neighbour-notification sysctl', async () => {
    const w = await makeWorld();
    w.netlink.failOn('setSysctl', { error: new NetlinkError('tee failed', 'sysctl', 'Read-only file system') });
    const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(/cannot enable neighbour notification/);
  });

  it('keeps an existing route ("first one wins") and logs it', async () => {
    const w = await makeWorld();
    await w.netlink.pod(POD).addDummy('eth0');
    await w.netlink.pod(POD).setLinkUp('eth0');
    await w.netlink.pod(POD).addAddr('eth0', '10.5.0.2/24');
    await w.netlink.pod(POD).addRoute({ dst: '0.0.0.0/0', gw: '10.5.0.1' });
    w.delegator.onAdd('static', { cniVersion: '1.1.0', ips: [{ address: '192.168.1.50/24', gateway: '192.168.1.1' }], routes: [{ dst: '0.0.0.0/0' }, { dst: '10.20.0.0/16' }] });
    const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.0.0'), ifName: 'net1', extraEnv: { PLEXUS_LOG_LEVEL: 'warn' } });
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(/route already exists/);
    const routes = w.netlink.snapshot(POD).routes;
    expect(routes.find((r) => r.dst === '0.0.0.0/0')).toMatchObject({ gw: '10.5.0.1', dev: 'eth0' });
    expect(routes.find((r) => r.dst === '10.20.0.0/16')).toMatchObject({ gw: '192.168.1.1', dev: 'net1' });
  });

  it("replaces IPAM's DNS with a top-level dns", async () => {
    const w = await makeWorld();
    const out = await w.run({ command: 'ADD', conf: ipvlanConf('1.1.0', { dns: { nameservers: ['10.0.0.53'], search: ['pod.local'] } }), ifName: 'net1' });
    expect(parsed(out).dns).toEqual({ nameservers: ['10.0.0.53'], search: ['pod.local'] });
  });
});
