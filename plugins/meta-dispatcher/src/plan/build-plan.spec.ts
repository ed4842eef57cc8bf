import { request } from '../testing/dispatcher-harness';
import { attachmentCniArgs } from './attachment-cni-args';
import { buildPlan } from './build-plan';

describe('attachmentCniArgs', () => {
  it('keeps the runtime pairs, appends the network\'s, and adds IgnoreUnknown=1 only when missing', () => {
    expect(attachmentCniArgs([['K8S_POD_NAME', 'p']], [['IP', '10.0.0.1']])).toEqual([['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'p'], ['IP', '10.0.0.1']]);
    expect(attachmentCniArgs([['IgnoreUnknown', 'true']], [])).toEqual([['IgnoreUnknown', 'true']]);
  });
});

describe('buildPlan', () => {
  it('makes one attachment per network, one per NIC of a multi-NIC network, and the reservations', () => {
    const ipam = { type: 'multi-nic-ipam', masters: ['a', 'b'] };
    const { plan, interfaces, reservationRequests } = buildPlan({
      requests: [
        request('c', 'bridge', { isPrimary: true }),
        request('ns/d', 'ipvlan', { danm: { network: { kind: 'DanmNet', namespace: 'ns', name: 'd' }, ip: 'dynamic', ip6: 'none' } }),
        request('ns/m', 'multi-nic', { multiNic: { ipam, plugin: { type: 'ipvlan' } } }),
      ],
      names: [{ ifName: 'eth0', field: 'CNI_IFNAME' }, { ifName: 'net1', field: 'interface' }, { ifName: 'net2', field: 'interface' }],
      primary: 0,
      nics: new Map([[2, ['a', 'b']]]),
      containerId: 'ctr',
      runtimeCniArgs: [['IgnoreUnknown', '1']],
      kubeconfig: '/etc/kc',
    });
    expect(plan.attachments.map((a) => [a.index, a.ifName, a.isPrimary, a.config !== undefined, a.reservation, a.nic?.master])).toEqual([
      [0, 'eth0', true, true, undefined, undefined],
      [1, 'net1', false, false, 'r0', undefined],
      [2, 'net2-0', false, false, 'r1', 'a'],
      [3, 'net2-1', false, false, 'r1', 'b'],
    ]);
    expect(plan.reservations[0]).toMatchObject({ kind: 'danm', attachment: 1, owner: { containerId: 'ctr', ifName: 'net1' } });
    expect(plan.reservations[1]).toMatchObject({ kind: 'multi-nic-ipam', type: 'multi-nic-ipam', ifName: 'net2', masters: ['a', 'b'], attachments: [2, 3] });
    expect(JSON.parse((plan.reservations[1] as { config: string }).config)).toEqual({ cniVersion: '1.0.0', name: 'ns-m', type: 'multi-nic', ipam, masters: ['a', 'b'], kubeconfig: '/etc/kc' });
    expect(interfaces.map((i) => i.ifName)).toEqual(['eth0', 'net1', 'net2-0', 'net2-1']);
    expect([...reservationRequests.keys()]).toEqual(['r0', 'r1']);
  });
});
