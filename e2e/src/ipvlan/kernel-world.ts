import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNetns,
  deleteNetns,
  execCni,
  ip,
  ipJson,
  ipOk,
  makeCniBinDir,
  type CniBinDir,
  type CniInvocation,
  type CniOutput,
  type TestNetns,
} from '../support';

/** The master NIC every world's host netns holds (its own netns, so the name never collides). */
export const MASTER = 'plxm0';
/** The master's subnets; pods take addresses from them. */
export const HOST_V4 = { net: '10.77.0.0/24', master: '10.77.0.1/24', gateway: '10.77.0.254' };
export const HOST_V6 = { net: 'fd00:77::/64', master: 'fd00:77::1/64', gateway: 'fd00:77::fe' };

/** Everything a world is asked to contain. */
export interface WorldOptions {
  /** Built Plexus plugins to install in the CNI bin dir (default ipvlan and static-ipam). */
  plexus?: string[];
  /** Reference plugins from /usr/lib/cni to install too (e.g. host-local, static, ipvlan). */
  reference?: string[];
  /** Master kind: a dummy (default) or one end of a veth pair whose peer stays in the host netns. */
  masterKind?: 'dummy' | 'veth';
  masterMtu?: number;
  /** Give the host netns a default route via the master (default true). */
  defaultRoute?: boolean;
  /**
   * Put a neighbour on the master's wire: the master becomes a veth whose peer sits in a netns of its own
   * (`neighbour`, a router), addressed .200 on both families and accepting gratuitous ARP / unsolicited NA into
   * its cache.
   */
  neighbour?: boolean;
}

/** The neighbour's addresses on the master's wire. */
export const NEIGHBOUR = { v4: '10.77.0.200', v6: 'fd00:77::200' };

/** A `ip -j -d link show` entry, as far as the tests read it. */
export interface IpLink {
  ifname: string;
  ifindex: number;
  mtu: number;
  address?: string;
  flags: string[];
  link_index?: number;
  link?: string;
  linkinfo?: { info_kind?: string; info_data?: { mode?: string } };
}

/**
 * A throwaway world standing in for a node: a "host" netns with the master (a dummy or veth link, addressed on both
 * families, with a default route), pod netns made on demand, a temp CNI bin dir with the built plugins, and a temp
 * host-local data dir. Plugins run inside the host netns (`nsenter`), so nothing depends on the machine's own
 * links; `cleanup` deletes every netns (and with them every link) and temp dir.
 */
export class KernelWorld {
  readonly host: TestNetns;
  readonly bin: CniBinDir;
  /** host-local's `dataDir`, to see its allocations. */
  readonly dataDir: string;
  /** The netns at the other end of the master's wire, when asked for. */
  readonly neighbour?: TestNetns;
  private readonly pods: TestNetns[] = [];

  constructor(o: WorldOptions = {}) {
    this.bin = makeCniBinDir({ plexus: o.plexus ?? ['ipvlan', 'static-ipam'], reference: o.reference ?? [] });
    this.dataDir = mkdtempSync(join(tmpdir(), 'plxiv-hostlocal-'));
    this.host = createNetns('plxiv-h');
    if (o.neighbour) {
      this.neighbour = createNetns('plxiv-n');
      ipOk(this.host, ['link', 'add', MASTER, 'type', 'veth', 'peer', 'name', 'plxm0peer', 'netns', this.neighbour.path]);
      for (const args of [
        ['addr', 'add', `${NEIGHBOUR.v4}/24`, 'dev', 'plxm0peer'],
        ['addr', 'add', `${NEIGHBOUR.v6}/64`, 'dev', 'plxm0peer', 'nodad'],
        ['link', 'set', 'plxm0peer', 'up'],
      ]) {
        ipOk(this.neighbour, args);
      }
      // Learn neighbours from unsolicited announcements (by default the kernel only updates existing entries). The
      // neighbour is a router, as a gateway is: RFC 9131 lets only routers create entries from unsolicited NAs.
      const sysctls = ['net.ipv4.conf.plxm0peer.arp_accept=1', 'net.ipv6.conf.all.forwarding=1', 'net.ipv6.conf.plxm0peer.accept_untracked_na=1'];
      ipOk(undefined, ['netns', 'exec', this.neighbour.name, 'sysctl', '-qw', ...sysctls]);
    } else if ((o.masterKind ?? 'dummy') === 'veth') {
      ipOk(this.host, ['link', 'add', MASTER, 'type', 'veth', 'peer', 'name', 'plxm0peer']);
      ipOk(this.host, ['link', 'set', 'plxm0peer', 'up']);
    } else {
      ipOk(this.host, ['link', 'add', MASTER, 'type', 'dummy']);
    }
    if (o.masterMtu) ipOk(this.host, ['link', 'set', MASTER, 'mtu', String(o.masterMtu)]);
    ipOk(this.host, ['addr', 'add', HOST_V4.master, 'dev', MASTER]);
    ipOk(this.host, ['addr', 'add', HOST_V6.master, 'dev', MASTER, 'nodad']);
    ipOk(this.host, ['link', 'set', MASTER, 'up']);
    if (o.defaultRoute ?? true) ipOk(this.host, ['route', 'add', 'default', 'via', HOST_V4.gateway, 'dev', MASTER]);
  }

