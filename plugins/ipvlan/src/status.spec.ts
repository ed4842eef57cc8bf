import { CniError } from '@plexus/cni-spec';
import { VERSIONS_WITH_GC } from '@plexus/cni-spec/testing';
import { ipvlanConf, makeWorld, parsed } from './testing/world';

describe('STATUS', () => {
  it.each(VERSIONS_WITH_GC)('is ready when the master exists, and asks IPAM (%s)', async (v) => {
    const w = await makeWorld();
    const out = await w.run({ command: 'STATUS', conf: ipvlanConf(v) });
    expect(out.exitCode).toBe(0);
    expect(w.delegator.commands()).toEqual(['static STATUS']);
  });

  it('resolves an omitted master through the default route', async () => {
    const w = await makeWorld();
    expect((await w.run({ command: 'STATUS', conf: ipvlanConf('1.1.0', { master: undefined }) })).exitCode).toBe(0);
    const bare = await makeWorld({ defaultRoute: false });
    const out = await bare.run({ command: 'STATUS', conf: ipvlanConf('1.1.0', { master: undefined }) });
    expect(parsed(out)).toMatchObject({ code: 50, msg: 'master interface not available', details: expect.stringMatching(/no default route/) });
  });

  it('is code 50 when the master is missing, without asking IPAM', async () => {
    const w = await makeWorld();
    const out = await w.run({ command: 'STATUS', conf: ipvlanConf('1.1.0', { master: 'ens404' }) });
    expect(parsed(out)).toMatchObject({ code: 50, details: expect.stringMatching(/"ens404".*not found/) });
    expect(w.delegator.calls).toEqual([]);
  });

  it('does not look for a master that lives in pods (linkInContainer)', async () => {
    const w = await makeWorld();
    const out = await w.run({ command: 'STATUS', conf: ipvlanConf('1.1.0', { master: 'eth7', linkInContainer: true }) });
    expect(out.exitCode).toBe(0);
    expect(w.netlink.calls).toEqual([]);
  });

  it("passes IPAM's STATUS error through", async () => {
    const w = await makeWorld();
    w.delegator.on('static', 'STATUS', new CniError(50, 'pool exhausted'));
    expect(parsed(await w.run({ command: 'STATUS', conf: ipvlanConf('1.1.0') }))).toMatchObject({ code: 50, msg: 'pool exhausted' });
  });
});

describe('GC', () => {
  it('forwards GC with the valid attachments to IPAM', async () => {
    const w = await makeWorld();
    const conf = { ...ipvlanConf('1.1.0'), 'cni.dev/valid-attachments': [{ containerID: 'c1', ifname: 'net1' }] };
    const out = await w.run({ command: 'GC', conf });
    expect(out.exitCode).toBe(0);
    expect(w.delegator.calls).toEqual([expect.objectContaining({ type: 'static', command: 'GC', stdin: JSON.stringify(conf) })]);
  });

  it('has nothing to do when chained without IPAM', async () => {
    const w = await makeWorld();
    expect((await w.run({ command: 'GC', conf: ipvlanConf('1.1.0', { ipam: undefined }) })).exitCode).toBe(0);
    expect(w.delegator.calls).toEqual([]);
  });
});
