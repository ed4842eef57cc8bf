import { CniError } from '@plexus/cni-spec';
import type { DelegateRequest } from '@plexus/invoke';
import { DispatcherHarness, NETNS, NETNS2, confList, dispatcherConf, ifaceResult, request } from '../testing/dispatcher-harness';

function danmPod(): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [
    request('default/cluster', 'bridge', { source: 'danm', isPrimary: true }),
    request('default/internal', 'ipvlan', {
      source: 'danm',
      ifNamePrefix: 'int',
      danm: { network: { kind: 'DanmNet', namespace: 'default', name: 'internal' }, ip: 'dynamic', ip6: 'none' },
    }),
  ];
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
  h.addMain('ipvlan', (ifName, req) => ifaceResult(ifName, (JSON.parse(req.stdin) as { ipam: { ips: Array<{ ipcidr: string }> } }).ipam.ips[0]!.ipcidr));
  return h;
}

describe('DANM reservations', () => {
  it('checkpoints the reservation before allocating, renders the delegate from the addresses, and runs it', async () => {
    const h = danmPod();
    const original = h.deps.bind(h);
    let planned: unknown;
    h.deps = () => {
      const d = original();
      const allocate = d.danm.allocate;
      d.danm.allocate = async (...a) => {
        planned = await h.checkpoint();
        return allocate(...a);
      };
      return d;
    };
    // DANM mode returns every network merged, as DANM does.
    const out = (await h.ok('ADD', dispatcherConf({ danm: { enabled: true } }))) as { ips: Array<{ address: string }> };
    expect((planned as { reservations: unknown[] }).reservations).toEqual([
      { id: 'r0', kind: 'danm', attachment: 1, network: { kind: 'DanmNet', namespace: 'default', name: 'internal' }, owner: { containerId: 'ctr1', ifName: 'int1' }, ip: 'dynamic', ip6: 'none', state: 'planned' },
    ]);
    expect((planned as { attachments: Array<{ config?: string }> }).attachments[1]!.config).toBeUndefined();
    expect(h.danmCalls).toEqual(['allocate internal ctr1/int1']);
    expect(out.ips.map((ip) => ip.address)).toEqual(['10.244.0.5/24', '10.77.0.2/24']);
    const cp = await h.checkpoint();
    expect(cp!.reservations[0]).toMatchObject({ state: 'reserved', addresses: ['10.77.0.2/24'] });
    expect(JSON.parse(cp!.attachments[1]!.config as string).plugins[0].ipam).toEqual({ type: 'fakeipam', ips: [{ ipcidr: '10.77.0.2/24' }] });
    expect(h.delegator.calls[1]!.env.CNI_IFNAME).toBe('int1');
  });

  it('DEL releases the addresses by owner after the delegate DELs', async () => {
    const h = danmPod();
    await h.ok('ADD');
    h.delegator.calls.length = 0;
    await h.ok('DEL');
    expect(h.delegator.commands()).toEqual(['ipvlan DEL', 'bridge DEL']);
    expect(h.danmCalls).toEqual(['allocate internal ctr1/int1', 'release internal ctr1/int1']);
    expect(h.danmHolding()).toEqual([]);
  });

  it('DEL with the API unreachable deletes the interfaces, then keeps the checkpoint and returns code 11', async () => {
    const h = danmPod();
    await h.ok('ADD');
    h.apiDown = true;
    const err = await h.fail('DEL');
    expect(err).toMatchObject({ code: 11, msg: 'failed to release interface int1' });
    expect(err.details).toBe('pod "default/web", network "DanmNet default/internal": failed to reach the API: connection refused');
    expect(await h.podLinks()).toEqual([]);
    expect(h.danmHolding()).toEqual(['ctr1/int1']);
    expect(await h.checkpoint()).toBeDefined();
    h.apiDown = false;
    await h.ok('DEL');
    expect(h.danmHolding()).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('a failed allocation rolls back (releasing by owner) and leaves no checkpoint', async () => {
    const h = danmPod();
    h.danmFails = new CniError(114, 'pool exhausted', 'pod "default/web", network "DanmNet default/internal": no free address');
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 114, msg: 'pool exhausted' });
    expect(h.delegator.calls).toEqual([]);
    expect(h.danmCalls).toEqual(['release internal ctr1/int1']);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('a DANM network without any API configured is refused with code 7 naming kubeconfig, before anything', async () => {
    const h = danmPod();
    h.api = false;
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 7, msg: 'invalid kubeconfig' });
    expect(err.details).toMatch(/^pod "default\/web", network "default\/internal": a DANM network needs the Kubernetes API/);
    expect(h.danmCalls).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
  });
});

