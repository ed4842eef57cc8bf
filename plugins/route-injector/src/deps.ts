import { SpawnRunner } from '@plexus/exec';
import { IpRoute2Netlink, type Netlink } from '@plexus/netlink';

/** What the handlers need from outside: the kernel. */
export interface RouteInjectorDeps {
  netlink: Netlink;
}

/** productionDeps wires the real kernel (iproute2 over SpawnRunner); nothing runs until a handler uses it. */
export function productionDeps(): RouteInjectorDeps {
  return { netlink: new IpRoute2Netlink(new SpawnRunner()) };
}
