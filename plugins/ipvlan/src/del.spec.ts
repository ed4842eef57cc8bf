import { ALL_SPEC_VERSIONS, CniError } from '@plexus/cni-spec';
import { POD, ipvlanConf, makeWorld, parsed } from './testing/world';

async function addedWorld(v = '1.0.0') {
  const w = await makeWorld();
  const out = await w.run({ command: 'ADD', conf: ipvlanConf(v), ifName: 'net1' });
  if (out.exitCode !== 0) throw new Error(out.stdout);
  w.netlink.calls.length = 0;
  w.delegator.calls.length = 0;
  return w;
}

const podLinkNames = (w: Awaited<ReturnType<typeof makeWorld>>) => w.netlink.snapshot(POD).links.map((l) => l.name);

describe('DEL', () => {
  it.each(ALL_SPEC_VERSIONS)('releases IPAM first, then deletes the link (%s)', async (v) => {
    const w = await addedWorld(v);
    const order: string[] = [];
    w.delegator.on('static', 'DEL', () => void order.push(`ipam DEL, link present: ${podLinkNames(w).includes('net1')}`));
    const out = await w.run({ command: 'DEL', conf: ipvlanConf(v), ifName: 'net1' });
    expect(out).toMatchObject({ exitCode: 0, stdout: '' });
    expect(order).toEqual(['ipam DEL, link present: true']);
    expect(podLinkNames(w)).toEqual(['lo']);
  });

  it('is idempotent: a second DEL succeeds and still releases IPAM', async () => {
    const w = await addedWorld();
    expect((await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0'), ifName: 'net1' })).exitCode).toBe(0);
    expect((await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0'), ifName: 'net1' })).exitCode).toBe(0);
    expect(w.delegator.commands()).toEqual(['static DEL', 'static DEL']);
  });

  it.each([
    ['deleted', (w: Awaited<ReturnType<typeof makeWorld>>) => w.netlink.removeNetns(POD)],
    ['no netns any more (a leftover file)', (w: Awaited<ReturnType<typeof makeWorld>>) => w.netlink.markNotANetns(POD)],
  ])('succeeds and releases IPAM when the netns is %s', async (_label, spoil) => {
    const w = await addedWorld();
    spoil(w);
    const out = await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    expect(w.delegator.commands()).toEqual(['static DEL']);
  });

  it('succeeds without CNI_NETNS, touching no netns', async () => {
    const w = await addedWorld();
    const out = await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0'), ifName: 'net1', netns: '' });
    expect(out.exitCode).toBe(0);
    expect(w.delegator.commands()).toEqual(['static DEL']);
    expect(w.netlink.calls).toEqual([]);
  });

  it('needs no master: no lookup, no default route', async () => {
    const w = await addedWorld();
    await w.netlink.host().deleteRoute({ dst: '0.0.0.0/0' });
    w.netlink.calls.length = 0;
    const out = await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0', { master: undefined }), ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    expect(w.netlink.ops()).toEqual(['deleteLink']);
  });

  it('deletes the link even when IPAM DEL fails, then reports the IPAM error', async () => {
    const w = await addedWorld();
    w.delegator.on('static', 'DEL', new CniError(11, 'store locked'));
    const out = await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 11, msg: 'store locked' });
    expect(podLinkNames(w)).toEqual(['lo']);
  });

  it('releases IPAM even for a config ADD would refuse (a DEL after a failed ADD)', async () => {
    const w = await makeWorld();
    const out = await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0', { mode: 'bogus', mtu: -5 }), ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    expect(w.delegator.commands()).toEqual(['static DEL']);
  });

  it('calls no IPAM when chained without one', async () => {
    const w = await addedWorld();
    const out = await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0', { ipam: undefined }), ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    expect(w.delegator.calls).toEqual([]);
    expect(podLinkNames(w)).toEqual(['lo']);
  });

  it('reports a kernel refusal other than "already gone" (101)', async () => {
    const w = await addedWorld();
    w.netlink.failOn('deleteLink');
    const out = await w.run({ command: 'DEL', conf: ipvlanConf('1.0.0'), ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 101, msg: 'failed to delete interface "net1"' });
  });
});
