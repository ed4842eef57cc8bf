import type { NetnsScope } from '@plexus/netlink';
import type { HostAddress } from './select-masters';

/** listHostAddresses reads every address of the host's NICs (one `ip -json addr` run). */
export async function listHostAddresses(host: Pick<NetnsScope, 'listAddrs'>): Promise<HostAddress[]> {
  return (await host.listAddrs()).map((a) => {
    const addr: HostAddress = { ifName: a.ifName, address: a.address };
    if (a.scope !== undefined) addr.scope = a.scope;
    return addr;
  });
}

/** memoize runs a loader once per invocation, however many steps ask for its answer. */
export function memoize<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}
