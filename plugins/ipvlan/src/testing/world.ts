import type { NetConf, Result } from '@plexus/cni-spec';
import { FakeDelegator } from '@plexus/invoke/testing';
import { FakeNetlink } from '@plexus/netlink/testing';
import { invokePlugin, type InvokeOptions } from '@plexus/skel/testing';
import type { InvocationOutput, PluginDefinition } from '@plexus/skel';
import { createIpvlanHandlers } from '../handlers';

/** The pod netns path of the fake world. */
export const POD = '/var/run/netns/pod1';
/** The host NIC of the fake world, carrying the default route. */
export const MASTER = 'ens3';
/** What the fake IPAM ("static") answers. */
export const IPAM_RESULT: Result = {
  cniVersion: '1.1.0',
  ips: [
    { address: '192.168.1.50/24', gateway: '192.168.1.1' },
    { address: 'fd00:1::50/64', gateway: 'fd00:1::1' },
  ],
  routes: [{ dst: '10.20.0.0/16' }, { dst: 'fd00:20::/48' }, { dst: '10.30.0.0/16', gw: '192.168.1.2' }],
  dns: { nameservers: ['192.168.1.53'] },
};

/** A fake host (master with an address and the default route), an empty pod netns and a scripted IPAM. */
export interface World {
  netlink: FakeNetlink;
  delegator: FakeDelegator;
  plugin: PluginDefinition;
  /** run invokes the plugin the way a runtime would, with the world's netns and CNI_PATH. */
  run(o: Omit<InvokeOptions, 'netns'> & { netns?: string }): Promise<InvocationOutput>;
}

/** makeWorld builds a World; `linkKinds` can drop ipvlan to play a kernel without the module. */
export async function makeWorld(opts: { linkKinds?: string[]; defaultRoute?: boolean } = {}): Promise<World> {
  const netlink = new FakeNetlink({ netns: [POD], linkKinds: opts.linkKinds ?? ['veth', 'bridge', 'dummy', 'ipvlan'] });
  await netlink.host().addDummy(MASTER);
  await netlink.host().setLinkUp(MASTER);
  await netlink.host().addAddr(MASTER, '192.168.1.10/24');
  if (opts.defaultRoute ?? true) await netlink.host().addRoute({ dst: '0.0.0.0/0', gw: '192.168.1.1' });
  netlink.calls.length = 0;
  const delegator = new FakeDelegator().onAdd('static', IPAM_RESULT);
  const plugin: PluginDefinition = { name: 'ipvlan', handlers: createIpvlanHandlers({ netlink, delegator, randomSuffix: () => '0000beef' }) };
  return {
    netlink,
    delegator,
    plugin,
    run: (o) => invokePlugin(plugin, { netns: POD, path: '/opt/cni/bin', ...o }),
  };
}

/** ipvlanConf builds a config in `cniVersion` with the static IPAM and `extra` keys. */
export function ipvlanConf(cniVersion: string, extra: Partial<NetConf> = {}): NetConf {
  return { cniVersion, name: 'net1', type: 'ipvlan', master: MASTER, ipam: { type: 'static' }, ...extra };
}

/** parsed reads an invocation's stdout as JSON. */
export function parsed(out: InvocationOutput): Record<string, unknown> {
  return JSON.parse(out.stdout) as Record<string, unknown>;
}
