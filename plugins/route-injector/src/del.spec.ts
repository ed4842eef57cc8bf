import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { NetlinkError, type RouteSpec } from '@plexus/netlink';
import { POD, netconf, podAfterBridge, run } from './testing/pod-fixture';

const KEYS = {
  routes: [
    { dst: '10.10.0.0/16', gw: '10.0.0.1', metric: 100 },
    { dst: '10.20.0.0/16', gw: '10.0.0.2' },
    { dst: '10.20.0.0/16', gw: '10.0.0.3' },
    { dst: 'fd00:10::/48', gw: 'fd00::1' },
  ],
  policyRoutes: [{ table: 100, routes: [{ dst: '0.0.0.0/0', gw: '10.0.0.254' }, { dst: '::/0', gw: 'fd00::fe' }] }],
  defaultRoute: { gw: '10.0.0.254' },
};

/** addThenResult runs ADD and returns the final result, as the runtime gives it to DEL as prevResult. */
async function addThenResult(version: string) {
  const { netlink, prev } = await podAfterBridge();
  const before = netlink.snapshot(POD);
  const add = await run(netlink, { command: 'ADD', conf: netconf(version, KEYS, prev) });
  if (add.exitCode !== 0) throw new Error(add.stdout);
  const delConf = { ...netconf(version, KEYS), prevResult: JSON.parse(add.stdout) };
  return { netlink, before, delConf };
}

/** sorted orders routes for a comparison that ignores kernel listing order. */
const sorted = (routes: RouteSpec[]) => [...routes].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe.each(ALL_SPEC_VERSIONS)('DEL with cniVersion %s', (version) => {
  it('removes exactly what ADD added (the replaced default stays removed) and is repeatable', async () => {
    const { netlink, before, delConf } = await addThenResult(version);
    netlink.calls.length = 0;
    const del = await run(netlink, { command: 'DEL', conf: delConf });
    expect(del.exitCode).toBe(0);
    expect(netlink.processCount()).toBe(2);
    expect(del.stdout).toBe('');
    const after = netlink.snapshot(POD);
    const expectedRoutes = before.routes.filter((r) => !(r.dst === '0.0.0.0/0' && r.table === 254));
    expect(sorted(after.routes)).toEqual(sorted(expectedRoutes));
    expect(after.rules).toEqual(before.rules);

    const again = await run(netlink, { command: 'DEL', conf: delConf });
    expect(again.exitCode).toBe(0);
    expect(netlink.snapshot(POD)).toEqual(after);
  });

  it('removes its rules by table when a prevResult address is not a CIDR (fuzz seed 781671080: was a 999)', async () => {
    const { netlink, before, delConf } = await addThenResult(version);
    const prev = delConf.prevResult as { ips?: Array<{ address: string }> };
    if (!prev.ips?.length) return expect(prev.ips ?? []).toEqual([]);
    prev.ips[0]!.address = '\u0000';
    const del = await run(netlink, { command: 'DEL', conf: delConf });
    expect(del).toMatchObject({ exitCode: 0, stdout: '' });
    expect(netlink.snapshot(POD).rules).toEqual(before.rules);
  });

  it('succeeds when the netns is gone, or not given', async () => {
    const { netlink, delConf } = await addThenResult(version);
    netlink.removeNetns(POD);
    expect((await run(netlink, { command: 'DEL', conf: delConf })).exitCode).toBe(0);
    expect((await run(netlink, { command: 'DEL', conf: delConf, extraEnv: { CNI_NETNS: '' } })).exitCode).toBe(0);
  });

  it('succeeds when the interface is gone (its routes went with it)', async () => {
    const { netlink, delConf } = await addThenResult(version);
    await netlink.pod(POD).deleteLink('eth0');
    const del = await run(netlink, { command: 'DEL', conf: delConf });
    expect(del.exitCode).toBe(0);
    expect(netlink.snapshot(POD).rules.filter((r) => r.table === 100)).toEqual([]);
  });

  it('without prevResult removes the routes and finds the rules by table', async () => {
    const { netlink, before, delConf } = await addThenResult(version);
    const { prevResult: _dropped, ...noPrev } = delConf;
    const del = await run(netlink, { command: 'DEL', conf: noPrev });
    expect(del.exitCode).toBe(0);
    expect(netlink.snapshot(POD).rules).toEqual(before.rules);
    expect(await netlink.pod(POD).listRoutes(4, { table: 100 })).toEqual([]);
    expect((await netlink.pod(POD).listRoutes(6)).map((r) => r.dst)).not.toContain('fd00:10::/48');
  });
});

describe('DEL is forgiving but not blind', () => {
  it('succeeds without touching the kernel when the config is one ADD refuses', async () => {
    const { netlink, prev } = await podAfterBridge();
    const out = await run(netlink, { command: 'DEL', conf: netconf('1.1.0', { policyRoutes: [{ table: 254, routes: [] }] }, prev) });
    expect(out.exitCode).toBe(0);
    expect(netlink.calls).toEqual([]);
  });

  it('succeeds when a gateway is off the pod subnet (ADD refused that config, so added nothing)', async () => {
    const { netlink, prev } = await podAfterBridge();
    const keys = { routes: [{ dst: '10.10.0.0/16', gw: '192.168.1.1' }], policyRoutes: [{ table: 5, routes: [{ dst: 'fd00:9::/64' }] }] };
    expect(JSON.parse((await run(netlink, { command: 'ADD', conf: netconf('1.1.0', keys, prev) })).stdout)).toMatchObject({ code: 7 });
    const before = netlink.snapshot(POD);
    const out = await run(netlink, { command: 'DEL', conf: netconf('1.1.0', keys, prev) });
    expect(out.exitCode).toBe(0);
    expect(netlink.snapshot(POD)).toEqual(before);
  });

  it('reports a kernel failure that is not "already gone" (code 100) after trying everything', async () => {
    const { netlink, delConf } = await addThenResult('1.1.0');
    netlink.failOn('deleteRoute', { error: new NetlinkError('ip route del failed: Operation not permitted', 'route del', 'Operation not permitted', 'other') });
    const out = await run(netlink, { command: 'DEL', conf: delConf });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 100, msg: 'failed to remove routes', details: expect.stringContaining('Operation not permitted') });
    expect(netlink.snapshot(POD).rules.filter((r) => r.table === 100)).toEqual([]);
  });
});
