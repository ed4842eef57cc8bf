import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeCommandRunner, commandLine, type RecordedCall } from '@plexus/exec/testing';
import { LinkNotFoundError, NetlinkError, NetnsNotFoundError, NotANetnsError, RouteNotFoundError, RuleNotFoundError, batchIndexOf } from './errors';
import { IpRoute2Netlink } from './iproute2-netlink';
import { NSFS_MAGIC, type NetnsProbe } from './netns-probe';
import type { NetlinkOp } from './ops';

const NS = '/var/run/netns/pod';
const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const fail = (stderr: string, exitCode = 2) => ({ stdout: '', stderr, exitCode });

function setup(probe?: NetnsProbe) {
  const runner = new FakeCommandRunner();
  return { runner, nl: new IpRoute2Netlink(runner, { probe }) };
}

describe('IpRoute2Netlink: where and how it runs ip', () => {
  it('runs ip directly in the host netns and under nsenter --net=PATH otherwise', async () => {
    const { runner, nl } = setup();
    await nl.host().setLinkUp('eth0');
    await nl.pod(NS).setLinkUp('eth0');
    expect(runner.commandLines()).toEqual(['ip link set dev eth0 up', `nsenter --net=${NS} -- ip link set dev eth0 up`]);
  });

  it.each<[string, (nl: IpRoute2Netlink) => Promise<unknown>, string]>([
    ['addVeth with the peer in another netns', (nl) => nl.host().addVeth('veth0', 'eth0', nl.pod(NS)), `ip link add veth0 type veth peer name eth0 netns ${NS}`],
    ['addIpvlan created directly in the pod netns', (nl) => nl.host().addIpvlan({ name: 'tmp1', master: 'ens3', mode: 'l3s', mtu: 9000, into: nl.pod(NS) }), `ip link add tmp1 link ens3 mtu 9000 netns ${NS} type ipvlan mode l3s`],
    ['addBridge', (nl) => nl.pod(NS).addBridge('br0'), `nsenter --net=${NS} -- ip link add br0 type bridge`],
    ['addDummy', (nl) => nl.host().addDummy('d0'), 'ip link add d0 type dummy'],
    ['moveLink', (nl) => nl.host().moveLink('tmp1', nl.pod(NS)), `ip link set dev tmp1 netns ${NS}`],
    ['renameLink', (nl) => nl.pod(NS).renameLink('tmp1', 'eth0'), `nsenter --net=${NS} -- ip link set dev tmp1 name eth0`],
    ['setLinkMtu', (nl) => nl.host().setLinkMtu('eth0', 1400), 'ip link set dev eth0 mtu 1400'],
    ['setLinkMaster', (nl) => nl.host().setLinkMaster('veth0', 'br0'), 'ip link set dev veth0 master br0'],
    ['setLinkDown', (nl) => nl.host().setLinkDown('eth0'), 'ip link set dev eth0 down'],
    ['deleteLink', (nl) => nl.pod(NS).deleteLink('eth0'), `nsenter --net=${NS} -- ip link del dev eth0`],
    ['addAddr (IPv6 gets nodad)', (nl) => nl.pod(NS).addAddr('eth0', 'fd00::5/64'), `nsenter --net=${NS} -- ip -6 addr add fd00::5/64 dev eth0 nodad`],
    ['deleteAddr', (nl) => nl.host().deleteAddr('eth0', '10.0.0.5/24'), 'ip -4 addr del 10.0.0.5/24 dev eth0'],
    ['addRoute', (nl) => nl.host().addRoute({ dst: '10.1.0.0/16', gw: '10.0.0.1', table: 100 }), 'ip -4 route add 10.1.0.0/16 via 10.0.0.1 table 100'],
    ['replaceRoute', (nl) => nl.host().replaceRoute({ dst: '::/0', gw: 'fd00::1', dev: 'eth0' }), 'ip -6 route replace ::/0 via fd00::1 dev eth0'],
    ['deleteRoute', (nl) => nl.host().deleteRoute({ dst: '10.1.0.0/16', table: 100 }), 'ip -4 route del 10.1.0.0/16 table 100'],
    ['addRule', (nl) => nl.host().addRule({ family: 6, from: 'fd00::5/64', table: 100 }), 'ip -6 rule add from fd00::5/64 table 100'],
    ['deleteRule', (nl) => nl.host().deleteRule({ family: 4, from: '10.0.0.5/24', table: 100, priority: 10 }), 'ip -4 rule del from 10.0.0.5/24 table 100 priority 10'],
  ])('%s', async (_name, act, line) => {
    const { runner, nl } = setup();
    await act(nl);
    expect(runner.commandLines()).toEqual([line]);
  });
});