/** A host with three fabric NICs (plus eth0 carrying the default route) and a multi-NIC network over them. */
async function multiNicPod(over: { nics?: number; masters?: string[] } = {}, version = '1.0.0'): Promise<DispatcherHarness> {
  const h = new DispatcherHarness();
  for (const [i, name] of ['eth0', 'fab1', 'fab2', 'fab3'].entries()) {
    await h.netlink.host().addBridge(name);
    await h.netlink.host().setLinkUp(name);
    await h.netlink.host().addAddr(name, i === 0 ? '192.168.0.10/24' : `172.${20 + i}.0.10/16`);
  }
  await h.netlink.host().addRoute({ dst: '0.0.0.0/0', gw: '192.168.0.1', dev: 'eth0' });
  const ipam = { type: 'multi-nic-ipam', subnet: '10.200.0.0/16', masters: ['fab1', 'fab2', 'fab3'], routes: [{ dst: '10.201.0.0/16', gw: '10.200.64.1' }] };
  h.requests = [
    request('cluster', 'bridge', { isPrimary: true }),
    request('default/multi', 'multi-nic', {
      source: 'multi-nic',
      confList: confList('multi', 'multi-nic', { plugin: { type: 'ipvlan', mode: 'l3' }, ipam, args: { cni: { nics: 1 } } }, version),
      multiNic: { plugin: { type: 'ipvlan', mode: 'l3' }, ipam, ...over },
    }),
  ];
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
  h.addMain('ipvlan', (ifName, req) => ifaceResult(ifName, (JSON.parse(req.stdin) as { ipam: { ips: Array<{ ipcidr: string }> } }).ipam.ips[0]!.ipcidr));
  h.delegator.onAdd('multi-nic-ipam', (req: DelegateRequest) => {
    const masters = (JSON.parse(req.stdin) as { masters: string[] }).masters;
    return { cniVersion: '1.1.0', ips: masters.map((_, k) => ({ address: `10.200.${k * 64}.2/18`, interface: k })), routes: ipam.routes };
  });
  return h;
}