  /** newPod makes an empty pod netns (lo up). */
  newPod(): TestNetns {
    const pod = createNetns('plxiv-p');
    this.pods.push(pod);
    return pod;
  }

  /** run execs a plugin from the bin dir inside the host netns, as a runtime on that node would. */
  run(plugin: string, inv: Omit<CniInvocation, 'path' | 'hostNetns'>): CniOutput {
    return execCni(join(this.bin.dir, plugin), { ...inv, path: this.bin.dir, hostNetns: this.host.path });
  }

  /** links lists a netns's links (`ip -j -d link show`). */
  links(ns: TestNetns): IpLink[] {
    return ipJson<IpLink[]>(ns, ['-d', 'link', 'show']);
  }

  /** link reads one link, or undefined. */
  link(ns: TestNetns, name: string): IpLink | undefined {
    return this.links(ns).find((l) => l.ifname === name);
  }

  /** masterLink reads the master in the host netns. */
  masterLink(): IpLink {
    return this.link(this.host, MASTER)!;
  }

  /** linkNames lists the names of a netns's links. */
  linkNames(ns: TestNetns): string[] {
    return this.links(ns).map((l) => l.ifname);
  }

  /** globalAddrs lists a link's global addresses as "addr/prefix", in kernel order. */
  globalAddrs(ns: TestNetns, ifName: string): string[] {
    const entries = ipJson<Array<{ addr_info: Array<{ local: string; prefixlen: number; scope: string }> }>>(ns, ['addr', 'show', 'dev', ifName]);
    return entries.flatMap((e) => e.addr_info.filter((a) => a.scope === 'global').map((a) => `${a.local}/${a.prefixlen}`));
  }

  /** routes lists the main-table routes of both families that a plugin installed (not the kernel's own). */
  routes(ns: TestNetns): Array<Record<string, unknown>> {
    const all = [...ipJson(ns, ['-4', 'route', 'show', 'table', 'all']), ...ipJson(ns, ['-6', 'route', 'show', 'table', 'all'])];
    return all.filter((r) => r.protocol !== 'kernel' && r.type !== 'local' && r.type !== 'multicast' && r.type !== 'broadcast');
  }

  /** allocations lists host-local's reserved addresses (one file per IP under dataDir/<network>). */
  allocations(network: string): string[] {
    try {
      return readdirSync(join(this.dataDir, network)).filter((f) => /^[0-9a-f.:]+$/i.test(f));
    } catch {
      return [];
    }
  }

  /** neighbourEntry reads the neighbour's cache entry for an address (`ip neigh`), or undefined. */
  neighbourEntry(address: string): { lladdr?: string; state?: string[] } | undefined {
    return ipJson<Array<{ dst: string; lladdr?: string; state?: string[] }>>(this.neighbour, ['neigh', 'show', 'to', address])[0];
  }

  /** ping sends one ICMP echo from a pod and tells whether it was answered. */
  ping(from: TestNetns, to: string): boolean {
    return ip(undefined, ['netns', 'exec', from.name, 'ping', '-c', '1', '-W', '3', to]).status === 0;
  }

  /** cleanup deletes the pods, the host netns (with the master and everything on it) and the temp dirs. */
  cleanup(): void {
    for (const p of this.pods) deleteNetns(p);
    deleteNetns(this.host);
    deleteNetns(this.neighbour);
    this.bin.remove();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** kernelHasIpvlan probes, in a netns of its own, whether an ipvlan can be put on a dummy link here. */
export function kernelHasIpvlan(): boolean {
  const probe = createNetns('plxiv-probe');
  try {
    return ip(probe, ['link', 'add', 'probe0', 'type', 'dummy']).status === 0 && ip(probe, ['link', 'add', 'link', 'probe0', 'name', 'probe1', 'type', 'ipvlan']).status === 0;
  } finally {
    deleteNetns(probe);
  }
}