describe('IpRoute2Netlink: a pod scope never acts on the host', () => {
  it('runs every method of a pod scope under nsenter --net=PATH', async () => {
    const { runner, nl } = setup();
    runner.on('show', { stdout: '[]' });
    const pod = nl.pod(NS);
    const other = nl.pod('/var/run/netns/other');
    const calls: Array<() => Promise<unknown>> = [
      () => pod.listLinks(),
      () => pod.findLink('eth0'),
      () => pod.addIpvlan({ name: 'i0', master: 'eth0', mode: 'l2' }),
      () => pod.addIpvlan({ name: 'i1', master: 'eth0', mode: 'l2', into: other }),
      () => pod.addVeth('v0', 'v1', other),
      () => pod.addBridge('br0'),
      () => pod.addDummy('d0'),
      () => pod.moveLink('v0', other),
      () => pod.renameLink('v0', 'v2'),
      () => pod.setLinkUp('v0'),
      () => pod.setLinkDown('v0'),
      () => pod.setLinkMtu('v0', 1400),
      () => pod.setLinkMaster('v0', 'br0'),
      () => pod.deleteLink('v0'),
      () => pod.listAddrs(),
      () => pod.addAddr('v0', '10.0.0.1/24'),
      () => pod.deleteAddr('v0', '10.0.0.1/24'),
      () => pod.listRoutes(6, { table: 'all' }),
      () => pod.addRoute({ dst: '10.1.0.0/16', dev: 'v0' }),
      () => pod.replaceRoute({ dst: '10.1.0.0/16', dev: 'v0' }),
      () => pod.deleteRoute({ dst: '10.1.0.0/16' }),
      () => pod.listRules(4),
      () => pod.addRule({ family: 4, table: 100 }),
      () => pod.deleteRule({ family: 4, table: 100 }),
      () => pod.setSysctl('net.ipv4.ip_forward', '1'),
      () => pod.getSysctl('net.ipv4.ip_forward'),
      () => pod.batch([{ op: 'link.up', name: 'v0' }]),
      () => pod.batchAll([{ op: 'link.down', name: 'v0' }]),
    ];
    for (const call of calls) await call();
    expect(runner.calls).toHaveLength(calls.length);
    expect(runner.calls.filter((c) => c.file !== 'nsenter' || c.args[0] !== `--net=${NS}`)).toEqual([]);
  });

  it('refuses to name the host as the target of a link made in or moved from a pod, instead of acting in the pod', async () => {
    const { runner, nl } = setup();
    await expect(nl.pod(NS).addIpvlan({ name: 'i0', master: 'eth0', mode: 'l2', into: nl.host() })).rejects.toMatchObject({ name: 'NetlinkError', kind: 'invalid' });
    await expect(nl.pod(NS).addVeth('v0', 'v1', nl.host())).rejects.toMatchObject({ kind: 'invalid' });
    await expect(nl.pod(NS).moveLink('v0', nl.host())).rejects.toMatchObject({ kind: 'invalid' });
    expect(runner.calls).toHaveLength(0);
  });
});

describe('IpRoute2Netlink: moving to a netns that is not there', () => {
  it('turns iproute2\'s usage error into the typed error of the target netns', async () => {
    const missing: NetnsProbe = { fsTypeOf: async () => Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })) };
    const { runner, nl } = setup(missing);
    runner.on('link set', fail('Error: argument "/var/run/netns/gone" is wrong: Invalid "netns" value\n', 255));
    await expect(nl.host().moveLink('tmp1', nl.pod('/var/run/netns/gone'))).rejects.toEqual(new NetnsNotFoundError('/var/run/netns/gone'));
  });
});

