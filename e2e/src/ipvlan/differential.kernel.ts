/**
 * Differential test: Plexus ipvlan against the reference ipvlan (Debian containernetworking-plugins 1.1.1,
 * /usr/lib/cni/ipvlan), both with the reference `static` IPAM so that only the ipvlan plugins differ. For each
 * config, in the same world (host netns with the master, one pod netns), the reference does ADD, we observe, it
 * does DEL; then ours does the same. Both must leave the same kernel state (link type and mode, master, MTU, MAC,
 * addresses, routes) and print the same result. The reference speaks CNI ≤ 1.0.0; ours at 1.1.0 must equal its
 * 1.0.0 answer but for cniVersion.
 *
 * Deliberate differences are asserted as such: ours keeps the IPAM's DNS when the config has no top-level `dns`
 * (the reference drops it), and refuses an MTU above the master's (the reference lets the kernel take it).
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { formatResult, parseResult } from '@plexus/cni-spec';
import { isRoot, type CniOutput, type TestNetns } from '../support';
import { ensureBuilt } from './ensure-built';
import { errorOf } from './ipvlan-cases';
import { KernelWorld, MASTER, kernelHasIpvlan } from './kernel-world';

type Json = Record<string, unknown>;

let w: KernelWorld;

beforeAll(() => {
  if (!isRoot() || !kernelHasIpvlan()) throw new Error('the kernel suite needs root and ipvlan+dummy: run it with tools/vm/run-kernel-suite.sh');
  ensureBuilt(['ipvlan', 'static-ipam']);
});

afterEach(() => w?.cleanup());

/** Everything observable about the pod interface after ADD. */
interface PodState {
  link: Json;
  addrs: string[];
  routes: string[];
}

function observe(pod: TestNetns): PodState {
  const l = w.link(pod, 'net1');
  if (!l) return { link: {}, addrs: [], routes: [] };
  const routes = ['-4', '-6'].flatMap((f) =>
    (JSON.parse(ipText(pod, [f, '-j', '-d', 'route', 'show', 'table', 'main'])) as Json[]).map((r) =>
      [r.type, r.dst, r.gateway && `via ${r.gateway}`, `dev ${r.dev}`, `proto ${r.protocol}`, `scope ${r.scope}`, r.metric !== undefined && `metric ${r.metric}`].filter(Boolean).join(' '),
    ),
  );
  return {
    link: {
      kind: l.linkinfo?.info_kind,
      mode: l.linkinfo?.info_data?.mode,
      masterIndex: l.link_index,
      mtu: l.mtu,
      mac: l.address,
      up: l.flags.includes('UP'),
    },
    addrs: w.globalAddrs(pod, 'net1'),
    routes: routes.sort(),
  };
}

function ipText(pod: TestNetns, args: string[]): string {
  return execFileSync('ip', ['-n', pod.name, ...args], { encoding: 'utf8' }) || '[]';
}

/** One implementation's ADD → observe → DEL in the shared pod; the pod must be empty again afterwards. */
function runImpl(plugin: string, conf: Json, pod: TestNetns): { add: CniOutput; state: PodState } {
  const inv = { containerId: 'c-diff', netns: pod.path, ifName: 'net1' };
  const add = w.run(plugin, { command: 'ADD', stdin: { ...conf, type: plugin }, ...inv });
  const state = observe(pod);
  const del = w.run(plugin, { command: 'DEL', stdin: { ...conf, type: plugin }, ...inv });
  expect(del.status).toBe(0);
  expect(w.linkNames(pod)).toEqual(['lo']);
  return { add, state };
}

/** runBoth runs the reference (installed as ref-ipvlan) then ours on the same config. */
function runBoth(conf: Json) {
  const pod = w.newPod();
  const ref = runImpl('ref-ipvlan', conf, pod);
  const ours = runImpl('ipvlan', conf, pod);
  return { ref, ours };
}

function newWorld(): KernelWorld {
  const world = new KernelWorld({ plexus: ['ipvlan', 'static-ipam'], reference: ['static'] });
  // Both under their own name in one CNI bin dir: the reference as "ref-ipvlan".
  symlinkSync('/usr/lib/cni/ipvlan', join(world.bin.dir, 'ref-ipvlan'));
  return world;
}

const ipam = (addresses: Json[], routes: Json[] = []): Json => ({ type: 'static', addresses, ...(routes.length ? { routes } : {}) });
/** base builds a config; a prevResult (written in 1.0.0) is converted to the config's version, as a runtime would. */
function base(cniVersion: string, extra: Json): Json {
  const conf: Json = { cniVersion, name: 'plxiv-diff', master: MASTER, ...extra };
  if (conf.prevResult) conf.prevResult = formatResult(parseResult(conf.prevResult), cniVersion);
  return conf;
}

