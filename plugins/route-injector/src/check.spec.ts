import { VERSIONS_WITH_CHECK } from '@plexus/cni-spec/testing';
import { POD, netconf, podAfterBridge, run } from './testing/pod-fixture';

const KEYS = {
  routes: [
    { dst: '10.20.0.0/16', gw: '10.0.0.2' },
    { dst: '10.20.0.0/16', gw: '10.0.0.3' },
    { dst: 'fd00:10::/48', gw: 'fd00::1', metric: 5 },
  ],
  policyRoutes: [{ table: 100, priority: 900, routes: [{ dst: '0.0.0.0/0', gw: '10.0.0.254' }] }],
  defaultRoute: [{ gw: '10.0.0.254' }, { gw: 'fd00::fe' }],
};

async function added(version: string) {
  const { netlink, prev } = await podAfterBridge();
  const add = await run(netlink, { command: 'ADD', conf: netconf(version, KEYS, prev) });
  if (add.exitCode !== 0) throw new Error(add.stdout);
  return { netlink, conf: { ...netconf(version, KEYS), prevResult: JSON.parse(add.stdout) } };
}

describe.each(VERSIONS_WITH_CHECK)('CHECK with cniVersion %s', (version) => {
  it('passes after ADD, also with unrelated routes added later', async () => {
    const { netlink, conf } = await added(version);
    await netlink.pod(POD).addRoute({ dst: '10.99.0.0/16', gw: '10.0.0.9', dev: 'eth0' });
    const out = await run(netlink, { command: 'CHECK', conf });
    expect(out.stdout).toBe('');
    expect(out.exitCode).toBe(0);
  });

  it('fails with 103 when a route is missing', async () => {
    const { netlink, conf } = await added(version);
    await netlink.pod(POD).deleteRoute({ dst: 'fd00:10::/48' });
    expect(JSON.parse((await run(netlink, { command: 'CHECK', conf })).stdout)).toMatchObject({
      code: 103,
      msg: 'route missing',
      details: `fd00:10::/48 via fd00::1 dev eth0 metric 5 is not in ${POD}`,
    });
  });

  it('fails with 103 when an ECMP group lost a next hop or a replaced default came back', async () => {
    const { netlink, conf } = await added(version);
    await netlink.pod(POD).replaceRoute({ dst: '10.20.0.0/16', gw: '10.0.0.2', dev: 'eth0' });
    expect(JSON.parse((await run(netlink, { command: 'CHECK', conf })).stdout)).toMatchObject({ code: 103, details: expect.stringContaining('10.20.0.0/16 via 10.0.0.2 and 10.0.0.3') });

    const second = await added(version);
    await second.netlink.pod(POD).replaceRoute({ dst: '::/0', gw: 'fd00::1', dev: 'eth0' });
    expect(JSON.parse((await run(second.netlink, { command: 'CHECK', conf: second.conf })).stdout)).toMatchObject({ code: 103, details: expect.stringContaining('::/0 via fd00::fe') });
  });

  it('fails with 104 when a rule is missing, 102 without the interface, 4 without the netns', async () => {
    const { netlink, conf } = await added(version);
    await netlink.pod(POD).deleteRule({ family: 4, from: '10.0.0.5/24', table: 100, priority: 900 });
    expect(JSON.parse((await run(netlink, { command: 'CHECK', conf })).stdout)).toMatchObject({ code: 104, details: `from 10.0.0.5/24 lookup 100 priority 900 is not in ${POD}` });
    await netlink.pod(POD).deleteLink('eth0');
    expect(JSON.parse((await run(netlink, { command: 'CHECK', conf })).stdout)).toMatchObject({ code: 102 });
    netlink.removeNetns(POD);
    expect(JSON.parse((await run(netlink, { command: 'CHECK', conf })).stdout)).toMatchObject({ code: 4, msg: 'invalid CNI_NETNS' });
  });

  it('refuses a bad config with 7 like ADD', async () => {
    const { netlink, conf } = await added(version);
    const out = await run(netlink, { command: 'CHECK', conf: { ...conf, policyRoutes: [{ table: 255, routes: [{ dst: '0.0.0.0/0', gw: '10.0.0.254' }] }] } });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 7, msg: 'invalid policyRoutes[0].table' });
  });
});

it('CHECK is refused below cniVersion 0.4.0 (by the skel, code 1)', async () => {
  const { netlink, prev } = await podAfterBridge();
  const out = await run(netlink, { command: 'CHECK', conf: netconf('0.3.1', KEYS, prev) });
  expect(JSON.parse(out.stdout)).toMatchObject({ code: 1 });
  expect(netlink.calls).toEqual([]);
});
