import { formatResult, type Result } from '@plexus/cni-spec';
import { VERSIONS_WITH_CHECK } from '@plexus/cni-spec/testing';
import { errorOf, invokePlugin } from '@plexus/skel/testing';
import { FakeIpamCode } from './errors';
import { createFakeIpamHandlers } from './handlers';

const plugin = { name: 'fakeipam', handlers: createFakeIpamHandlers({}) };
const ipam = { type: 'fakeipam', ips: [{ ipcidr: '10.0.0.5/24', version: 4, gateway: '10.0.0.1' }, { ipcidr: '2a00::5/64', version: 6 }] };
const prev: Result = {
  cniVersion: '1.1.0',
  interfaces: [{ name: 'net1', sandbox: '/var/run/netns/test' }],
  ips: [
    { address: '10.0.0.5/24', gateway: '10.0.0.1', interface: 0 },
    { address: '2a00::5/64', interface: 0 },
  ],
};

describe.each(VERSIONS_WITH_CHECK)('CHECK at cniVersion %s', (cniVersion) => {
  const check = (ipamConf: unknown, prevResult?: Result) =>
    invokePlugin(plugin, { command: 'CHECK', ifName: 'net1', conf: { cniVersion, name: 'net1', type: 'ipvlan', ipam: ipamConf, prevResult: prevResult && formatResult(prevResult, cniVersion) } });

  it('passes when prevResult holds the addresses', async () => {
    expect(await check(ipam, prev)).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('fails (code 100) when an address is missing or its gateway differs', async () => {
    const missing = await check(ipam, { ...prev, ips: prev.ips!.slice(0, 1) });
    expect(JSON.parse(missing.stdout)).toMatchObject({ code: FakeIpamCode.PrevResultMismatch, details: expect.stringContaining('2a00::5/64') });
    const wrongGw = await check(ipam, { ...prev, ips: [{ address: '10.0.0.5/24', gateway: '10.0.0.254' }, prev.ips![1]!] });
    expect(JSON.parse(wrongGw.stdout)).toMatchObject({ code: FakeIpamCode.PrevResultMismatch, details: expect.stringContaining('10.0.0.254') });
  });

  it('passes an L2-only attachment with nothing to verify', async () => {
    expect(await check({ type: 'fakeipam', allowEmpty: true }, { cniVersion: '1.1.0', interfaces: [{ name: 'net1' }] })).toMatchObject({ exitCode: 0 });
  });

  it('requires prevResult (code 7)', async () => {
    expect(await errorOf(plugin, { command: 'CHECK', conf: { cniVersion, name: 'net1', type: 'ipvlan', ipam } })).toMatchObject({ code: 7, msg: 'invalid prevResult' });
  });
});
