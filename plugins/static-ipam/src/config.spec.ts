import { decodeNetConf, type CniError } from '@plexus/cni-spec';
import { catchCniError } from '@plexus/cni-spec/testing';
import { loadStaticIpamConfig } from './config';

function load(conf: Record<string, unknown>, cniArgs = '') {
  return loadStaticIpamConfig(decodeNetConf(JSON.stringify({ cniVersion: '1.0.0', name: 'net1', type: 'static-ipam', ...conf })), cniArgs);
}

const errorOfLoad = (conf: Record<string, unknown>, cniArgs = ''): CniError => catchCniError(() => load(conf, cniArgs));

const ipam = { type: 'static-ipam', addresses: [{ address: '10.250.0.5/24', gateway: '10.250.0.1' }] };
const addressesOf = (conf: Record<string, unknown>, cniArgs = '') => load(conf, cniArgs).addresses.map(({ address, gateway }) => ({ address, gateway }));

describe('address precedence (reference static LoadIPAMConfig)', () => {
  it('appends CNI_ARGS IP= to ipam.addresses; GATEWAY= applies only to CNI_ARGS addresses', () => {
    expect(addressesOf({ ipam: { addresses: [{ address: '10.250.0.5/24' }] } }, 'IP=10.250.0.6/24, fd00:250::6/64;GATEWAY=10.250.0.1')).toEqual([
      { address: '10.250.0.5/24', gateway: undefined },
      { address: '10.250.0.6/24', gateway: '10.250.0.1' },
      { address: 'fd00:250::6/64', gateway: undefined },
    ]);
  });

  it('lets a later GATEWAY win and ignores one no address holds', () => {
    expect(addressesOf({ ipam }, 'IP=10.1.0.6/16;GATEWAY=10.1.0.1,10.1.255.254,192.168.0.1')).toEqual([
      { address: '10.250.0.5/24', gateway: '10.250.0.1' },
      { address: '10.1.0.6/16', gateway: '10.1.255.254' },
    ]);
  });

  it('lets args.cni.ips replace config and CNI_ARGS addresses', () => {
    expect(addressesOf({ ipam, args: { cni: { ips: ['10.9.0.1/24', 'fd00::1/64'] } } }, 'IP=10.250.0.6/24;GATEWAY=10.9.0.254')).toEqual([
      { address: '10.9.0.1/24', gateway: undefined },
      { address: 'fd00::1/64', gateway: undefined },
    ]);
  });

  it('lets runtimeConfig.ips replace everything (all four sources given)', () => {
    const conf = { ipam, args: { cni: { ips: ['10.9.0.1/24'] } }, runtimeConfig: { ips: ['10.7.0.1/24'] } };
    expect(addressesOf(conf, 'IP=10.250.0.6/24')).toEqual([{ address: '10.7.0.1/24', gateway: undefined }]);
  });

  it('ignores empty args.cni.ips and runtimeConfig.ips lists', () => {
    expect(addressesOf({ ipam, args: { cni: { ips: [] } }, runtimeConfig: { ips: [] } })).toEqual([{ address: '10.250.0.5/24', gateway: '10.250.0.1' }]);
  });

  it('does not parse config addresses that a later source replaced (as the reference)', () => {
    expect(addressesOf({ ipam: { addresses: [{ address: 'not-a-cidr' }] }, runtimeConfig: { ips: ['10.7.0.1/24'] } })).toEqual([
      { address: '10.7.0.1/24', gateway: undefined },
    ]);
  });

  it('takes no addresses as an empty answer, not an error', () => {
    expect(load({ ipam: { type: 'static-ipam' } })).toEqual({ addresses: [], routes: [] });
  });
});

describe('canonical forms', () => {
  it('canonicalises addresses, gateways and routes like Go (IPv4-mapped becomes IPv4)', () => {
    const answer = load({
      ipam: {
        addresses: [{ address: '::ffff:10.250.0.5/120', gateway: '::ffff:10.250.0.1' }, { address: 'FD00:0:0::0005/64', gateway: 'FD00::1' }],
        routes: [{ dst: 'FD00:1::/48' }, { dst: '10.1.0.5/16', gw: '10.250.0.1' }],
      },
    });
    expect(answer.addresses.map((a) => [a.address, a.gateway])).toEqual([
      ['10.250.0.5/24', '10.250.0.1'],
      ['fd00::5/64', 'fd00::1'],
    ]);
    expect(answer.routes).toEqual([{ dst: 'fd00:1::/48' }, { dst: '10.1.0.5/16', gw: '10.250.0.1' }]);
  });

  it.each(['0.2.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'])('reads the route fields mtu/advmss/priority/table/scope at cniVersion %s, as plugins v1.6.x', (v) => {
    const routes = [{ dst: '0.0.0.0/0', gw: '10.0.0.1', mtu: 1400, advmss: 1360, priority: 5, table: 100, scope: 0 }];
    expect(load({ cniVersion: v, ipam: { routes } }).routes).toEqual(routes);
  });

  it('returns ipam.dns, not the top-level dns', () => {
    expect(load({ dns: { nameservers: ['9.9.9.9'] }, ipam: { dns: { nameservers: ['10.0.0.53'], search: ['a.local'] } } }).dns).toEqual({
      nameservers: ['10.0.0.53'],
      search: ['a.local'],
    });
  });
});

