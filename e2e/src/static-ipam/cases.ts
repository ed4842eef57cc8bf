import { ALL_SPEC_VERSIONS, resultFamilyOf, versionAtLeast, type Result } from '@plexus/cni-spec';

/** Whether a plugin answers an invocation with success or with an error. */
export type Outcome = 'accept' | 'reject';

/** The spec versions the reference plugin (Debian containernetworking-plugins 1.1.1) speaks. */
export const REFERENCE_VERSIONS = ALL_SPEC_VERSIONS.filter((v) => v !== '1.1.0');
const WITH_CHECK = REFERENCE_VERSIONS.filter((v) => versionAtLeast(v, '0.4.0'));
const below030 = (v: string): boolean => resultFamilyOf(v) === '020';

/** One row of the differential table, run against both plugins at each of its versions. */
export interface DiffCase {
  name: string;
  command?: 'ADD' | 'CHECK' | 'DEL';
  /** The config minus cniVersion, name and type (filled per run); `ipam.type` is set per binary. */
  conf?: Record<string, unknown>;
  /** Raw stdin, for configs that are not JSON objects. */
  rawStdin?: string;
  cniArgs?: string;
  env?: Record<string, string | undefined>;
  /** Versions to run at (default: every reference version; CHECK: those ≥ 0.4.0). */
  versions?: readonly string[];
  /** CHECK/DEL prevResult in the current schema, printed in each run's version. */
  prevResult?: Result;
  /** What the reference answers. Asserted too, so a mistaken row cannot pass vacuously. */
  reference: Outcome | ((version: string) => Outcome);
  /** When both reject: our code (default 7) and a field our message must name. */
  code?: number;
  field?: string;
}

/** A deliberate, documented difference from the reference (README "Differences from the reference"). */
export interface Divergence extends DiffCase {
  ours: Outcome;
  why: string;
  /** When we accept: the reference's answer for this variant of the row (which it accepts) must equal ours. */
  sameAsReferenceWith?: Pick<DiffCase, 'cniArgs' | 'conf' | 'prevResult'>;
}

const v4 = { address: '10.250.0.5/24', gateway: '10.250.0.1' };
const v6 = { address: 'fd00:250::5/64', gateway: 'fd00:250::1' };
const ipam = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ addresses: [v4], ...extra });

/** An interface plugin's final result built on the dual-stack answer below (CHECK's prevResult). */
const dualResult: Result = {
  cniVersion: '1.1.0',
  interfaces: [{ name: 'eth0', sandbox: '/var/run/netns/plexus-e2e-static-does-not-exist' }],
  ips: [
    { address: '10.250.0.5/24', gateway: '10.250.0.1', interface: 0 },
    { address: 'fd00:250::5/64', gateway: 'fd00:250::1', interface: 0 },
  ],
  routes: [{ dst: '0.0.0.0/0', gw: '10.250.0.1' }],
  dns: {},
};

