/**
 * Migration from Multus: the thin-plugin config and the NADs of Multus' own docs (docs/how-to-use.md, fixtures in
 * ./multus-docs, changed only in `type`), run through the dispatcher with cnictl and the API emulator in a throwaway
 * pod netns. What the docs say Multus produces for pod-case-06: `eth0` from the first delegate (flannel, the "Pod
 * IP"), `macvlan1` from macvlan-conf-1 (10.10.1.x/16), `net2` from macvlan-conf-2 (11.10.1.x/16, a NAD without spec
 * whose conf is found by name in confDir); the ADD result is the first delegate's only, and network-status lists
 * every attachment. Then the refusals a migrating user may hit: `delegates` with `clusterNetwork`, and a
 * `readinessindicatorfile` that never appears — each a CNI error naming the key or file, with nothing attached and
 * nothing checkpointed.
 *
 * Relocations (host paths → the test's temp dir, nothing else): kubeconfig, readinessindicatorfile, Multus' default
 * cniDir and confDir, the macvlan `master` (the doc: "should match the interface name on the hosts"). The `flannel`
 * delegate is a stand-in doing what flannel's CNI plugin does: read subnet.env and delegate to bridge + host-local.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestNetns, ipOk } from '../support';
import { type MdWorld, statusOf, useMdWorld } from './md-world';

const DOCS = join(__dirname, 'multus-docs');
const doc = (file: string) => readFileSync(join(DOCS, file), 'utf8');
const THIN_NAME = 'multus-cni-network';
const POD = { namespace: 'default', name: 'pod-case-06', uid: 'uid-pod-case-06' };
const FLANNEL_SUBNET = '10.244.2.1/24';

/** A stand-in for flannel's CNI plugin: subnet.env → bridge (isGateway) + host-local, the delegate's keys on top. */
const FLANNEL_SHIM = `#!${process.execPath}
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const conf = JSON.parse(readFileSync(0, 'utf8'));
const env = Object.fromEntries(readFileSync(process.env.PLXMIG_SUBNET_FILE, 'utf8').split('\\n').filter(Boolean).map((l) => l.split('=')));
const delegate = conf.delegate || {};
// flannel hands host-local the node subnet's network address (subnet.env carries the bridge's address).
const [addr, len] = env.FLANNEL_SUBNET.split('/');
const n = addr.split('.').reduce((a, o) => a * 256 + Number(o), 0) & (len === '0' ? 0 : (~0 << (32 - Number(len))) >>> 0);
const network = [24, 16, 8, 0].map((s) => ((n >>> s) & 255)).join('.') + '/' + len;
const bridge = { cniVersion: conf.cniVersion || '0.3.1', name: conf.name, type: 'bridge', bridge: process.env.PLXMIG_BRIDGE, isGateway: true, ipMasq: false, mtu: Number(env.FLANNEL_MTU),
  ...delegate, ipam: { type: 'host-local', subnet: network, gateway: addr, routes: [{ dst: env.FLANNEL_NETWORK }], dataDir: process.env.PLXMIG_IPAM_DIR } };
const bin = process.env.CNI_PATH.split(':').map((d) => d + '/bridge').find((p) => require('node:fs').existsSync(p));
try { process.stdout.write(execFileSync(bin, { input: JSON.stringify(bridge), env: process.env })); }
catch (e) { process.stdout.write(e.stdout || ''); process.exit(e.status || 1); }
`;

let w: MdWorld;
let pod: TestNetns;
let thinConfPath: string;
let readinessFile: string;
let macvlanIpamDirs: string[];

/** relocate is the doc's thin conf with host paths pointing into the test's temp dir; nothing else changes. */
function relocate(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const conf = JSON.parse(doc('00-multus.conf')) as Record<string, unknown>;
  expect(conf.type).toBe('meta-dispatcher');
  return {
    ...conf,
    readinessindicatorfile: readinessFile,
    kubeconfig: w.api!.kubeconfigPath,
    cniDir: w.cacheDir, // Multus' default /var/lib/cni/multus
    confDir: w.confDir, // Multus' default /etc/cni/multus/net.d
    ...extra,
  };
}