describe('IpRoute2Netlink: reading', () => {
  it('lists links with -json -details and finds one by name', async () => {
    const { runner, nl } = setup();
    runner.on('link show', { stdout: fixture('link-details.json') });
    expect((await nl.pod(NS).listLinks()).map((l) => l.name)).toContain('plxri-v0');
    expect(await nl.pod(NS).getLink('plxri-mv0')).toMatchObject({ kind: 'macvlan', parentName: 'plxri-v0', parentIndex: 5 });
    await expect(nl.pod(NS).getLink('nope')).rejects.toBeInstanceOf(LinkNotFoundError);
    expect(await nl.pod(NS).findLink('nope')).toBeUndefined();
    expect(new Set(runner.commandLines())).toEqual(new Set([`nsenter --net=${NS} -- ip -json -details link show`]));
  });

  it('lists addresses of one interface', async () => {
    const { runner, nl } = setup();
    runner.on('addr show dev plxri-v0', { stdout: fixture('addr-all.json') });
    const addrs = await nl.pod(NS).listAddrs('plxri-v0');
    expect(addrs.map((a) => a.address)).toContain('fd00:99::5/64');
    expect(runner.commandLines()).toEqual([`nsenter --net=${NS} -- ip -json addr show dev plxri-v0`]);
  });

  it('lists routes numerically with details, filling in the filtered table', async () => {
    const { runner, nl } = setup();
    runner.on('route show table 100', { stdout: fixture('route4-table100.json') });
    expect(await nl.pod(NS).listRoutes(4, { table: 100 })).toEqual([{ dst: '10.53.0.0/16', gw: '10.99.0.1', dev: 'plxri-v0', table: 100, scope: 0, protocol: 'boot' }]);
    expect(runner.commandLines()).toEqual([`nsenter --net=${NS} -- ip -N -json -details -4 route show table 100`]);
  });

  it('lists the main table by default and every table with "all"', async () => {
    const { runner, nl } = setup();
    runner.on('table all', { stdout: fixture('route6-all.json') });
    await nl.host().listRoutes(6);
    expect((await nl.host().listRoutes(6, { table: 'all', dev: 'eth0' })).length).toBeGreaterThan(3);
    expect(runner.commandLines()).toEqual(['ip -N -json -details -6 route show table 254', 'ip -N -json -details -6 route show table all dev eth0']);
  });

  it('answers an empty list for a table that does not exist yet', async () => {
    const { runner, nl } = setup();
    runner.on('route show', { stdout: '[', stderr: 'Error: ipv4: FIB table does not exist.\nDump terminated\n', exitCode: 2 });
    expect(await nl.pod(NS).listRoutes(4, { table: 999 })).toEqual([]);
  });

  it('retries a listing whose dump the kernel interrupted, then gives up', async () => {
    const { runner, nl } = setup();
    let n = 0;
    runner.on('rule show', () => (++n < 3 ? { stdout: '[]', stderr: 'Dump was interrupted and may be inconsistent.\n', exitCode: 1 } : { stdout: fixture('rule4.json'), stderr: '', exitCode: 0 }));
    expect((await nl.host().listRules(4)).length).toBe(6);
    expect(runner.calls).toHaveLength(3);

    const again = setup();
    again.runner.on('rule show', { stdout: '[]', stderr: 'Dump was interrupted and may be inconsistent.\n', exitCode: 0 });
    await expect(again.nl.host().listRules(6)).rejects.toThrow(/Dump was interrupted/);
    expect(again.runner.calls).toHaveLength(3);
  });

  it('maps a vanished netns on any command', async () => {
    const { runner, nl } = setup();
    runner.on(() => true, fail(`nsenter: cannot open ${NS}: No such file or directory\n`, 1));
    await expect(nl.pod(NS).listRoutes(4)).rejects.toEqual(new NetnsNotFoundError(NS));
    await expect(nl.pod(NS).addRoute({ dst: '10.0.0.0/8', dev: 'eth0' })).rejects.toBeInstanceOf(NetnsNotFoundError);
    await expect(nl.pod(NS).batch([{ op: 'link.up', name: 'eth0' }])).rejects.toBeInstanceOf(NetnsNotFoundError);
  });
});