describe('invalid config: code 7 naming the field', () => {
  it.each(([
    [{}, '', 'invalid ipam'],
    [{ ipam: { addresses: [{ address: '10.0.0.1/24' }, { address: '10.0.0.300/24' }] } }, '', 'invalid ipam.addresses[1].address'],
    [{ ipam: { addresses: [{ address: '10.0.0.1' }] } }, '', 'invalid ipam.addresses[0].address'],
    [{ ipam: { addresses: [{ gateway: '10.0.0.1' }] } }, '', 'invalid ipam.addresses[0].address'],
    [{ ipam: { addresses: [{ address: '10.0.0.1/24', gateway: 'bad' }] }, runtimeConfig: { ips: ['10.7.0.1/24'] } }, '', 'invalid ipam.addresses[0].gateway'],
    [{ ipam: { addresses: 'x' } }, '', 'invalid ipam.addresses'],
    [{ ipam: { addresses: ['10.0.0.1/24'] } }, '', 'invalid ipam.addresses[0]'],
    [{ ipam: { routes: [{ dst: 'bad' }] } }, '', 'invalid ipam.routes[0].dst'],
    [{ ipam: { dns: { nameservers: 'x' } } }, '', 'invalid ipam.dns.nameservers'],
    [{ ipam, args: { cni: { ips: ['10.9.0.1'] } } }, '', 'invalid args.cni.ips[0]'],
    [{ ipam, args: { cni: { ips: [5] } } }, '', 'invalid args.cni.ips[0]'],
    [{ ipam, args: { cni: 'x' } }, '', 'invalid args.cni'],
    [{ ipam, runtimeConfig: { ips: '10.7.0.1/24' } }, '', 'invalid runtimeConfig.ips'],
    [{ ipam, runtimeConfig: { ips: ['10.7.0.1/24', 'fd00::1'] } }, '', 'invalid runtimeConfig.ips[1]'],
    [{ ipam }, 'IP=10.250.0.6', 'invalid CNI_ARGS IP[0]'],
    [{ ipam }, 'IP=10.250.0.6/24,', 'invalid CNI_ARGS IP[1]'],
    [{ ipam }, 'IP=10.250.0.6/24;GATEWAY=10.250.0.x', 'invalid CNI_ARGS GATEWAY[0]'],
    [{ ipam, runtimeConfig: { ips: ['10.7.0.1/24'] } }, 'IP=bad', 'invalid CNI_ARGS IP[0]'],
    [{ ipam }, 'FOO=bar', 'invalid CNI_ARGS'],
    [{ ipam }, 'ip=10.250.0.6/24', 'invalid CNI_ARGS'],
    [{ ipam }, 'IgnoreUnknown=maybe', 'invalid CNI_ARGS'],
    [{ ipam }, 'IgnoreUnknown=1;FOO=bar=baz', 'invalid CNI_ARGS'],
  ] as Array<[Record<string, unknown>, string, string]>).map(([conf, cniArgs, msg]) => [msg, conf, cniArgs] as const))('%s (case %#)', (msg, conf, cniArgs) => {
    const err = errorOfLoad(conf, cniArgs);
    expect(err.code).toBe(7);
    expect(err.msg).toBe(msg);
  });

  it('refuses two addresses of a family below 0.3.0, naming where they came from', () => {
    const err = errorOfLoad({ cniVersion: '0.2.0', ipam }, 'IP=10.250.0.6/24');
    expect([err.code, err.msg]).toEqual([7, 'invalid ipam.addresses[0].address, CNI_ARGS IP[0]']);
  });
});

describe('CNI_ARGS keys', () => {
  it('accepts the K8S_* keys every runtime sends, and unknown keys with IgnoreUnknown', () => {
    const k8s = 'K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=abc;K8S_POD_UID=u';
    expect(addressesOf({ ipam }, k8s)).toHaveLength(1);
    expect(addressesOf({ ipam }, 'IgnoreUnknown=1;FOO=bar;IP=10.250.0.6/24')).toHaveLength(2);
    expect(addressesOf({ ipam }, 'IgnoreUnknown=TRUE;FOO=bar')).toHaveLength(1);
  });

  it('takes the last IP= when the key repeats, as Go does', () => {
    expect(addressesOf({ ipam }, 'IP=10.250.0.6/24;IP=10.250.0.7/24').map((a) => a.address)).toEqual(['10.250.0.5/24', '10.250.0.7/24']);
  });
});
