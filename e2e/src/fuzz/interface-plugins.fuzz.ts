import { ipOk, isRoot, kernelCanCreate, type TestNetns } from '../support';
import { fuzzPlugin } from './fuzz-plugin';

// Property-based runs of the plugins that change a netns: route-injector (chained after an interface made here) and
// ipvlan (run in a throwaway host netns whose NIC is the master; without the ipvlan module, as on this kernel, every
// ADD must fail cleanly and leave nothing).

const describeRoot = isRoot() ? describe : describe.skip;

/** podWithEth0: the interface a previous plugin (bridge) would have made: eth0, 10.77.0.10/24 + fd00:77::10/64, up. */
function podWithEth0(pod: TestNetns): void {
  ipOk(pod, ['link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'peer0']);
  ipOk(pod, ['addr', 'add', '10.77.0.10/24', 'dev', 'eth0']);
  ipOk(pod, ['addr', 'add', 'fd00:77::10/64', 'dev', 'eth0', 'nodad']);
  ipOk(pod, ['link', 'set', 'eth0', 'up']);
  ipOk(pod, ['link', 'set', 'peer0', 'up']);
}

describeRoot('fuzz: interface plugins keep the CNI contract and leave the netns as they found it', () => {
  it('route-injector', async () => {
    await fuzzPlugin({
      plugin: 'route-injector',
      runs: 30,
      ifName: 'eth0',
      preparePod: podWithEth0,
      config: ({ podPath }) => ({
        cniVersion: '1.1.0',
        name: 'fz',
        type: 'route-injector',
        routes: [{ dst: '10.10.0.0/16', gw: '10.77.0.1', metric: 100 }, { dst: 'fd00:10::/48', gw: 'fd00:77::1' }],
        policyRoutes: [{ table: 10, routes: [{ dst: '10.2.0.0/16', gw: '10.77.0.1' }] }],
        prevResult: {
          cniVersion: '1.1.0',
          interfaces: [{ name: 'eth0', sandbox: podPath }],
          ips: [{ address: '10.77.0.10/24', gateway: '10.77.0.1', interface: 0 }, { address: 'fd00:77::10/64', gateway: 'fd00:77::1', interface: 0 }],
        },
      }),
    });
  });

  it('ipvlan', async () => {
    await fuzzPlugin({
      plugin: 'ipvlan',
      runs: 20,
      plexusBin: ['ipvlan', 'static-ipam'],
      baseAddSucceeds: kernelCanCreate('ipvlan'),
      prepareHost: (host) => {
        ipOk(host, ['link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1p']);
        ipOk(host, ['addr', 'add', '10.10.0.2/24', 'dev', 'eth1']);
        ipOk(host, ['link', 'set', 'eth1', 'up']);
      },
      config: () => ({
        cniVersion: '1.1.0',
        name: 'fz',
        type: 'ipvlan',
        master: 'eth1',
        mode: 'l2',
        ipam: { type: 'static-ipam', addresses: [{ address: '10.10.0.5/24', gateway: '10.10.0.1' }, { address: 'fd00:10::5/64' }], routes: [{ dst: '10.20.0.0/16' }] },
      }),
    });
  });
});
