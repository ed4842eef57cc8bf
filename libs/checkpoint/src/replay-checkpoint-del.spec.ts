import { CniError } from '@plexus/cni-spec';
import { fakeChainDeps } from '@plexus/conflist/testing';
import { FakeDelegator } from '@plexus/invoke/testing';
import { replayCheckpointDel } from './replay-checkpoint-del';
import { attachmentOf, checkpointOf } from './testing';

const conf = (name: string, type: string) => JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type }] });
const SANDBOX = { containerId: 'ctr', netns: '/var/run/netns/p' };

describe('replayCheckpointDel', () => {
  const cp = checkpointOf('ctr', [attachmentOf(0, 'eth0', conf('a', 'ptp')), attachmentOf(1, 'net1'), attachmentOf(2, 'net2', conf('b', 'macvlan'), { network: 'ns/b' })], {
    reservations: [
      { id: 'd', kind: 'danm', attachment: 1, network: { kind: 'DanmNet', namespace: 'ns', name: 'dn' }, owner: { containerId: 'ctr', ifName: 'net1' }, ip: 'dynamic', ip6: 'none', state: 'reserved' },
      { id: 'm', kind: 'multi-nic-ipam', network: 'ns/mn', type: 'multi-nic-ipam', ifName: 'net3', config: '{"cniVersion":"1.0.0","name":"mn"}', cniArgs: [['K', 'V']], masters: ['eth1'], attachments: [], state: 'reserved' },
    ],
  });

  it('deletes attachments in reverse, then releases reservations newest first, going on past failures', async () => {
    const d = new FakeDelegator().on('macvlan', 'DEL', new CniError(11, 'busy'));
    const released: string[] = [];
    const report = await replayCheckpointDel(fakeChainDeps(d), cp, { sandbox: SANDBOX, releaseDanm: async (r) => void released.push(r.owner.ifName) });
    expect(d.commands()).toEqual(['macvlan DEL', 'ptp DEL', 'multi-nic-ipam DEL']);
    expect(d.calls[2]!.env).toMatchObject({ CNI_CONTAINERID: 'ctr', CNI_IFNAME: 'net3', CNI_ARGS: 'K=V', CNI_NETNS: '/var/run/netns/p' });
    expect(released).toEqual(['net1']);
    expect(report.done.map((s) => `${s.op} ${s.ifName}`)).toEqual(['delete eth0', 'release net3', 'release net1']);
    expect(report.failed.map((f) => [f.op, f.network, f.ifName, (f.error as CniError).code])).toEqual([['delete', 'ns/b', 'net2', 11]]);
  });

  it('without a DANM releaser reports the DANM reservation as not undone; upTo limits the attachments', async () => {
    const d = new FakeDelegator();
    const report = await replayCheckpointDel(fakeChainDeps(d), cp, { sandbox: SANDBOX, upTo: 0 });
    expect(d.commands()).toEqual(['ptp DEL', 'multi-nic-ipam DEL']);
    expect(report.failed).toEqual([{ op: 'release', network: 'DanmNet ns/dn', ifName: 'net1', error: expect.objectContaining({ code: 11, msg: 'cannot release DANM addresses' }) }]);
  });

  it('reports every step in the order it ran, skipping names no kernel accepts where they fall, and notRun attachments', async () => {
    const bad = 'e\u0000';
    const cp2 = checkpointOf('ctr', [attachmentOf(0, 'eth0', conf('a', 'ptp')), attachmentOf(1, bad, conf('b', 'macvlan')), attachmentOf(2, 'net2', conf('c', 'bridge'), { notRun: true }), attachmentOf(3, 'net3', conf('d', 'ipvlan'))], {
      reservations: [
        { id: 'm1', kind: 'multi-nic-ipam', network: 'ns/m1', type: 'multi-nic-ipam', ifName: 'net5', config: '{"cniVersion":"1.0.0","name":"m1"}', cniArgs: [], masters: ['eth1'], attachments: [], state: 'reserved' },
        { id: 'm2', kind: 'multi-nic-ipam', network: 'ns/m2', type: 'multi-nic-ipam', ifName: bad, config: '{"cniVersion":"1.0.0","name":"m2"}', cniArgs: [], masters: ['eth2'], attachments: [], state: 'reserved' },
      ],
    });
    const d = new FakeDelegator().on('ipvlan', 'DEL', new CniError(11, 'busy'));
    const report = await replayCheckpointDel(fakeChainDeps(d), cp2, { sandbox: SANDBOX });
    expect(d.commands()).toEqual(['ipvlan DEL', 'ptp DEL', 'multi-nic-ipam DEL']);
    expect(report.steps.map((st) => `${st.op} ${st.ifName}${st.error ? ' failed' : ''}`)).toEqual(['delete net3 failed', 'delete eth0', 'release net5']);
    expect(report.done).toEqual([
      { op: 'delete', network: 'n', ifName: 'eth0' },
      { op: 'release', network: 'ns/m1', ifName: 'net5' },
    ]);
    expect(report.skipped.map((st) => [st.op, st.network, st.ifName])).toEqual([
      ['delete', 'n', bad],
      ['release', 'ns/m2', bad],
    ]);
    expect(report.skipped[0]!.reason).toMatch(/^the interface name could never have been created: /);
  });
});
