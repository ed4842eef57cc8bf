import type { IpvlanMode, LinkInfo } from './kernel-objects';

/** The part of one `ip -json -details link show` entry Plexus reads. */
interface IpLinkJson {
  ifindex: number;
  ifname: string;
  flags?: string[];
  mtu: number;
  address?: string;
  /** Parent name, when iproute2 resolves it in the same netns (macvlan/ipvlan master). */
  link?: string;
  /** Parent (or veth peer) ifindex, when the parent is in another netns. */
  link_index?: number;
  master?: string;
  linkinfo?: { info_kind?: string; info_data?: { mode?: string } };
}

/** parseLinks turns `ip -json -details link show` output into LinkInfo objects. */
export function parseLinks(json: string): LinkInfo[] {
  const raw = parseJsonArray<IpLinkJson>(json, 'link show');
  const indexByName = new Map(raw.map((l) => [l.ifname, l.ifindex]));
  return raw.map((l) => {
    const info: LinkInfo = { name: l.ifname, index: l.ifindex, mtu: l.mtu, up: (l.flags ?? []).includes('UP') };
    const kind = l.linkinfo?.info_kind;
    if (kind) info.kind = kind;
    if (l.address) info.mac = l.address;
    if (l.link !== undefined) {
      info.parentName = l.link;
      const idx = indexByName.get(l.link);
      if (idx !== undefined) info.parentIndex = idx;
    } else if (l.link_index !== undefined) {
      info.parentIndex = l.link_index;
    }
    if (l.master) info.master = l.master;
    const mode = l.linkinfo?.info_data?.mode;
    if (kind === 'ipvlan' && (mode === 'l2' || mode === 'l3' || mode === 'l3s')) info.ipvlanMode = mode as IpvlanMode;
    return info;
  });
}

/**
 * parseJsonArray parses iproute2 JSON output. An empty stdout (some `show` commands print nothing when there is
 * nothing to show) is an empty list.
 */
export function parseJsonArray<T>(json: string, what: string): T[] {
  const text = json.trim();
  if (text === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`cannot parse "ip -json ${what}" output: ${(e as Error).message}`);
  }
  if (!Array.isArray(v)) throw new Error(`"ip -json ${what}" did not print a JSON list`);
  return v as T[];
}
