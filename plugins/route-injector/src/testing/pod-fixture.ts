import { formatResult, type Result } from '@plexus/cni-spec';
import { FakeNetlink } from '@plexus/netlink/testing';
import type { PluginDefinition } from '@plexus/skel';
import { invokePlugin, type InvokeOptions } from '@plexus/skel/testing';
import { createRouteInjectorHandlers } from '../handlers';

/** The pod netns path of the unit tests (a FakeNetlink namespace). */
export const POD = '/var/run/netns/pod';

/**
 * podAfterBridge builds the kernel state an interface plugin (bridge + static IPAM) leaves, and the result it
 * returns: eth0 in the pod with 10.0.0.5/24 and fd00::5/64, default routes via .1 of each family.
 */
export async function podAfterBridge(): Promise<{ netlink: FakeNetlink; prev: Result }> {
  const netlink = new FakeNetlink({ netns: [POD] });
  await netlink.host().addVeth('veth0', 'eth0', netlink.pod(POD));
  await netlink.pod(POD).addAddr('eth0', '10.0.0.5/24');
  await netlink.pod(POD).addAddr('eth0', 'fd00::5/64');
  await netlink.pod(POD).setLinkUp('eth0');
  await netlink.pod(POD).addRoute({ dst: '0.0.0.0/0', gw: '10.0.0.1', dev: 'eth0' });
  await netlink.pod(POD).addRoute({ dst: '::/0', gw: 'fd00::1', dev: 'eth0' });
  netlink.calls.length = 0;
  const prev: Result = {
    cniVersion: '1.1.0',
    interfaces: [{ name: 'cni0', mac: '02:00:00:00:00:01' }, { name: 'veth0', mac: '02:00:00:00:00:02' }, { name: 'eth0', mac: '02:00:00:00:00:03', sandbox: POD }],
    ips: [
      { address: '10.0.0.5/24', gateway: '10.0.0.1', interface: 2 },
      { address: 'fd00::5/64', gateway: 'fd00::1', interface: 2 },
    ],
    routes: [{ dst: '0.0.0.0/0', gw: '10.0.0.1' }, { dst: '::/0', gw: 'fd00::1' }],
    dns: {},
  };
  return { netlink, prev };
}

/** pluginWith runs the real handlers on a fake kernel. */
export function pluginWith(netlink: FakeNetlink): PluginDefinition {
  return { name: 'route-injector', handlers: createRouteInjectorHandlers({ netlink }) };
}

/** netconf renders a config in `version`, with prevResult converted to that version as a runtime would send it. */
export function netconf(version: string, keys: Record<string, unknown>, prev?: Result): Record<string, unknown> {
  const conf: Record<string, unknown> = { cniVersion: version, name: 'net1', type: 'route-injector', ...keys };
  if (prev) conf.prevResult = formatResult(prev, version);
  return conf;
}

/** run invokes the plugin in-process like a runtime exec'ing it for the pod's eth0. */
export function run(netlink: FakeNetlink, o: Omit<InvokeOptions, 'netns'> & { netns?: string }) {
  return invokePlugin(pluginWith(netlink), { netns: POD, ifName: 'eth0', ...o });
}
