import { CniError } from '@plexus/cni-spec';
import { VERSIONS_WITH_CHECK } from '@plexus/cni-spec/testing';
import { MASTER, POD, ipvlanConf, makeWorld, parsed } from './testing/world';

async function added(v: string, extra: Record<string, unknown> = {}) {
  const w = await makeWorld();
  const conf = ipvlanConf(v, extra);
  const out = await w.run({ command: 'ADD', conf, ifName: 'net1' });
  if (out.exitCode !== 0) throw new Error(out.stdout);
  const checkConf = { ...conf, prevResult: parsed(out) };
  w.delegator.calls.length = 0;
  return { w, checkConf };
}

describe('CHECK', () => {
  it.each(VERSIONS_WITH_CHECK)('passes right after ADD (%s), IPAM CHECK first', async (v) => {
    const { w, checkConf } = await added(v);
    const out = await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net1' });
    expect(out).toMatchObject({ exitCode: 0, stdout: '' });
    expect(w.delegator.commands()).toEqual(['static CHECK']);
  });

  it('passes with master omitted (it is looked up again via the default route)', async () => {
    const { w, checkConf } = await added('1.1.0', { master: undefined });
    expect((await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net1' })).exitCode).toBe(0);
  });

  it('detects a removed address', async () => {
    const { w, checkConf } = await added('1.1.0');
    await w.netlink.pod(POD).deleteAddr('net1', 'fd00:1::50/64');
    const out = await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 102, msg: 'addresses does not match', details: 'address fd00:1::50/64 from prevResult is missing on interface "net1"' });
  });

  it('detects a removed route', async () => {
    const { w, checkConf } = await added('1.1.0');
    await w.netlink.pod(POD).deleteRoute({ dst: '10.30.0.0/16' });
    const out = await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 102, msg: 'routes does not match', details: expect.stringMatching(/10\.30\.0\.0\/16 via 192\.168\.1\.2/) });
  });

  it('detects a missing link', async () => {
    const { w, checkConf } = await added('1.1.0');
    await w.netlink.pod(POD).deleteLink('net1');
    const out = await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 102, details: `interface "net1" is missing from netns "${POD}"` });
  });

  it('detects a different mode', async () => {
    const { w, checkConf } = await added('1.1.0', { mode: 'l3' });
    const out = await w.run({ command: 'CHECK', conf: { ...checkConf, mode: 'l2' }, ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 102, msg: 'ipvlan mode does not match' });
  });

  it('detects a link that is not an ipvlan', async () => {
    const { w, checkConf } = await added('1.1.0');
    await w.netlink.pod(POD).deleteLink('net1');
    await w.netlink.pod(POD).addDummy('net1');
    const out = await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 102, msg: 'link type does not match' });
  });

  it('detects a link on another master', async () => {
    const { w, checkConf } = await added('1.1.0');
    await w.netlink.host().addDummy('ens4');
    const out = await w.run({ command: 'CHECK', conf: { ...checkConf, master: 'ens4' }, ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 102, msg: 'master does not match' });
  });

  it('detects a different MAC and MTU', async () => {
    const { w, checkConf } = await added('1.1.0', { mtu: 1400 });
    const prev = checkConf.prevResult as { interfaces: Array<{ mac: string }> };
    const badMac = { ...checkConf, prevResult: { ...prev, interfaces: [{ ...prev.interfaces[0], mac: '02:ff:ff:ff:ff:ff' }] } };
    expect(parsed(await w.run({ command: 'CHECK', conf: badMac, ifName: 'net1' }))).toMatchObject({ code: 102, msg: 'mac does not match' });
    expect(parsed(await w.run({ command: 'CHECK', conf: { ...checkConf, mtu: 1300 }, ifName: 'net1' }))).toMatchObject({ code: 102, msg: 'mtu does not match' });
  });

  it('needs prevResult (7) and an interface for this netns in it (102)', async () => {
    const { w, checkConf } = await added('1.1.0');
    expect(parsed(await w.run({ command: 'CHECK', conf: { ...checkConf, prevResult: undefined }, ifName: 'net1' }))).toMatchObject({ code: 7, msg: 'invalid prevResult' });
    expect(parsed(await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net2' }))).toMatchObject({ code: 102, msg: 'interface does not match' });
  });

  it("fails with IPAM's own error before looking at the link", async () => {
    const { w, checkConf } = await added('1.1.0');
    w.delegator.on('static', 'CHECK', new CniError(100, 'static: address mismatch'));
    w.netlink.calls.length = 0;
    const out = await w.run({ command: 'CHECK', conf: checkConf, ifName: 'net1' });
    expect(parsed(out)).toMatchObject({ code: 100, msg: 'static: address mismatch' });
    expect(w.netlink.ops()).toEqual(['checkNetns']);
  });

  it('checks a chained ipvlan (no ipam, no master) without knowing its master', async () => {
    const w = await makeWorld();
    const prevResult = { cniVersion: '1.0.0', interfaces: [{ name: MASTER }], ips: [{ address: '192.168.1.60/24', interface: 0 }] };
    const conf = ipvlanConf('1.0.0', { master: undefined, ipam: undefined, prevResult });
    const add = await w.run({ command: 'ADD', conf, ifName: 'net1' });
    expect(add.exitCode).toBe(0);
    const out = await w.run({ command: 'CHECK', conf: { ...conf, prevResult: parsed(add) }, ifName: 'net1' });
    expect(out.exitCode).toBe(0);
  });
});