describe('multi-NIC attachments', () => {
  it('fans one network out over the host pool: one IPAM call with the masters, one delegate per NIC via fakeipam', async () => {
    const h = await multiNicPod();
    const out = (await h.ok('ADD', dispatcherConf({ mergedResult: true }))) as { ips: Array<{ address: string; interface: number }>; interfaces: Array<{ name: string }> };
    // Reservations come first (after the checkpoint), then the delegates in plan order.
    expect(h.delegator.commands()).toEqual(['multi-nic-ipam ADD', 'bridge ADD', 'ipvlan ADD', 'ipvlan ADD', 'ipvlan ADD']);
    const ipamCall = h.delegator.calls[0]!;
    expect(JSON.parse(ipamCall.stdin)).toEqual({ cniVersion: '1.0.0', name: 'multi', type: 'multi-nic', ipam: h.requests[1]!.multiNic!.ipam, masters: ['fab1', 'fab2', 'fab3'] });
    expect(ipamCall.env.CNI_IFNAME).toBe('net1');
    expect(h.delegator.calls.slice(2).map((c) => c.env.CNI_IFNAME)).toEqual(['net1-0', 'net1-1', 'net1-2']);
    const nic1 = JSON.parse(h.delegator.calls[3]!.stdin);
    expect(nic1).toMatchObject({ type: 'ipvlan', mode: 'l3', master: 'fab2', name: 'multi', ipam: { type: 'fakeipam', ips: [{ ipcidr: '10.200.64.2/18', version: 4 }], routes: [{ dst: '10.201.0.0/16', gw: '10.200.64.1' }] } });
    expect(JSON.parse(h.delegator.calls[2]!.stdin).ipam.routes).toBeUndefined();
    expect(out.ips.map((ip) => [ip.address, out.interfaces[ip.interface]!.name])).toEqual([
      ['10.244.0.5/24', 'eth0'],
      ['10.200.0.2/18', 'net1-0'],
      ['10.200.64.2/18', 'net1-1'],
      ['10.200.128.2/18', 'net1-2'],
    ]);
  });

  it('takes a count or named masters from the pool, and refuses more NICs than the pool has (code 103)', async () => {
    const byCount = await multiNicPod({ nics: 2 });
    await byCount.ok('ADD');
    expect(JSON.parse(byCount.delegator.calls[0]!.stdin).masters).toEqual(['fab1', 'fab2']);
    const byName = await multiNicPod({ masters: ['fab3', 'fab1'] });
    await byName.ok('ADD');
    expect(JSON.parse(byName.delegator.calls[0]!.stdin).masters).toEqual(['fab3', 'fab1']);
    const tooMany = await multiNicPod({ nics: 4 });
    const err = await tooMany.fail('ADD');
    expect(err).toMatchObject({ code: 103, msg: 'invalid nics' });
    expect(err.details).toBe('pod "default/web", network "default/multi": asks for 4 NICs but this host\'s pool has 3 (fab1, fab2, fab3)');
    const outside = await multiNicPod({ masters: ['eth0'] });
    expect((await outside.fail('ADD')).details).toMatch(/NIC "eth0" is not in this host's multi-NIC pool \(fab1, fab2, fab3\)/);
    expect(tooMany.delegator.calls).toEqual([]);
  });

  it('DEL removes the NIC interfaces in reverse, then releases the group with the same IPAM config and name', async () => {
    const h = await multiNicPod({ nics: 2 });
    await h.ok('ADD');
    const ipamStdin = h.delegator.calls[0]!.stdin;
    h.delegator.calls.length = 0;
    await h.ok('DEL');
    expect(h.delegator.commands()).toEqual(['ipvlan DEL', 'ipvlan DEL', 'bridge DEL', 'multi-nic-ipam DEL']);
    expect(h.delegator.calls.map((c) => c.env.CNI_IFNAME)).toEqual(['net1-1', 'net1-0', 'eth0', 'net1']);
    expect(h.delegator.calls[3]!.stdin).toBe(ipamStdin);
    expect(await h.podLinks()).toEqual([]);
  });

  it('an IPAM failure rolls back with the IPAM DEL and names pod, network and field', async () => {
    const h = await multiNicPod();
    h.delegator.onAdd('multi-nic-ipam', new CniError(11, 'host index claim failed', 'API busy'));
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 11, msg: 'failed to reserve multi-NIC addresses (ipam)' });
    expect(err.details).toBe('pod "default/web", network "default/multi": host index claim failed: API busy');
    expect(h.delegator.commands()).toEqual(['multi-nic-ipam ADD', 'multi-nic-ipam DEL']);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('a NIC delegate failure deletes the NICs already added, the primary, and the IPAM allocation', async () => {
    const h = await multiNicPod({ nics: 2 });
    let n = 0;
    h.delegator.onAdd('ipvlan', async (req) => {
      if (n++ === 1) throw new CniError(999, 'failed to create ipvlan: operation not supported');
      await h.netlink.pod(NETNS).addVeth(req.env.CNI_IFNAME!, 'h-nic');
      return ifaceResult(req.env.CNI_IFNAME!, '10.200.0.2/18');
    });
    await h.fail('ADD');
    expect(h.delegator.commands()).toEqual(['multi-nic-ipam ADD', 'bridge ADD', 'ipvlan ADD', 'ipvlan ADD', 'ipvlan DEL', 'ipvlan DEL', 'bridge DEL', 'multi-nic-ipam DEL']);
    expect(await h.podLinks()).toEqual([]);
  });

  it('GC of an orphan releases its group; the IPAM gets GC with the groups still valid (1.1.0)', async () => {
    const h = await multiNicPod({ nics: 1 }, '1.1.0');
    await h.ok('ADD');
    await h.ok('ADD', undefined, { containerId: 'gone', netns: NETNS2 });
    h.delegator.calls.length = 0;
    await h.ok('GC', dispatcherConf({ 'cni.dev/valid-attachments': [{ containerID: 'ctr1', ifname: 'eth0' }] }));
    // The cluster network's conflist is 1.0.0: no GC for it (libcni gating).
    expect(h.delegator.commands()).toEqual(['ipvlan DEL', 'bridge DEL', 'multi-nic-ipam DEL', 'ipvlan GC', 'multi-nic-ipam GC']);
    expect(h.delegator.calls[2]!.env).toMatchObject({ CNI_CONTAINERID: 'gone', CNI_IFNAME: 'net1' });
    expect(JSON.parse(h.delegator.calls[3]!.stdin)['cni.dev/valid-attachments']).toEqual([{ containerID: 'ctr1', ifname: 'net1-0' }]);
    expect(JSON.parse(h.delegator.calls[4]!.stdin)['cni.dev/valid-attachments']).toEqual([{ containerID: 'ctr1', ifname: 'net1' }]);
  });
});
