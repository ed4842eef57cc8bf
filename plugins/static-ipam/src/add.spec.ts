import { resultFamilyOf } from '@plexus/cni-spec';
import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { addOk, errorOf } from '@plexus/skel/testing';
import { createStaticIpamHandlers } from './handlers';

const plugin = { name: 'static-ipam', handlers: createStaticIpamHandlers({}) };

const ipam = {
  type: 'static-ipam',
  addresses: [{ address: '10.250.0.5/24', gateway: '10.250.0.1' }, { address: 'fd00:250::5/64' }],
  routes: [{ dst: '10.251.0.0/16' }, { dst: 'fd00:251::/64', gw: 'fd00:250::1' }],
  dns: { nameservers: ['10.250.0.53'], search: ['pod.local'] },
};

/** The result every version must print, in the shape that version defines (SPEC §5, Go pkg/types/{020,040,100}). */
function expectedResult(cniVersion: string): Record<string, unknown> {
  const dns = { nameservers: ['10.250.0.53'], search: ['pod.local'] };
  switch (resultFamilyOf(cniVersion)) {
    case '020':
      return {
        cniVersion,
        ip4: { ip: '10.250.0.5/24', gateway: '10.250.0.1', routes: [{ dst: '10.251.0.0/16' }] },
        ip6: { ip: 'fd00:250::5/64', routes: [{ dst: 'fd00:251::/64', gw: 'fd00:250::1' }] },
        dns,
      };
    case '040':
      return {
        cniVersion,
        ips: [
          { version: '4', address: '10.250.0.5/24', gateway: '10.250.0.1' },
          { version: '6', address: 'fd00:250::5/64' },
        ],
        routes: ipam.routes,
        dns,
      };
    case '100':
      return { cniVersion, ips: [{ address: '10.250.0.5/24', gateway: '10.250.0.1' }, { address: 'fd00:250::5/64' }], routes: ipam.routes, dns };
  }
}

describe.each(ALL_SPEC_VERSIONS)('ADD at cniVersion %s', (cniVersion) => {
  it('prints the dual-stack answer in that version', async () => {
    expect(await addOk(plugin, { conf: { cniVersion, name: 'net1', type: 'static-ipam', ipam } })).toEqual(expectedResult(cniVersion));
  });

  it('prints runtimeConfig.ips, which replace every other source, without gateways', async () => {
    const conf = { cniVersion, name: 'net1', type: 'static-ipam', ipam, args: { cni: { ips: ['10.9.0.1/24'] } }, runtimeConfig: { ips: ['10.7.0.1/24'] } };
    const out = await addOk(plugin, { conf, cniArgs: 'IP=10.250.0.6/24;GATEWAY=10.250.0.1' });
    if (resultFamilyOf(cniVersion) === '020') expect(out.ip4).toEqual({ ip: '10.7.0.1/24', routes: [{ dst: '10.251.0.0/16' }] });
    else expect((out.ips as Array<{ address: string; gateway?: string }>).map((ip) => [ip.address, ip.gateway])).toEqual([['10.7.0.1/24', undefined]]);
  });

  it('prints no addresses as an empty answer from 0.3.0 on (0.2.0 cannot express it)', async () => {
    const conf = { cniVersion, name: 'net1', type: 'static-ipam', ipam: { type: 'static-ipam' } };
    if (resultFamilyOf(cniVersion) === '020') {
      expect((await errorOf(plugin, { command: 'ADD', conf })).code).toBe(1);
    } else {
      expect(await addOk(plugin, { conf })).toEqual({ cniVersion, dns: {} });
    }
  });

  it('refuses a bad CIDR with code 7 naming the field', async () => {
    const conf = { cniVersion, name: 'net1', type: 'static-ipam', ipam: { addresses: [{ address: '10.0.0.1/24' }, { address: '10.0.0.1/33' }] } };
    expect(await errorOf(plugin, { command: 'ADD', conf })).toMatchObject({ code: 7, msg: 'invalid ipam.addresses[1].address', cniVersion });
  });
});

describe('ADD with the route fields mtu/advmss/priority/table/scope', () => {
  const routes = [{ dst: '0.0.0.0/0', gw: '10.250.0.1', mtu: 1400, advmss: 1360, priority: 100, table: 0, scope: 0 }];

  it('passes them through at 1.1.0', async () => {
    const out = await addOk(plugin, { conf: { cniVersion: '1.1.0', name: 'net1', type: 'static-ipam', ipam: { ...ipam, routes } } });
    expect(out.routes).toEqual(routes);
  });

  it.each(['0.3.1', '0.4.0', '1.0.0'])('keeps them at %s as plugins v1.6.x do (zero mtu/advmss/priority omitted like Go)', async (v) => {
    const out = await addOk(plugin, { conf: { cniVersion: v, name: 'net1', type: 'static-ipam', ipam: { ...ipam, routes: [{ ...routes[0], mtu: 0 }] } } });
    expect(out.routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.250.0.1', advmss: 1360, priority: 100, table: 0, scope: 0 }]);
  });

  it('keeps them inside ip4 at 0.2.0', async () => {
    const out = (await addOk(plugin, { conf: { cniVersion: '0.2.0', name: 'net1', type: 'static-ipam', ipam: { ...ipam, routes } } })) as unknown as { ip4: { routes: unknown[] } };
    expect(out.ip4.routes).toEqual(routes);
  });
});

describe('protocol errors', () => {
  const conf = { cniVersion: '1.0.0', name: 'net1', type: 'static-ipam', ipam };

  it('answers malformed JSON with code 6', async () => {
    expect((await errorOf(plugin, { command: 'ADD', conf: '{"cniVersion":' })).code).toBe(6);
  });

  it('answers an unknown cniVersion with code 1', async () => {
    expect((await errorOf(plugin, { command: 'ADD', conf: { ...conf, cniVersion: '9.9.9' } })).code).toBe(1);
  });

  it('answers missing CNI_* variables with code 4 naming them', async () => {
    const err = await errorOf(plugin, { command: 'ADD', conf, extraEnv: { CNI_CONTAINERID: '', CNI_IFNAME: '' } });
    expect(err).toMatchObject({ code: 4, msg: 'required env variables [CNI_CONTAINERID,CNI_IFNAME] missing' });
  });

  it('answers unknown CNI_ARGS keys with code 7', async () => {
    expect(await errorOf(plugin, { command: 'ADD', conf, cniArgs: 'FOO=bar' })).toMatchObject({ code: 7, msg: 'invalid CNI_ARGS' });
  });
});