const ACCEPTED: Array<[string, string[], Json]> = [
  ['l2, IPv4 with gateway and routes with and without gw', ['0.2.0', '0.3.1', '0.4.0', '1.0.0'], { mode: 'l2', ipam: ipam([{ address: '10.77.0.60/24', gateway: '10.77.0.1' }], [{ dst: '10.90.0.0/16' }, { dst: '10.91.0.0/16', gw: '10.77.0.2' }]) }],
  ['l3, IPv4 without gateway', ['1.0.0'], { mode: 'l3', ipam: ipam([{ address: '10.77.0.61/24' }], [{ dst: '10.90.0.0/16' }]) }],
  [
    'l3s, dual stack with gateways and default routes',
    ['0.4.0', '1.0.0'],
    { mode: 'l3s', ipam: ipam([{ address: '10.77.0.62/24', gateway: '10.77.0.1' }, { address: 'fd00:77::62/64', gateway: 'fd00:77::1' }], [{ dst: '0.0.0.0/0' }, { dst: '::/0' }, { dst: 'fd00:90::/48', gw: 'fd00:77::2' }]) },
  ],
  ['master omitted: the default-route interface', ['1.0.0'], { master: undefined, ipam: ipam([{ address: '10.77.0.63/24' }]) }],
  ['a smaller MTU', ['1.0.0'], { mtu: 1400, ipam: ipam([{ address: '10.77.0.64/24' }]) }],
  ['top-level dns', ['1.0.0'], { dns: { nameservers: ['10.77.0.53'], search: ['plx.local'] }, ipam: ipam([{ address: '10.77.0.65/24' }]) }],
  [
    'chained without ipam: prevResult names the master and brings the IPs',
    ['0.4.0', '1.0.0'],
    { master: undefined, prevResult: { cniVersion: '1.0.0', interfaces: [{ name: MASTER }], ips: [{ address: '10.77.0.66/24', gateway: '10.77.0.1', interface: 0 }], routes: [{ dst: '10.92.0.0/16' }] } },
  ],
];

describe('same kernel state and the same result as the reference ipvlan', () => {
  const rows = ACCEPTED.flatMap(([label, versions, extra]) => versions.map((v) => [label, v, extra] as const));

  it.each(rows)('%s (%s)', (_label, version, extra) => {
    w = newWorld();
    const conf = dropUndefined(base(version, extra));
    const { ref, ours } = runBoth(conf);
    expect(ref.add.status).toBe(0);
    expect(ours.add.status).toBe(0);
    expect(ours.state).toEqual(ref.state);
    expect(ours.state.link).toMatchObject({ kind: 'ipvlan', up: true });
    // Same master, hence the same MAC; compared anyway apart from it as the contract says.
    expect(withoutMac(ours.add.json)).toEqual(withoutMac(ref.add.json));
  });

  it('at CNI 1.1.0 ours answers what the reference answers at 1.0.0, but for cniVersion', () => {
    w = newWorld();
    const [, , extra] = ACCEPTED[2]!;
    const conf = dropUndefined(base('1.0.0', extra));
    const pod = w.newPod();
    const ref = runImpl('ref-ipvlan', conf, pod);
    // The reference static speaks ≤ 1.0.0; at 1.1.0 ours gets static-ipam, whose answers are static's (its own
    // differential test).
    const ours = runImpl('ipvlan', { ...conf, cniVersion: '1.1.0', ipam: { ...(conf.ipam as Json), type: 'static-ipam' } }, pod);
    expect(ours.state).toEqual(ref.state);
    expect(ours.add.json).toEqual({ ...(ref.add.json as Json), cniVersion: '1.1.0' });
  });
});

describe('deliberate differences', () => {
  it("ours keeps the IPAM's DNS when the config has no dns; the reference drops it", () => {
    w = newWorld();
    const conf = base('1.0.0', { ipam: { ...ipam([{ address: '10.77.0.67/24' }]), dns: { nameservers: ['10.77.0.53'] } } });
    const { ref, ours } = runBoth(conf);
    expect(ours.state).toEqual(ref.state);
    expect((ref.add.json as Json).dns).toEqual({});
    expect(ours.add.json).toEqual({ ...(ref.add.json as Json), dns: { nameservers: ['10.77.0.53'] } });
  });

  it('ours refuses an MTU above the master (7 naming mtu) and leaves nothing; the reference creates it', () => {
    w = newWorld();
    const conf = base('1.0.0', { mtu: 9000, ipam: ipam([{ address: '10.77.0.68/24' }]) });
    const { ref, ours } = runBoth(conf);
    expect(ref.add.status).toBe(0);
    expect(ref.state.link).toMatchObject({ mtu: 9000 });
    expect(errorOf(ours.add)).toMatchObject({ code: 7, msg: 'invalid mtu' });
    expect(ours.state.link).toEqual({});
  });

  it.each([
    ['an unknown mode', { mode: 'l4' }, 7, 'invalid mode'],
    ['a master that does not exist', { master: 'plxabsent0' }, 7, 'invalid master'],
  ])('both refuse %s; ours with code %s naming the field', (_label, extra, code, msg) => {
    w = newWorld();
    const { ref, ours } = runBoth(base('1.0.0', { ipam: ipam([{ address: '10.77.0.69/24' }]), ...extra }));
    expect(ref.add.status).not.toBe(0);
    expect(errorOf(ours.add)).toMatchObject({ code, msg });
  });
});

function withoutMac(json: unknown): unknown {
  const j = structuredClone(json) as { interfaces?: Array<{ mac?: string }> };
  for (const i of j.interfaces ?? []) delete i.mac;
  return j;
}

function dropUndefined(o: Json): Json {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