function writeThinConf(conf: Record<string, unknown>): void {
  writeFileSync(thinConfPath, JSON.stringify(conf, null, 2));
}

/** seedDocNad stores a NAD fixture with the macvlan master pointed at the test bridge. */
function seedDocNad(file: string): void {
  const nad = JSON.parse(doc(file)) as { metadata: Record<string, unknown>; spec?: { config: string } };
  const spec = nad.spec ? { config: JSON.stringify({ ...(JSON.parse(nad.spec.config) as object), master: w.bridge }) } : undefined;
  w.api!.seed({ ...nad, metadata: { ...nad.metadata, namespace: 'default' }, ...(spec ? { spec } : {}) } as never);
}

function macvlanLeases(): string[] {
  return macvlanIpamDirs.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)) : []));
}

useMdWorld(async (world, netns) => {
  w = world;
  pod = netns;
  await w.startApi();
  writeFileSync(join(w.binDir, 'flannel'), FLANNEL_SHIM, { mode: 0o755 });
  writeFileSync(join(w.binDir, 'host-local'), '#!/bin/sh\nexec /usr/lib/cni/host-local "$@"\n', { mode: 0o755 });
  thinConfPath = join(w.netconf, '00-multus.conf');
  readinessFile = join(w.tmp, 'run', 'flannel', 'subnet.env');
  mkdirSync(join(w.tmp, 'run', 'flannel'), { recursive: true });
  mkdirSync(join(w.tmp, 'ipam'));
  // host-local keeps the macvlan leases in its default dir, by network name; the test asserts they are released.
  macvlanIpamDirs = ['macvlan-conf-1', 'macvlan-conf-2'].map((n) => join('/var/lib/cni/networks', n));
  seedDocNad('macvlan-conf-1.nad.json');
  seedDocNad('macvlan-conf-2.nad.json');
  const macvlan2 = JSON.parse(doc('macvlan2.conf')) as Record<string, unknown>;
  w.conf('macvlan2.conf', { ...macvlan2, master: w.bridge });
  w.api!.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { ...POD, annotations: { 'k8s.v1.cni.cncf.io/networks': doc('pod-case-06.annotation.json') } } } as never);
}, 60_000);

// host-local's per-network dirs on the host: removed once every lease is released (they hold only its lock then).
afterAll(() => {
  for (const d of ['macvlan-conf-1', 'macvlan-conf-2'].map((n) => join('/var/lib/cni/networks', n))) {
    if (existsSync(d) && !readdirSync(d).some((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f))) rmSync(d, { recursive: true, force: true });
  }
});

const envOf = () => w.env(POD, { PLXMIG_SUBNET_FILE: readinessFile, PLXMIG_BRIDGE: w.bridge, PLXMIG_IPAM_DIR: join(w.tmp, 'ipam') });

