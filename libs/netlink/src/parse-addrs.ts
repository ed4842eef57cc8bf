import type { AddrInfo } from './kernel-objects';
import { parseJsonArray } from './parse-links';

interface IpAddrJson {
  ifname: string;
  addr_info?: Array<{ family: string; local: string; prefixlen: number; scope?: string }>;
}

/** parseAddrs flattens `ip -json addr show` output into one AddrInfo per address. */
export function parseAddrs(json: string): AddrInfo[] {
  const out: AddrInfo[] = [];
  for (const link of parseJsonArray<IpAddrJson>(json, 'addr show')) {
    for (const a of link.addr_info ?? []) {
      if (a.family !== 'inet' && a.family !== 'inet6') continue;
      const info: AddrInfo = { address: `${a.local}/${a.prefixlen}`, family: a.family === 'inet' ? 4 : 6, ifName: link.ifname };
      if (a.scope) info.scope = a.scope;
      out.push(info);
    }
  }
  return out;
}
