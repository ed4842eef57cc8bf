import { resultFamilyOf } from '@plexus/cni-spec';
import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { addOk, errorOf } from '@plexus/skel/testing';
import { createFakeIpamHandlers } from './handlers';

const plugin = { name: 'fakeipam', handlers: createFakeIpamHandlers({}) };
/** What DANM writes into a delegate's config (cmd/fakeipam contract), plus a Plexus gateway. */
const ipam = { type: 'fakeipam', ips: [{ ipcidr: '10.0.0.5/24', version: 4, gateway: '10.0.0.1' }, { ipcidr: '2a00::5/64', version: 6 }] };

function expectedResult(cniVersion: string): Record<string, unknown> {
  switch (resultFamilyOf(cniVersion)) {
    case '020':
      return { cniVersion, ip4: { ip: '10.0.0.5/24', gateway: '10.0.0.1' }, ip6: { ip: '2a00::5/64' }, dns: {} };
    case '040':
      return { cniVersion, ips: [{ version: '4', address: '10.0.0.5/24', gateway: '10.0.0.1' }, { version: '6', address: '2a00::5/64' }], dns: {} };
    case '100':
      return { cniVersion, ips: [{ address: '10.0.0.5/24', gateway: '10.0.0.1' }, { address: '2a00::5/64' }], dns: {} };
  }
}

describe.each(ALL_SPEC_VERSIONS)('ADD at cniVersion %s', (cniVersion) => {
  it('answers the dual-stack addresses in the config version', async () => {
    expect(await addOk(plugin, { conf: { cniVersion, name: 'net1', type: 'ipvlan', ipam } })).toEqual(expectedResult(cniVersion));
  });

  it('answers static-style addresses with routes and dns', async () => {
    const conf = {
      cniVersion,
      name: 'net1',
      type: 'ipvlan',
      ipam: { type: 'fakeipam', addresses: [{ address: '10.0.0.5/24', gateway: '10.0.0.1' }], routes: [{ dst: '10.1.0.0/16' }], dns: { nameservers: ['10.0.0.53'] } },
    };
    const out = await addOk(plugin, { conf });
    if (resultFamilyOf(cniVersion) === '020') expect(out.ip4).toEqual({ ip: '10.0.0.5/24', gateway: '10.0.0.1', routes: [{ dst: '10.1.0.0/16' }] });
    else expect(out.routes).toEqual([{ dst: '10.1.0.0/16' }]);
    expect(out.dns).toEqual({ nameservers: ['10.0.0.53'] });
  });

  it("refuses an empty list with DANM's error (code 7)", async () => {
    const err = await errorOf(plugin, { command: 'ADD', conf: { cniVersion, name: 'net1', type: 'ipvlan', ipam: { type: 'fakeipam', ips: [] } } });
    expect(err).toMatchObject({ code: 7, msg: 'invalid ipam.ips', cniVersion });
  });

  it('answers allowEmpty with an empty result from 0.3.0 on', async () => {
    const conf = { cniVersion, name: 'net1', type: 'macvlan', ipam: { type: 'fakeipam', ips: [], allowEmpty: true } };
    if (resultFamilyOf(cniVersion) === '020') {
      expect(await errorOf(plugin, { command: 'ADD', conf })).toMatchObject({ code: 7, msg: 'invalid ipam.allowEmpty' });
    } else {
      expect(await addOk(plugin, { conf })).toEqual({ cniVersion, dns: {} });
    }
  });

  it('ignores the pod CNI_ARGS the caller passes through', async () => {
    const conf = { cniVersion, name: 'net1', type: 'ipvlan', ipam };
    expect(await addOk(plugin, { conf, cniArgs: 'K8S_POD_NAME=p;FOO=bar' })).toEqual(expectedResult(cniVersion));
  });
});

describe('protocol errors', () => {
  it('answers malformed JSON with 6, an unknown version with 1, missing env with 4', async () => {
    expect((await errorOf(plugin, { command: 'ADD', conf: '{' })).code).toBe(6);
    expect((await errorOf(plugin, { command: 'ADD', conf: { cniVersion: '0.9.9', name: 'n', ipam } })).code).toBe(1);
    expect((await errorOf(plugin, { command: 'ADD', conf: { cniVersion: '1.0.0', name: 'n', ipam }, extraEnv: { CNI_NETNS: '' } })).code).toBe(4);
  });
});