export const CASES: DiffCase[] = [
  // --- addresses, gateways, families ---
  { name: 'one IPv4 address, no gateway', conf: { ipam: { addresses: [{ address: '10.250.0.5/24' }] } }, reference: 'accept' },
  { name: 'IPv4 address with gateway', conf: { ipam: ipam() }, reference: 'accept' },
  { name: 'IPv6 address with gateway', conf: { ipam: { addresses: [v6] } }, reference: 'accept' },
  { name: 'dual stack with gateways', conf: { ipam: { addresses: [v4, v6] } }, reference: 'accept' },
  { name: 'dual stack, IPv6 first', conf: { ipam: { addresses: [v6, { address: '192.168.7.9/30' }] } }, reference: 'accept' },
  { name: 'two IPv4 addresses (0.2.0 cannot express it)', conf: { ipam: { addresses: [v4, { address: '10.251.0.5/24' }] } }, reference: (v) => (below030(v) ? 'reject' : 'accept'), field: 'ipam.addresses[1].address' },
  { name: 'two IPv6 addresses', conf: { ipam: { addresses: [v6, { address: 'fd00:251::5/64' }, v4] } }, reference: (v) => (below030(v) ? 'reject' : 'accept'), field: 'ipam.addresses[0].address' },
  { name: 'no addresses (empty answer; 0.2.0 cannot express it)', conf: { ipam: {} }, reference: (v) => (below030(v) ? 'reject' : 'accept'), code: 1 },
  { name: 'null addresses, routes and dns', conf: { ipam: { addresses: null, routes: null, dns: null } }, reference: (v) => (below030(v) ? 'reject' : 'accept'), code: 1 },
  { name: 'empty and null gateways mean none', conf: { ipam: { addresses: [{ address: '10.250.0.5/24', gateway: '' }, { address: 'fd00::5/64', gateway: null }] } }, reference: 'accept' },
  { name: 'gateway outside the subnet passes through', conf: { ipam: { addresses: [{ address: '10.250.0.5/24', gateway: '10.9.9.9' }] } }, reference: 'accept' },
  { name: 'non-canonical spellings are canonicalised', conf: { ipam: { addresses: [{ address: '10.0.0.1/024' }, { address: 'FD00:0:0::0005/64', gateway: 'FD00::0001' }] } }, reference: 'accept' },
  { name: 'IPv4-mapped IPv6 becomes IPv4', conf: { ipam: { addresses: [{ address: '::ffff:10.250.0.5/120', gateway: '::ffff:10.250.0.1' }] } }, reference: 'accept' },
  { name: 'IPv6 with an embedded dotted quad stays IPv6', conf: { ipam: { addresses: [{ address: 'fd00::10.1.2.3/120' }] } }, reference: 'accept' },
  { name: 'host route /32 and /128', conf: { ipam: { addresses: [{ address: '10.250.0.5/32' }, { address: 'fd00::5/128' }] } }, reference: 'accept' },
  // --- routes and dns ---
  { name: 'routes of both families, with and without gw', conf: { ipam: { addresses: [v4, v6], routes: [{ dst: '10.251.0.0/16' }, { dst: 'fd00:251::/64', gw: 'fd00:250::1' }, { dst: '0.0.0.0/0', gw: '10.250.0.1' }] } }, reference: 'accept' },
  { name: 'default routes and host bits in dst', conf: { ipam: { addresses: [v4, v6], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0', gw: 'FD00:250::1' }, { dst: '10.1.0.5/16' }, { dst: 'FD00:1::/48', gw: '' }] } }, reference: 'accept' },
  { name: 'route of a family without an address (dropped at 0.2.0)', conf: { ipam: { addresses: [v4], routes: [{ dst: 'fd00:9::/64' }, { dst: '10.9.0.0/16' }] } }, reference: 'accept' },
  { name: 'route fields mtu/advmss/priority/table/scope at every version (kept as v1.6.x does)', conf: { ipam: { addresses: [v4], routes: [{ dst: '10.251.0.0/16', gw: '10.250.0.1', mtu: 1400, advmss: 1360, priority: 7, table: 100, scope: 253 }] } }, reference: 'accept' },
  { name: 'dns with every key', conf: { ipam: ipam({ dns: { nameservers: ['10.250.0.53', 'fd00::53'], domain: 'pod.local', search: ['pod.local', 'svc.local'], options: ['ndots:2', 'edns0'] } }) }, reference: 'accept' },
  { name: 'dns with empty lists and an empty domain', conf: { ipam: ipam({ dns: { nameservers: [], domain: '', search: ['a.local'], options: [] } }) }, reference: 'accept' },
  { name: 'top-level dns is not the answer (ipam.dns is)', conf: { dns: { nameservers: ['9.9.9.9'] }, ipam: ipam({ dns: { nameservers: ['10.250.0.53'] } }) }, reference: 'accept' },
  // --- CNI_ARGS ---
  { name: 'CNI_ARGS IP= appends', conf: { ipam: { addresses: [{ address: '10.250.0.5/24' }] } }, cniArgs: 'IP=fd00:250::6/64', reference: 'accept' },
  { name: 'CNI_ARGS IP= list + GATEWAY= (only CNI_ARGS addresses get it)', conf: { ipam: { addresses: [{ address: '10.250.0.5/24' }] } }, cniArgs: 'IP=10.250.0.6/24,fd00:250::6/64;GATEWAY=10.250.0.1,fd00:250::1', reference: (v) => (below030(v) ? 'reject' : 'accept'), field: 'CNI_ARGS IP[0]' },
  { name: 'CNI_ARGS with spaces around items, later GATEWAY wins', conf: { ipam: { addresses: [] } }, cniArgs: 'IP= 10.1.0.6/16 ;GATEWAY=10.1.0.1, 10.1.255.254', reference: 'accept' },
  { name: 'CNI_ARGS GATEWAY alone changes nothing', conf: { ipam: ipam() }, cniArgs: 'GATEWAY=10.250.0.254', reference: 'accept' },
  { name: 'CNI_ARGS repeated IP= takes the last', conf: { ipam: { addresses: [] } }, cniArgs: 'IP=10.250.0.6/24;IP=10.250.0.7/24', reference: 'accept' },
  { name: 'CNI_ARGS empty IP=', conf: { ipam: ipam() }, cniArgs: 'IP=', reference: 'accept' },
  { name: 'CNI_ARGS unknown key with IgnoreUnknown=1', conf: { ipam: ipam() }, cniArgs: 'IgnoreUnknown=1;FOO=bar;IP=10.250.1.6/24', reference: (v) => (below030(v) ? 'reject' : 'accept'), field: 'ipam.addresses[0].address' },
  { name: 'CNI_ARGS as containerd sends them', conf: { ipam: ipam() }, cniArgs: 'K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;K8S_POD_INFRA_CONTAINER_ID=0123abcd;K8S_POD_UID=4a5b;IgnoreUnknown=1', reference: 'accept' },
  { name: 'CNI_ARGS IgnoreUnknown=true (case-insensitive)', conf: { ipam: ipam() }, cniArgs: 'FOO=bar;IgnoreUnknown=TRUE', reference: 'accept' },
  { name: 'CNI_ARGS unknown key', conf: { ipam: ipam() }, cniArgs: 'FOO=bar', reference: 'reject', field: 'CNI_ARGS' },
  { name: 'CNI_ARGS unknown key with IgnoreUnknown=0', conf: { ipam: ipam() }, cniArgs: 'IgnoreUnknown=0;FOO=bar', reference: 'reject', field: 'CNI_ARGS' },
  { name: 'CNI_ARGS keys are case-sensitive (ip=)', conf: { ipam: ipam() }, cniArgs: 'ip=10.250.0.6/24', reference: 'reject', field: 'CNI_ARGS' },
  { name: 'CNI_ARGS IP without a prefix', conf: { ipam: ipam() }, cniArgs: 'IP=10.250.0.6', reference: 'reject', field: 'CNI_ARGS IP[0]' },
  { name: 'CNI_ARGS IP list with an empty item', conf: { ipam: ipam() }, cniArgs: 'IP=10.250.0.6/24,', reference: 'reject', field: 'CNI_ARGS IP[1]' },
  { name: 'CNI_ARGS bad GATEWAY', conf: { ipam: ipam() }, cniArgs: 'IP=10.250.0.6/24;GATEWAY=10.250.0.x', reference: 'reject', field: 'CNI_ARGS GATEWAY[0]' },
  { name: 'CNI_ARGS IgnoreUnknown not a boolean', conf: { ipam: ipam() }, cniArgs: 'IgnoreUnknown=maybe', reference: 'reject', field: 'CNI_ARGS' },
  { name: 'CNI_ARGS pair with two "="', conf: { ipam: ipam() }, cniArgs: 'IgnoreUnknown=1;FOO=a=b', reference: 'reject', field: 'CNI_ARGS' },
  // --- args.cni.ips and runtimeConfig.ips ---
  { name: 'args.cni.ips replaces ipam.addresses', conf: { ipam: ipam(), args: { cni: { ips: ['10.9.0.1/24', 'fd00:9::1/64'] } } }, reference: 'accept' },
  { name: 'args.cni.ips beats CNI_ARGS (GATEWAY lost too)', conf: { ipam: ipam(), args: { cni: { ips: ['10.9.0.1/24'] } } }, cniArgs: 'IP=10.250.0.6/24;GATEWAY=10.9.0.254', reference: 'accept' },
  { name: 'runtimeConfig.ips replaces ipam.addresses', conf: { ipam: ipam(), capabilities: { ips: true }, runtimeConfig: { ips: ['10.7.0.1/24'] } }, reference: 'accept' },
  { name: 'all four sources: runtimeConfig.ips wins', conf: { ipam: ipam(), args: { cni: { ips: ['10.9.0.1/24'] } }, runtimeConfig: { ips: ['10.7.0.1/24', 'fd00:7::1/64'] } }, cniArgs: 'IP=10.250.0.6/24;GATEWAY=10.250.0.1', reference: 'accept' },
  { name: 'empty runtimeConfig.ips and args.cni.ips are ignored', conf: { ipam: ipam(), args: { cni: { ips: [] } }, runtimeConfig: { ips: [] } }, reference: 'accept' },
  { name: 'a replaced ipam.addresses entry is never parsed', conf: { ipam: { addresses: [{ address: 'garbage' }] }, runtimeConfig: { ips: ['10.7.0.1/24'] } }, reference: 'accept' },
  { name: 'two runtimeConfig IPv4 addresses', conf: { ipam: ipam(), runtimeConfig: { ips: ['10.7.0.1/24', '10.7.0.2/24'] } }, reference: (v) => (below030(v) ? 'reject' : 'accept'), field: 'runtimeConfig.ips[0]' },
  { name: 'args.cni.ips entry without a prefix', conf: { ipam: ipam(), args: { cni: { ips: ['10.9.0.1'] } } }, reference: 'reject', field: 'args.cni.ips[0]' },
  { name: 'args.cni.ips entry not a string', conf: { ipam: ipam(), args: { cni: { ips: [5] } } }, reference: 'reject', field: 'args.cni.ips[0]' },
  { name: 'runtimeConfig.ips not a list', conf: { ipam: ipam(), runtimeConfig: { ips: '10.7.0.1/24' } }, reference: 'reject', field: 'runtimeConfig.ips' },
  { name: 'runtimeConfig.ips second entry bad', conf: { ipam: ipam(), runtimeConfig: { ips: ['10.7.0.1/24', 'fd00::1'] } }, reference: 'reject', field: 'runtimeConfig.ips[1]' },
  { name: 'bad CNI_ARGS IP fails even when runtimeConfig wins', conf: { ipam: ipam(), runtimeConfig: { ips: ['10.7.0.1/24'] } }, cniArgs: 'IP=bad', reference: 'reject', field: 'CNI_ARGS IP[0]' },
  // --- invalid ipam config ---
  { name: 'missing ipam', conf: {}, reference: 'reject', field: 'ipam' },
  { name: 'bad CIDR (octet > 255)', conf: { ipam: { addresses: [v4, { address: '10.250.0.300/24' }] } }, reference: 'reject', field: 'ipam.addresses[1].address' },
  { name: 'address without a prefix', conf: { ipam: { addresses: [{ address: '10.250.0.5' }] } }, reference: 'reject', field: 'ipam.addresses[0].address' },
  { name: 'prefix out of range', conf: { ipam: { addresses: [{ address: 'fd00::5/129' }] } }, reference: 'reject', field: 'ipam.addresses[0].address' },
  { name: 'leading zero in an octet', conf: { ipam: { addresses: [{ address: '010.0.0.1/24' }] } }, reference: 'reject', field: 'ipam.addresses[0].address' },
  { name: 'IPv6 zone', conf: { ipam: { addresses: [{ address: 'fe80::1%eth0/64' }] } }, reference: 'reject', field: 'ipam.addresses[0].address' },
  { name: 'address missing from an entry', conf: { ipam: { addresses: [{ gateway: '10.250.0.1' }] } }, reference: 'reject', field: 'ipam.addresses[0].address' },
  { name: 'bad gateway (fails even when replaced)', conf: { ipam: { addresses: [{ address: '10.250.0.5/24', gateway: 'bad' }] }, runtimeConfig: { ips: ['10.7.0.1/24'] } }, reference: 'reject', field: 'ipam.addresses[0].gateway' },
  { name: 'addresses not a list', conf: { ipam: { addresses: { address: '10.250.0.5/24' } } }, reference: 'reject', field: 'ipam.addresses' },
  { name: 'route with a bad dst', conf: { ipam: ipam({ routes: [{ dst: '10.0.0.0/8' }, { dst: 'bad' }] }) }, reference: 'reject', field: 'ipam.routes[1].dst' },
  { name: 'route with a bad gw', conf: { ipam: ipam({ routes: [{ dst: '10.0.0.0/8', gw: '10.0.0' }] }) }, reference: 'reject', field: 'ipam.routes[0].gw' },
  { name: 'dns nameservers not a list', conf: { ipam: ipam({ dns: { nameservers: '10.0.0.53' } }) }, reference: 'reject', field: 'ipam.dns.nameservers' },
  // --- protocol ---
  { name: 'malformed JSON', rawStdin: '{"cniVersion":"1.0.0","name":', versions: ['1.0.0'], reference: 'reject', code: 6 },
  { name: 'config not an object', rawStdin: '[]', versions: ['1.0.0'], reference: 'reject', code: 6 },
  { name: 'unknown cniVersion', conf: { ipam: ipam() }, versions: ['9.9.9'], reference: 'reject', code: 1 },
  { name: 'missing CNI_IFNAME and CNI_CONTAINERID', conf: { ipam: ipam() }, env: { CNI_IFNAME: undefined, CNI_CONTAINERID: undefined }, reference: 'reject', code: 4 },
  { name: 'missing network name', conf: { name: undefined, ipam: ipam() }, reference: 'reject', code: 7, field: 'name' },
  // --- CHECK ---
  { name: 'CHECK: prevResult holds the answer', command: 'CHECK', conf: { ipam: { addresses: [v4, v6] } }, prevResult: dualResult, reference: 'accept' },
  { name: 'CHECK: address without gateway accepts any gateway', command: 'CHECK', conf: { ipam: { addresses: [{ address: '10.250.0.5/24' }] } }, prevResult: dualResult, reference: 'accept' },
  { name: 'CHECK: CNI_ARGS address present', command: 'CHECK', conf: { ipam: { addresses: [v4] } }, cniArgs: 'IP=fd00:250::5/64;GATEWAY=fd00:250::1;IgnoreUnknown=1;K8S_POD_NAME=p', prevResult: dualResult, reference: 'accept' },
  { name: 'CHECK: gateway differs', command: 'CHECK', conf: { ipam: { addresses: [{ ...v4, gateway: '10.250.0.254' }] } }, prevResult: dualResult, reference: 'reject', code: 100 },
  { name: 'CHECK: no prevResult', command: 'CHECK', conf: { ipam: ipam() }, reference: 'reject', field: 'prevResult' },
  { name: 'CHECK: bad config', command: 'CHECK', conf: { ipam: { addresses: [{ address: '10.250.0.5' }] } }, prevResult: dualResult, reference: 'reject', field: 'ipam.addresses[0].address' },
  { name: 'CHECK: not allowed at 0.3.1', command: 'CHECK', conf: { ipam: ipam() }, prevResult: dualResult, versions: ['0.3.1'], reference: 'reject', code: 1 },
  // --- DEL ---
  { name: 'DEL with a good config', command: 'DEL', conf: { ipam: ipam() }, prevResult: dualResult, versions: WITH_CHECK, reference: 'accept' },
  { name: 'DEL with a bad config and unknown CNI_ARGS (nothing to release)', command: 'DEL', conf: { ipam: { addresses: [{ address: 'bad' }] } }, cniArgs: 'FOO=bar', env: { CNI_NETNS: '' }, reference: 'accept' },
  { name: 'DEL without ipam', command: 'DEL', conf: {}, reference: 'accept' },
  { name: 'DEL with malformed JSON', command: 'DEL', rawStdin: 'garbage', versions: ['1.0.0'], reference: 'reject', code: 6 },
];

export const DIVERGENCES: Divergence[] = [
  {
    name: 'K8S_* CNI_ARGS without IgnoreUnknown',
    conf: { ipam: ipam() },
    cniArgs: 'K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0',
    reference: 'reject',
    ours: 'accept',
    why: 'every Kubernetes runtime sends the pod identity keys; Plexus plugins accept them without IgnoreUnknown',
    sameAsReferenceWith: { cniArgs: 'K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;IgnoreUnknown=1' },
  },
  {
    name: 'empty CNI_ARGS pair (trailing ";")',
    conf: { ipam: ipam() },
    cniArgs: 'IP=10.250.0.6/24;',
    versions: WITH_CHECK,
    reference: 'reject',
    ours: 'accept',
    why: "@plexus/cni-spec's parseCniArgs skips empty pairs for every Plexus plugin",
    sameAsReferenceWith: { cniArgs: 'IP=10.250.0.6/24' },
  },
  {
    name: 'route without dst',
    conf: { ipam: ipam({ routes: [{ gw: '10.250.0.1' }] }) },
    versions: WITH_CHECK,
    reference: 'accept',
    ours: 'reject',
    why: 'the reference prints "dst": "<nil>", which no consumer can parse',
  },
  {
    name: 'IPv4-mapped address with a prefix below 96',
    conf: { ipam: { addresses: [{ address: '::ffff:10.250.0.6/64' }] } },
    reference: 'accept',
    ours: 'reject',
    why: 'the reference prints "10.250.0.6/0", a mask nobody meant',
  },
  {
    name: 'CHECK: a configured address is missing from prevResult',
    command: 'CHECK',
    conf: { ipam: { addresses: [v4, { address: '10.250.9.9/24' }] } },
    prevResult: dualResult,
    reference: 'accept',
    ours: 'reject',
    code: 100,
    why: 'the reference only compares gateways of addresses it finds; a CHECK should notice a missing address',
  },
  {
    name: 'CHECK: prevResult in an older version than the config',
    command: 'CHECK',
    conf: { ipam: { addresses: [v4, v6] }, prevResult: { cniVersion: '0.4.0', ips: [{ version: '4', address: '10.250.0.5/24', gateway: '10.250.0.1' }, { version: '6', address: 'fd00:250::5/64', gateway: 'fd00:250::1' }] } },
    versions: ['1.0.0'],
    reference: 'reject',
    ours: 'accept',
    why: '@plexus/cni-spec readPrevResult converts an older prevResult instead of refusing it; nothing is lost',
  },
];
