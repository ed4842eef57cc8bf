/**
 * Result types. Plexus works internally with the newest schema (1.1.0) and converts only when reading a
 * prevResult/delegate result and when printing (the model of Go's types100 + convert registry).
 */

/** A network interface in a result (1.1.0 adds mtu, socketPath, pciID). */
export interface CniInterface {
  name: string;
  mac?: string;
  mtu?: number;
  sandbox?: string;
  socketPath?: string;
  pciID?: string;
}

/** An IP configuration; `interface` indexes `interfaces`. */
export interface IpConfig {
  address: string;
  gateway?: string;
  interface?: number;
}

/** A route; 1.1.0 adds mtu, advmss, priority, table and scope. */
export interface Route {
  dst: string;
  gw?: string;
  mtu?: number;
  advmss?: number;
  priority?: number;
  table?: number;
  scope?: number;
}

/** DNS settings as they appear in results and in `ipam.dns`. */
export interface Dns {
  nameservers?: string[];
  domain?: string;
  search?: string[];
  options?: string[];
}

/** A result in the current (1.1.0) schema. */
export interface Result {
  cniVersion: string;
  interfaces?: CniInterface[];
  ips?: IpConfig[];
  routes?: Route[];
  dns?: Dns;
}

/** 0.1.0/0.2.0 per-family block. */
export interface Ip020 {
  ip: string;
  gateway?: string;
  routes?: Array<{ dst: string; gw?: string }>;
}

/** The 0.1.0/0.2.0 result schema. */
export interface Result020 {
  cniVersion: string;
  ip4?: Ip020;
  ip6?: Ip020;
  dns?: Dns;
}

/** An IP in the 0.3.x/0.4.0 schema (with the family as a string). */
export interface IpConfig040 extends IpConfig {
  version: '4' | '6';
}

/** The 0.3.0/0.3.1/0.4.0 result schema. */
export interface Result040 {
  cniVersion: string;
  interfaces?: Array<Pick<CniInterface, 'name' | 'mac' | 'sandbox'>>;
  ips?: IpConfig040[];
  routes?: Route[];
  dns?: Dns;
}

/** ipFamilyOf returns 6 for an address (or CIDR) containing ':' and 4 otherwise. */
export function ipFamilyOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}