describe('IpRoute2Netlink: errors of changes', () => {
  it('throws the typed error of a refused change', async () => {
    const { runner, nl } = setup();
    runner.on('route del', fail('RTNETLINK answers: No such process\n'));
    runner.on('rule del', fail('RTNETLINK answers: No such file or directory\n'));
    runner.on('type ipvlan', fail('Error: Unknown device type.\n'));
    runner.on('route add', fail('RTNETLINK answers: File exists\n'));
    await expect(nl.pod(NS).deleteRoute({ dst: '10.0.0.0/8' })).rejects.toBeInstanceOf(RouteNotFoundError);
    await expect(nl.pod(NS).deleteRule({ family: 4, table: 5 })).rejects.toBeInstanceOf(RuleNotFoundError);
    await expect(nl.host().addIpvlan({ name: 'x', master: 'eth0', mode: 'l2' })).rejects.toMatchObject({ name: 'NetlinkError', kind: 'not-supported' });
    await expect(nl.host().addRoute({ dst: '10.0.0.0/8', dev: 'eth0' })).rejects.toMatchObject({ kind: 'exists', command: '-4 route add 10.0.0.0/8 dev eth0' });
  });

  it('never runs a command with an argument ip would split or reinterpret', async () => {
    const { runner, nl } = setup();
    await expect(nl.host().setLinkUp('eth0 down')).rejects.toBeInstanceOf(NetlinkError);
    await expect(nl.host().batch([{ op: 'route.add', route: { dst: '10.0.0.0/8', dev: 'eth0\nlink del eth1' } }])).rejects.toThrow(/contains whitespace/);
    expect(runner.calls).toHaveLength(0);
  });
});

