import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { addOk, errorOf, invokePlugin } from '@plexus/skel/testing';
import { createTestWorld, exampleConf, type TestWorld } from './testing/test-deps';

describe('ADD', () => {
  let w: TestWorld;
  beforeEach(async () => (w = await createTestWorld()));

  describe.each(ALL_SPEC_VERSIONS.filter((v) => v >= '0.3.0'))('cniVersion %s', (version) => {
    it('returns one address per master with its interface index and the interface-block prefix', async () => {
      const out = await addOk(w.plugin, { conf: exampleConf({ hostIndex: 1 }, {}, version), containerId: 'c1', ifName: 'net1' });
      const family = version < '1.0.0' ? { version: '4' } : {};
      expect(out).toEqual({
        cniVersion: version,
        ips: [
          { ...family, address: '192.168.1.1/18', interface: 0 },
          { ...family, address: '192.168.65.1/18', interface: 1 },
        ],
        dns: {},
      });
    });
  });

  it.each(['0.1.0', '0.2.0'])('answers one master in cniVersion %s and refuses two (one address per family)', async (version) => {
    const one = await addOk(w.plugin, { conf: exampleConf({ hostIndex: 2 }, { masters: ['eth2'] }, version), containerId: 'c1' });
    expect(one).toEqual({ cniVersion: version, ip4: { ip: '192.168.66.1/18' }, dns: {} });
    const err = await errorOf(w.plugin, { command: 'ADD', conf: exampleConf({ hostIndex: 2 }, {}, version), containerId: 'c2' });
    expect(err).toMatchObject({ code: 7, msg: 'invalid ipam.masters' });
    expect(err.details).toMatch(/results hold one address per family, but 2 masters/);
  });

  it.each(['0.3.1', '1.1.0'])('allocates IPv6 addresses (cniVersion %s)', async (version) => {
    const conf = exampleConf({ subnet: 'fd00:10::/48', interfaceBlock: 8, hostBlock: 8, hostIndex: 3, excludeCIDRs: ['fd00:10:0:3::1/128'] }, {}, version);
    const out = await addOk(w.plugin, { conf, containerId: 'c6' });
    const family = version < '1.0.0' ? { version: '6' } : {};
    expect(out.ips).toEqual([
      { ...family, address: 'fd00:10:0:3::2/56', interface: 0 },
      { ...family, address: 'fd00:10:0:103::1/56', interface: 1 },
    ]);
  });

  it('is idempotent per (container ID, ifname) and gives other attachments other addresses', async () => {
    const conf = exampleConf({ hostIndex: 0 });
    const a = await addOk(w.plugin, { conf, containerId: 'c1', ifName: 'net1' });
    expect(await addOk(w.plugin, { conf, containerId: 'c1', ifName: 'net1' })).toEqual(a);
    const b = await addOk(w.plugin, { conf, containerId: 'c1', ifName: 'net2' });
    const c = await addOk(w.plugin, { conf, containerId: 'c2', ifName: 'net1' });
    const all = [a, b, c].flatMap((r) => (r.ips as Array<{ address: string }>).map((ip) => ip.address));
    expect(all).toEqual(['192.168.0.1/18', '192.168.64.1/18', '192.168.0.2/18', '192.168.64.2/18', '192.168.0.3/18', '192.168.64.3/18']);
  });

  it('is next-fit: an address just released is not handed out again at once', async () => {
    const conf = exampleConf({ hostIndex: 0 }, { masters: ['eth1'] });
    await addOk(w.plugin, { conf, containerId: 'a' });
    await addOk(w.plugin, { conf, containerId: 'b' });
    expect((await invokePlugin(w.plugin, { command: 'DEL', conf, containerId: 'a' })).exitCode).toBe(0);
    const c = await addOk(w.plugin, { conf, containerId: 'c' });
    expect(c.ips).toEqual([{ address: '192.168.0.3/18', interface: 0 }]);
  });

  it('never hands out the network, broadcast or a gateway address, skips narrower excludes, and reports a full block', async () => {
    // 10.10.0.0/24, m=0, n=4: host 0's block is 10.10.0.0/28; .1 is a route gateway, .4–.7 are excluded.
    const conf = {
      cniVersion: '1.1.0',
      name: 'tiny',
      ipam: {
        subnet: '10.10.0.0/24',
        interfaceBlock: 0,
        hostBlock: 4,
        masters: ['eth1'],
        hostIndex: 0,
        dataDir: '/data',
        excludeCIDRs: ['10.10.0.4/30'],
        routes: [{ dst: '10.20.0.0/16', gw: '10.10.0.1' }],
      },
    };
    const got: string[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await addOk(w.plugin, { conf, containerId: `c${i}` });
      got.push((r.ips as Array<{ address: string }>)[0]!.address);
      expect(r.routes).toEqual([{ dst: '10.20.0.0/16', gw: '10.10.0.1' }]);
    }
    expect(got).toEqual(['2', '3', '8', '9', '10', '11', '12', '13', '14'].map((h) => `10.10.0.${h}/24`));
    const err = await errorOf(w.plugin, { command: 'ADD', conf, containerId: 'c9' });
    expect(err).toMatchObject({ code: 100, msg: 'no free address' });
    expect(err.details).toMatch(/host block 10\.10\.0\.0\/28 of master "eth1" is full/);
  });

  it('orders addresses by the requested masters, whichever source requests them', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{}, ['192.168.0.1/18', '192.168.64.1/18']],
      [{ masters: ['eth2'] }, ['192.168.64.1/18']],
      [{ masters: ['eth2'], args: { cni: { nics: '1' } } }, ['192.168.0.1/18']],
      [{ masters: ['eth1'], args: { cni: { nics: 2, masters: ['eth2', 'eth1'] } } }, ['192.168.64.1/18', '192.168.0.1/18']],
      [{ args: { cni: { masters: ['eth1'] } }, runtimeConfig: { masters: ['eth2'] } }, ['192.168.64.1/18']],
    ];
    for (const [i, [top, want]] of cases.entries()) {
      const out = await addOk(w.plugin, { conf: exampleConf({ hostIndex: 0 }, top), containerId: `c${i}`, ifName: 'net1' });
      // Each case is a new container, so each gets the next address of its blocks; compare the blocks' order.
      const blocks = (out.ips as Array<{ address: string; interface: number }>).map((ip, k) => {
        expect(ip.interface).toBe(k);
        return ip.address.split('.').slice(0, 3).join('.') + '/18';
      });
      expect(blocks).toEqual(want.map((a) => a.split('.').slice(0, 3).join('.') + '/18'));
    }
  });

  it('refuses a master that is not in the pool, naming the field', async () => {
    const err = await errorOf(w.plugin, { command: 'ADD', conf: exampleConf({ hostIndex: 0 }, { args: { cni: { masters: ['eth1', 'eth7'] } } }) });
    expect(err).toMatchObject({ code: 7, msg: 'invalid args.cni.masters[1]' });
    expect(err.details).toBe('master "eth7" is not in the pool (ipam.masters: eth1, eth2)');
  });

  it('finds the NICs of a masterNets pool by their addresses', async () => {
    w = await createTestWorld({ hostNics: { ens1: ['10.0.1.11/24'], ens2: ['10.0.2.11/24'] } });
    const conf = exampleConf({ hostIndex: 3, masters: undefined, masterNets: ['10.0.1.0/24', '10.0.2.0/24'] }, { masters: ['ens2'] });
    expect((await addOk(w.plugin, { conf })).ips).toEqual([{ address: '192.168.67.1/18', interface: 0 }]);
    const all = exampleConf({ hostIndex: 3, masters: undefined, masterNets: ['10.0.1.0/24', '10.0.3.0/24'] });
    expect((await addOk(w.plugin, { conf: all, containerId: 'c2' })).ips).toEqual([{ address: '192.168.3.1/18', interface: 0 }]);
    const err = await errorOf(w.plugin, { command: 'ADD', conf: exampleConf({ hostIndex: 3, masters: undefined, masterNets: ['10.0.1.0/24'] }, { masters: ['ens2'] }) });
    expect(err).toMatchObject({ code: 7, msg: 'invalid masters[0]', details: 'master "ens2" is not in the pool (ipam.masterNets: 10.0.1.0/24)' });
  });
});
