import { decodeNetConf } from '@plexus/cni-spec';
import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { formatCidr } from '@plexus/ip';
import { exampleConf } from '../testing/test-deps';
import { parseMultiNicConfig } from '@plexus/multi-nic';

const parse = (ipam: Record<string, unknown> = {}, top: Record<string, unknown> = {}, version = '1.1.0') =>
  parseMultiNicConfig(decodeNetConf(JSON.stringify(exampleConf(ipam, top, version))));

describe('parseMultiNicConfig', () => {
  it.each(ALL_SPEC_VERSIONS)('reads a full config (cniVersion %s)', (version) => {
    const c = parse(
      {
        excludeCIDRs: ['192.168.0.0/24', '192.168.64.9'],
        vlanMode: 'l3s',
        routes: [{ dst: '10.0.0.0/8', gw: '192.168.0.254', priority: 5 }],
        dns: { nameservers: ['10.0.0.10'] },
        hostIndex: 3,
        nodeName: 'n1',
        kubeconfig: '/etc/kube.conf',
        routeTable: 120,
        routeSyncInterval: 5,
      },
      {},
      version,
    );
    expect(c.subnet).toBe('192.168.0.0/16');
    expect([c.layout.interfaceBits, c.layout.hostBits]).toEqual([2, 6]);
    expect(c.layout.excludes.map(formatCidr)).toEqual(['192.168.0.0/24', '192.168.64.9/32']);
    expect(c.pool).toMatchObject({ kind: 'masters', entries: [{ position: 0, name: 'eth1' }, { position: 1, name: 'eth2' }] });
    expect(c.request).toEqual({ kind: 'all' });
    expect(c.vlanMode).toBe('l3s');
    // The 1.1.0 route fields are read only from 1.1.0 configs.
    expect(c.routes).toEqual([{ dst: '10.0.0.0/8', gw: '192.168.0.254', ...(version === '1.1.0' ? { priority: 5 } : {}) }]);
    expect(c.reserved).toEqual([0xc0a800fen]);
    expect(c.dns).toEqual({ nameservers: ['10.0.0.10'] });
    expect(c.hostIndex).toEqual({ kind: 'fixed', hostIndex: 3 });
    expect([c.nodeName, c.kubeconfig, c.routeTable, c.routeSyncIntervalMs, c.dataDir]).toEqual(['n1', '/etc/kube.conf', 120, 5000, '/data']);
  });

  it('has defaults: l2, Kubernetes host index, the default data dir, 60 s route sync', () => {
    const c = parse({ dataDir: undefined });
    expect([c.vlanMode, c.hostIndex.kind, c.dataDir, c.routeSyncIntervalMs, c.kubeconfig]).toEqual(['l2', 'kubernetes', '/var/lib/cni/plexus/multi-nic-ipam', 60000, undefined]);
    expect(parse({}, { kubeconfig: '/top.conf' }).kubeconfig).toBe('/top.conf');
  });

  it('reads IPv6 subnets', () => {
    const c = parse({ subnet: 'fd00:0:0::/48', interfaceBlock: 8, hostBlock: 8, excludeCIDRs: ['fd00::1'] });
    expect([c.subnet, formatCidr(c.layout.excludes[0]!)]).toEqual(['fd00::/48', 'fd00::1/128']);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, RegExp]>([
    ['no subnet', { subnet: undefined }, {}, 'ipam.subnet', /missing/],
    ['a malformed subnet', { subnet: '192.168.0/16' }, {}, 'ipam.subnet', /not a network in CIDR notation/],
    ['subnet host bits', { subnet: '192.168.1.0/16' }, {}, 'ipam.subnet', /has host bits set; the network is 192\.168\.0\.0\/16/],
    ['no interfaceBlock', { interfaceBlock: undefined }, {}, 'ipam.interfaceBlock', /missing/],
    ['a string hostBlock', { hostBlock: '6' }, {}, 'ipam.hostBlock', /whole number from 0 to 32, got string "6"/],
    ['a negative hostBlock', { hostBlock: -1 }, {}, 'ipam.hostBlock', /whole number/],
    ['blocks past the address', { interfaceBlock: 10, hostBlock: 7 }, {}, 'ipam.interfaceBlock', /interfaceBlock 10 \+ hostBlock 7 after 192\.168\.0\.0\/16 make \/33, past the 32-bit address/],
    ['IPv6 blocks past the address', { subnet: 'fd00::/64', interfaceBlock: 32, hostBlock: 33 }, {}, 'ipam.interfaceBlock', /make \/129, past the 128-bit/],
    ['an IPv4 /31 host block', { interfaceBlock: 8, hostBlock: 7 }, {}, 'ipam.hostBlock', /host blocks of \/31 leave no address/],
    ['a malformed exclude', { excludeCIDRs: ['192.168.0.0/16', '192.168.300.0/24'] }, {}, 'ipam.excludeCIDRs[1]', /not a network in CIDR notation/],
    ['an exclude with host bits', { excludeCIDRs: ['192.168.0.7/24'] }, {}, 'ipam.excludeCIDRs[0]', /host bits set/],
    ['an exclude of the other family', { excludeCIDRs: ['fd00::/64'] }, {}, 'ipam.excludeCIDRs[0]', /is IPv6 but ipam.subnet 192\.168\.0\.0\/16 is IPv4/],
    ['excludes not a list', { excludeCIDRs: '192.168.0.0/24' }, {}, 'ipam.excludeCIDRs', /must be a list/],
    ['no pool', { masters: undefined }, {}, 'ipam.masters', /missing: list the host NICs/],
    ['both pool kinds', { masterNets: ['10.0.0.0/24'] }, {}, 'ipam.masters', /either ipam.masters .* or ipam.masterNets/],
    ['more NICs than interface blocks', { masters: ['a', 'b', 'c', 'd', 'e'] }, {}, 'ipam.masters', /5 NICs do not fit: master #4 needs an interface block, but interfaceBlock 2 gives 192\.168\.0\.0\/16 only 4/],
    ['NICs squeezed out by an exclude', { excludeCIDRs: ['192.168.0.0/17'], masters: ['a', 'b', 'c'] }, {}, 'ipam.masters', /only 2 usable interface block/],
    ['a duplicate master', { masters: ['eth1', 'eth1'] }, {}, 'ipam.masters[1]', /listed twice/],
    ['a bad master name', { masters: ['eth1', 'has space'] }, {}, 'ipam.masters[1]', /contains "\/", ":" or whitespace/],
    ['overlapping masterNets', { masters: undefined, masterNets: ['10.0.0.0/16', '10.0.1.0/24'] }, {}, 'ipam.masterNets[0]', /overlaps ipam.masterNets\[1\]/],
    ['a masterNet inside the subnet', { masters: undefined, masterNets: ['192.168.3.0/24'] }, {}, 'ipam.masterNets[0]', /overlaps ipam.subnet/],
    ['a bad vlanMode', { vlanMode: 'l4' }, {}, 'ipam.vlanMode', /must be one of l2, l3, l3s/],
    ['a reserved route table', { routeTable: 254 }, {}, 'ipam.routeTable', /reserves/],
    ['a low route table', { routeTable: 10 }, {}, 'ipam.routeTable', /from 100/],
    ['a relative dataDir', { dataDir: 'var/lib' }, {}, 'ipam.dataDir', /absolute path/],
    ['a dataDir that is no string', { dataDir: ['/a'] }, {}, 'ipam.dataDir', /must be a string/],
    ['a relative ipam.kubeconfig', { kubeconfig: 'kube.conf' }, {}, 'ipam.kubeconfig', /"kube.conf" must be an absolute path/],
    ['a relative top-level kubeconfig', {}, { kubeconfig: './kube.conf' }, 'kubeconfig', /must be an absolute path/],
    ['a fixed host index beyond hostBlock', { hostIndex: 64 }, {}, 'ipam.hostIndex', /64 is out of range: host index 64 does not fit: hostBlock 6/],
    ['a fixed host index squeezed out by excludes', { hostIndex: 63, excludeCIDRs: ['192.168.64.0/24'] }, {}, 'ipam.hostIndex', /63 is out of range: host index 63 does not fit: hostBlock 6 gives interface block 192\.168\.64\.0\/18 63 usable/],
    ['a bad route', { routes: [{ dst: 'nowhere' }] }, {}, 'ipam.routes[0].dst', /not a CIDR/],
    ['a duplicate requested master', {}, { masters: ['eth1', 'eth1'] }, 'masters[1]', /requested twice/],
    ['a bad nics count', {}, { args: { cni: { nics: 0 } } }, 'args.cni.nics', /whole number from 1/],
    ['runtimeConfig.masters not a list', {}, { runtimeConfig: { masters: 'eth1' } }, 'runtimeConfig.masters', /must be a list/],
  ])('refuses %s, naming %s', (_what, ipam, top, field, details) => {
    let err: unknown;
    try {
      parse(ipam, top);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 7, msg: `invalid ${field}` });
    expect((err as { details: string }).details).toMatch(details);
  });

  it('names the ipam section when it is missing', () => {
    expect(() => parseMultiNicConfig(decodeNetConf('{"cniVersion":"1.0.0","name":"n","type":"x"}'))).toThrow(expect.objectContaining({ code: 7, msg: 'invalid ipam' }));
  });
});
