import { CniCode } from '@plexus/cni-spec';
import type { ConfList } from '../../config/conf-list';
import { caughtSync } from '../testing/source-fixture';
import { readMultiNicRequest } from './read-multi-nic-request';

const s = { pod: { namespace: 'ns', name: 'p' }, network: 'ns/mnic' };
const mnic = (extra: Record<string, unknown> = {}, plugins: Array<Record<string, unknown>> = []): ConfList => ({
  cniVersion: '1.0.0',
  name: 'mnic',
  plugins: [{ type: 'multi-nic', plugin: { type: 'ipvlan', mode: 'l3' }, ipam: { type: 'multi-nic-ipam', hostBlock: 8 }, ...extra }, ...plugins],
});

describe('readMultiNicRequest', () => {
  it('ignores other confs', () => {
    expect(readMultiNicRequest({ cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'macvlan' }] }, s)).toBeUndefined();
  });

  it.each([
    [{}, { plugin: { type: 'ipvlan', mode: 'l3' }, ipam: { type: 'multi-nic-ipam', hostBlock: 8 } }],
    [{ args: { cni: { nics: 2 } } }, { nics: 2 }],
    [{ args: { cni: { nics: '3' } } }, { nics: 3 }],
    [{ args: { cni: { masters: ['eth1', 'eth2'], nics: 1 } } }, { masters: ['eth1', 'eth2'] }],
  ])('reads %j', (extra, expected) => {
    const got = readMultiNicRequest(mnic(extra), s)!;
    expect(got).toMatchObject(expected);
    if ('masters' in expected) expect(got.nics).toBeUndefined();
  });

  it.each<[string, ConfList, string, string]>([
    ['a chained multi-nic', mnic({}, [{ type: 'tuning' }]), 'plugins', 'only plugin'],
    ['no plugin', mnic({ plugin: undefined }), 'plugins[0].plugin', 'main plugin object'],
    ['plugin a string', mnic({ plugin: 'ipvlan' }), 'plugins[0].plugin', 'main plugin object'],
    ['plugin without type', mnic({ plugin: { mode: 'l3' } }), 'plugins[0].plugin.type', 'per-NIC plugin'],
    ['recursive plugin', mnic({ plugin: { type: 'multi-nic' } }), 'plugins[0].plugin.type', 'per-NIC plugin'],
    ['plugin with master', mnic({ plugin: { type: 'ipvlan', master: 'eth1' } }), 'plugins[0].plugin.master', 'filled in'],
    ['plugin with ipam', mnic({ plugin: { type: 'ipvlan', ipam: {} } }), 'plugins[0].plugin.ipam', 'filled in'],
    ['no ipam', mnic({ ipam: undefined }), 'plugins[0].ipam', 'needs an ipam'],
    ['ipam without type', mnic({ ipam: { hostBlock: 8 } }), 'plugins[0].ipam', 'needs an ipam'],
    ['nics zero', mnic({ args: { cni: { nics: 0 } } }), 'plugins[0].args.cni.nics', 'whole number'],
    ['nics fraction', mnic({ args: { cni: { nics: 1.5 } } }), 'plugins[0].args.cni.nics', 'whole number'],
    ['nics word', mnic({ args: { cni: { nics: 'two' } } }), 'plugins[0].args.cni.nics', 'whole number'],
    ['masters empty', mnic({ args: { cni: { masters: [] } } }), 'plugins[0].args.cni.masters', 'non-empty list'],
    ['masters string', mnic({ args: { cni: { masters: 'eth1' } } }), 'plugins[0].args.cni.masters', 'non-empty list'],
    ['masters bad name', mnic({ args: { cni: { masters: ['eth1', 'a b'] } } }), 'plugins[0].args.cni.masters[1]', 'NIC name'],
    ['masters number', mnic({ args: { cni: { masters: [1] } } }), 'plugins[0].args.cni.masters[0]', 'must be a string'],
    ['masters duplicate', mnic({ args: { cni: { masters: ['eth1', 'eth1'] } } }), 'plugins[0].args.cni.masters[1]', 'twice'],
  ])('refuses %s with code 7', (_n, confList, field, problem) => {
    const e = caughtSync(() => readMultiNicRequest(confList, s));
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(`invalid ${field}`);
    expect(e.details).toContain('pod "ns/p", network "ns/mnic"');
    expect(e.details).toContain(problem);
  });
});
