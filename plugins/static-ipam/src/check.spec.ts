import { formatResult, type Result } from '@plexus/cni-spec';
import { VERSIONS_WITH_CHECK } from '@plexus/cni-spec/testing';
import { errorOf, invokePlugin } from '@plexus/skel/testing';
import { StaticIpamCode } from './errors';
import { createStaticIpamHandlers } from './handlers';

const plugin = { name: 'static-ipam', handlers: createStaticIpamHandlers({}) };
const ipam = { type: 'static-ipam', addresses: [{ address: '10.250.0.5/24', gateway: '10.250.0.1' }, { address: 'fd00:250::5/64' }] };

/** An interface plugin's final ADD result built on static-ipam's answer (it adds interfaces and may add a v6 gateway). */
const addResult: Result = {
  cniVersion: '1.1.0',
  interfaces: [{ name: 'eth0', sandbox: '/var/run/netns/test' }],
  ips: [
    { address: '10.250.0.5/24', gateway: '10.250.0.1', interface: 0 },
    { address: 'fd00:250::5/64', gateway: 'fd00:250::1', interface: 0 },
  ],
};

describe.each(VERSIONS_WITH_CHECK)('CHECK at cniVersion %s', (cniVersion) => {
  const check = (prevResult: unknown, cniArgs = '') =>
    invokePlugin(plugin, { command: 'CHECK', conf: { cniVersion, name: 'net1', type: 'static-ipam', ipam, prevResult }, cniArgs });

  it('passes when prevResult holds every address with its configured gateway', async () => {
    expect(await check(formatResult(addResult, cniVersion))).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('fails when a configured address is missing (the reference would not notice)', async () => {
    const out = await check(formatResult({ ...addResult, ips: addResult.ips!.slice(0, 1) }, cniVersion));
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ code: StaticIpamCode.PrevResultMismatch, details: expect.stringContaining('fd00:250::5/64') });
  });

  it('fails when a configured gateway differs', async () => {
    const ips = [{ ...addResult.ips![0]!, gateway: '10.250.0.254' }, addResult.ips![1]!];
    const out = await check(formatResult({ ...addResult, ips }, cniVersion));
    expect(JSON.parse(out.stdout)).toMatchObject({ code: StaticIpamCode.PrevResultMismatch, details: expect.stringContaining('10.250.0.254') });
  });

  it('checks the addresses the precedence rules select (CNI_ARGS included)', async () => {
    const out = await check(formatResult(addResult, cniVersion), 'IP=10.250.0.6/24');
    expect(JSON.parse(out.stdout)).toMatchObject({ code: StaticIpamCode.PrevResultMismatch, details: expect.stringContaining('10.250.0.6/24 (CNI_ARGS IP[0])') });
  });

  it('requires prevResult (code 7 naming it)', async () => {
    expect(await errorOf(plugin, { command: 'CHECK', conf: { cniVersion, name: 'net1', type: 'static-ipam', ipam } })).toMatchObject({
      code: 7,
      msg: 'invalid prevResult',
    });
  });
});