describe('IpRoute2Netlink: batch', () => {
  const cmds: NetlinkOp[] = [
    { op: 'rule.add', rule: { family: 4, from: '10.0.0.5/24', table: 100 } },
    { op: 'route.add', route: { dst: '10.1.0.0/16', gw: '10.0.0.1', dev: 'eth0', table: 100 } },
    { op: 'link.up', name: 'eth0' },
    { op: 'rule.add', rule: { family: 6, from: 'fd00::5/64', table: 100 } },
    { op: 'route.add', route: { dst: 'fd00:1::/64', gw: 'fd00::1', dev: 'eth0', table: 100 } },
  ];

  it('runs one ip -batch process per family run, commands on stdin', async () => {
    const { runner, nl } = setup();
    await nl.pod(NS).batch(cmds);
    expect(runner.commandLines()).toEqual([`nsenter --net=${NS} -- ip -4 -batch -`, `nsenter --net=${NS} -- ip -6 -batch -`]);
    expect(runner.calls.map((c) => c.opts.input)).toEqual([
      'rule add from 10.0.0.5/24 table 100\nroute add 10.1.0.0/16 via 10.0.0.1 dev eth0 table 100\nlink set dev eth0 up\n',
      'rule add from fd00::5/64 table 100\nroute add fd00:1::/64 via fd00::1 dev eth0 table 100\n',
    ]);
  });

  it('reports the failing command by its index in the whole list and stops there', async () => {
    const { runner, nl } = setup();
    runner.on((c: RecordedCall) => commandLine(c).includes('-6 -batch'), fail('Error: Nexthop has invalid gateway.\nCommand failed -:2\n', 1));
    const err = await nl.pod(NS).batch(cmds).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(batchIndexOf(err)).toBe(4);
    expect((err as NetlinkError).kind).toBe('invalid');
    expect((err as Error).message).toContain('batch command 4 failed: ip -6 route add fd00:1::/64 via fd00::1 dev eth0 table 100');

    const first = setup();
    first.runner.on('-4 -batch', fail('Cannot find device "eth0"\nCommand failed -:2\n', 1));
    const e2 = await first.nl.pod(NS).batch(cmds).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(LinkNotFoundError);
    expect(batchIndexOf(e2)).toBe(1);
    expect(first.runner.calls).toHaveLength(1);
  });

  it('batchAll keeps going (-force) and returns every failure', async () => {
    const { runner, nl } = setup();
    runner.on('-4 -force -batch', fail('RTNETLINK answers: No such file or directory\nCommand failed -:1\nRTNETLINK answers: No such process\nCommand failed -:2\n', 1));
    const dels: NetlinkOp[] = [
      { op: 'rule.del', rule: { family: 4, from: '10.0.0.5/24', table: 100 } },
      { op: 'route.del', route: { dst: '10.1.0.0/16', table: 100 } },
      { op: 'route.del', route: { dst: '10.2.0.0/16', table: 100 } },
      { op: 'route.del', route: { dst: 'fd00:1::/64', table: 100 } },
    ];
    const failures = await nl.pod(NS).batchAll(dels);
    expect(failures.map((f) => [f.index, f.error.constructor.name])).toEqual([
      [0, 'RuleNotFoundError'],
      [1, 'RouteNotFoundError'],
    ]);
    // A route takes its family from its address: the IPv6 run needs no -6.
    expect(runner.commandLines()).toEqual([`nsenter --net=${NS} -- ip -4 -force -batch -`, `nsenter --net=${NS} -- ip -force -batch -`]);
  });

  it('throws when ip stopped on a syntax error without saying where', async () => {
    const { runner, nl } = setup();
    runner.on('-batch', fail('Error: "nexthop" or end of line is expected instead of "table"\n', 255));
    const err = await nl.host().batch([{ op: 'route.add', route: { dst: '10.0.0.0/8', nexthops: [{ gw: '10.0.0.1' }], table: 5 } }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid' });
    expect(batchIndexOf(err)).toBeUndefined();
  });
});

describe('IpRoute2Netlink: checkNetns and sysctls', () => {
  const probe = (answers: Record<string, number | string>): NetnsProbe => ({
    fsTypeOf: async (p) => {
      const a = answers[p];
      if (typeof a === 'number') return a;
      throw Object.assign(new Error(`${p}: ${a}`), { code: a });
    },
  });

  it('tells a live netns, a missing path and a plain file apart without starting a process', async () => {
    const { runner, nl } = setup(probe({ [NS]: NSFS_MAGIC, '/gone': 'ENOENT', '/var/run/netns/stale': 0xef53, '/denied': 'EACCES' }));
    await expect(nl.checkNetns(NS)).resolves.toBeUndefined();
    await expect(nl.checkNetns('/gone')).rejects.toEqual(new NetnsNotFoundError('/gone'));
    await expect(nl.checkNetns('/var/run/netns/stale')).rejects.toEqual(new NotANetnsError('/var/run/netns/stale'));
    await expect(nl.checkNetns('/denied')).rejects.toThrow('EACCES');
    expect(runner.calls).toHaveLength(0);
  });

  it('writes a sysctl with tee and the value on stdin (no shell), reads it with cat', async () => {
    const { runner, nl } = setup();
    runner.on('cat /proc/sys/net/ipv4/conf/eth0/rp_filter', { stdout: '2\n' });
    await nl.pod(NS).setSysctl('net.ipv4.conf.eth0.rp_filter', '1; rm -rf /');
    expect(await nl.pod(NS).getSysctl('net/ipv4/conf/eth0/rp_filter')).toBe('2');
    expect(runner.calls[0]).toMatchObject({ file: 'nsenter', args: [`--net=${NS}`, '--', 'tee', '/proc/sys/net/ipv4/conf/eth0/rp_filter'], opts: { input: '1; rm -rf /' } });
    expect(commandLine(runner.calls[1]!)).toBe(`nsenter --net=${NS} -- cat /proc/sys/net/ipv4/conf/eth0/rp_filter`);
  });

  it('refuses unsafe keys and maps a missing sysctl', async () => {
    const { runner, nl } = setup();
    runner.on('cat', fail('cat: /proc/sys/net/ipv4/conf/eth9/rp_filter: No such file or directory\n', 1));
    for (const key of ['net.ipv4.$(reboot)', '../../etc/passwd', 'net/../../x', '/etc/passwd', 'a b']) {
      await expect(nl.host().setSysctl(key, '1')).rejects.toMatchObject({ kind: 'invalid' });
    }
    await expect(nl.host().getSysctl('net.ipv4.conf.eth9.rp_filter')).rejects.toMatchObject({ kind: 'not-found' });
    expect(runner.calls).toHaveLength(1);
  });
});