describe('meta-dispatcher as a drop-in for Multus (docs/how-to-use.md fixtures, type changed only)', () => {
  it('pod-case-06: eth0 from the first delegate, macvlan1 and net2 from the NADs; result = the first delegate\'s; network-status lists all', async () => {
    writeFileSync(readinessFile, `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${FLANNEL_SUBNET}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n`);
    writeThinConf(relocate());
    const out = await w.cnictlOk(['add', THIN_NAME, pod.path], envOf());
    const result = JSON.parse(out) as { cniVersion: string; ip4?: { ip: string }; ips?: Array<{ address: string }> };

    // Interfaces as the doc's `ip -d address` of pod-case-06 shows them.
    expect(w.podLinks(pod)).toEqual(['eth0', 'macvlan1', 'net2']);
    const addrs = w.podAddrs(pod);
    expect(addrs.eth0).toEqual([expect.stringMatching(/^10\.244\.2\.\d+\/24$/)]);
    expect(addrs.macvlan1).toEqual([expect.stringMatching(/^10\.10\.(1|2|3)\.\d+\/16$/)]);
    expect(addrs.net2).toEqual([expect.stringMatching(/^11\.10\.(1|2|3)\.\d+\/16$/)]);
    expect(ipOk(pod, ['-d', 'link', 'show', 'macvlan1'])).toContain('macvlan mode bridge');
    // flannel's isDefaultGateway: the pod's default route is on eth0.
    expect(ipOk(pod, ['-4', 'route', 'show', 'default']).trim()).toBe('default via 10.244.2.1 dev eth0');

    // The result is the first delegate's ("Pod IP"), in the thin conf's version (none given: 0.1.0).
    expect(result.cniVersion).toBe('0.1.0');
    expect(result.ip4?.ip).toBe(addrs.eth0![0]);
    expect(JSON.stringify(result)).not.toMatch(/10\.10\.|11\.10\./);

    const status = JSON.parse(statusOf(w.api!, POD.namespace, POD.name)!) as Array<{ name: string; interface: string; ips: string[]; default?: boolean; dns: object }>;
    expect(status.map((e) => [e.name, e.interface, e.ips, e.default ?? false, e.dns])).toEqual([
      ['flannel.1', 'eth0', [addrs.eth0![0]!.split('/')[0]], true, {}],
      ['default/macvlan-conf-1', 'macvlan1', [addrs.macvlan1![0]!.split('/')[0]], false, {}],
      ['default/macvlan-conf-2', 'net2', [addrs.net2![0]!.split('/')[0]], false, {}],
    ]);
    // Checkpoints live in cniDir, as Multus' delegate cache does.
    expect(w.checkpoints()).toHaveLength(1);

    await w.cnictlOk(['del', THIN_NAME, pod.path], envOf());
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
    expect(macvlanLeases()).toEqual([]);
  });

  it('refuses `delegates` with `clusterNetwork` naming the key; nothing attached, nothing checkpointed', async () => {
    writeFileSync(readinessFile, `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${FLANNEL_SUBNET}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n`);
    writeThinConf(relocate({ clusterNetwork: 'flannel.1' }));
    const run = await w.cnictl(['add', THIN_NAME, pod.path], envOf());
    expect(run.status).not.toBe(0);
    expect(run.stderr + run.stdout).toMatch(/invalid delegates.*clusterNetwork/s);
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });

  it('refuses a kubeconfig kubectl would refuse, naming the key and the file; nothing attached, nothing checkpointed', async () => {
    writeFileSync(readinessFile, `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${FLANNEL_SUBNET}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n`);
    const broken = join(w.tmp, 'multus.kubeconfig');
    writeFileSync(broken, 'clusters: [unclosed');
    writeThinConf(relocate({ kubeconfig: broken }));
    const run = await w.cnictl(['add', THIN_NAME, pod.path], envOf());
    expect(run.status).not.toBe(0);
    expect(run.stderr + run.stdout).toContain('invalid kubeconfig');
    expect(run.stderr + run.stdout).toContain(broken);
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });

  it('gives up on a readinessindicatorfile that never appears with 11 naming the file; nothing attached, nothing checkpointed', async () => {
    rmSync(readinessFile, { force: true });
    writeThinConf(relocate({ readinessTimeoutMs: 2500 }));
    const started = Date.now();
    const run = await w.cnictl(['add', THIN_NAME, pod.path], envOf());
    expect(run.status).not.toBe(0);
    expect(run.stderr + run.stdout).toContain(readinessFile);
    // Code 11 (try again later) itself is asserted in the unit tests; cnictl prints the message.
    expect(run.stderr + run.stdout).toContain('did not appear within 2500 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
  });
});
