/**
 * cnictl against the reference Go plugins (Debian containernetworking-plugins 1.1.1: bridge, static, tuning;
 * cniVersion 1.0.0), the chain of the cnitool demo in shared/reference/cni-spec.md §4: ADD prints the chained
 * result and caches it, CHECK passes, DEL removes everything and can be repeated, DEL after the netns is gone
 * succeeds, and a failing ADD caches nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_PLUGIN_DIR, buildPlugins, deleteNetns, ipJson, type TestNetns } from '../support';
import { CnictlWorld, containerIdFor } from './cnictl-world';

const NET = 'plxct-ref';
const MAC = '02:50:00:00:00:0a';
const CAPS = { CAP_ARGS: JSON.stringify({ mac: MAC }) };

let world: CnictlWorld;
let pod: TestNetns;
let confText: string;

beforeAll(() => buildPlugins('tools'), 120_000);

beforeEach(() => {
  world = new CnictlWorld(REFERENCE_PLUGIN_DIR, 'plxctbr0');
  pod = world.pod();
  confText = world.conflist('10-ref.conflist', {
    cniVersion: '1.0.0',
    name: NET,
    plugins: [
      {
        type: 'bridge',
        bridge: 'plxctbr0',
        isGateway: false,
        ipMasq: false,
        capabilities: { ips: true },
        ipam: {
          type: 'static',
          addresses: [{ address: '10.199.1.10/24', gateway: '10.199.1.1' }],
          // With a gw: Debian 1.1.1's bridge CHECK fails gw-less routes (cni-spec.md §4.3).
          routes: [{ dst: '10.198.0.0/16', gw: '10.199.1.1' }],
        },
      },
      { type: 'tuning', capabilities: { mac: true }, sysctl: { 'net.ipv4.conf.eth0.arp_notify': '1' } },
    ],
  });
});

afterEach(() => world.cleanup());

const cacheFile = (ns: TestNetns, ifName = 'eth0') => join(world.cacheDir, 'results', `${NET}-${containerIdFor(ns.path)}-${ifName}`);
const hostVeths = () => ipJson(world.host, ['link', 'show', 'type', 'veth']);

describe('cnictl with bridge + static + tuning', () => {
  it('ADD prints the chained result, configures the pod and writes a libcni cache file', () => {
    const result = JSON.parse(world.cnictlOk(['add', NET, pod.path], CAPS));

    expect(result).toMatchObject({
      cniVersion: '1.0.0',
      ips: [{ address: '10.199.1.10/24', gateway: '10.199.1.1', interface: 2 }],
      routes: [{ dst: '10.198.0.0/16', gw: '10.199.1.1' }],
      dns: {},
    });
    expect(result.interfaces).toHaveLength(3);
    expect(result.interfaces[0]).toMatchObject({ name: 'plxctbr0' });
    expect(result.interfaces[1].name).toMatch(/^veth/);
    expect(result.interfaces[2]).toEqual({ name: 'eth0', mac: MAC, sandbox: pod.path });

    const eth0 = ipJson<Array<{ address: string; addr_info: Array<{ family: string; local: string; prefixlen: number }> }>>(pod, ['addr', 'show', 'eth0']);
    expect(eth0[0]!.address).toBe(MAC);
    expect(eth0[0]!.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`)).toEqual(['10.199.1.10/24']);
    expect(ipJson(pod, ['route', 'show', '10.198.0.0/16'])).toEqual([expect.objectContaining({ dst: '10.198.0.0/16', gateway: '10.199.1.1', dev: 'eth0' })]);

    const file = cacheFile(pod);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(world.cacheDir, 'results')).mode & 0o777).toBe(0o700);
    const cached = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(cached)).toEqual(['kind', 'containerId', 'config', 'ifName', 'networkName', 'netns', 'capabilityArgs', 'result']);
    expect(cached).toMatchObject({ kind: 'cniCacheV1', containerId: containerIdFor(pod.path), ifName: 'eth0', networkName: NET, netns: pod.path, capabilityArgs: { mac: MAC } });
    expect(Buffer.from(cached.config, 'base64').toString()).toBe(confText);
    expect(cached.result).toEqual(result);
  }, 60_000);

  it('CHECK passes after ADD; DEL removes the veth and the cache; DEL again succeeds', () => {
    world.cnictlOk(['add', NET, pod.path], CAPS);
    expect(hostVeths()).toHaveLength(1);

    expect(world.cnictl(['check', NET, pod.path], CAPS)).toMatchObject({ status: 0, stderr: '' });

    world.cnictlOk(['del', NET, pod.path], CAPS);
    expect(hostVeths()).toEqual([]);
    expect(ipJson<Array<{ ifname: string }>>(pod, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
    expect(existsSync(cacheFile(pod))).toBe(false);

    expect(world.cnictl(['del', NET, pod.path], CAPS).status).toBe(0);
  }, 60_000);

  it('DEL succeeds after the netns was deleted, and removes the cache', () => {
    world.cnictlOk(['add', NET, pod.path], CAPS);
    deleteNetns(pod);
    world.cnictlOk(['del', NET, pod.path], CAPS);
    expect(existsSync(cacheFile(pod))).toBe(false);
    expect(hostVeths()).toEqual([]);
  }, 60_000);

  it('a failing ADD exits 1 with the plugin named, caches nothing, and leaves no DEL behind it', () => {
    const out = world.cnictl(['add', NET, pod.path], { ...CAPS, CNI_ARGS: 'FOO=bar' });
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^plugin type="bridge" failed \(add\): .*unknown args \["FOO=bar"\]/);
    expect(existsSync(cacheFile(pod))).toBe(false);
    expect(ipJson<Array<{ ifname: string }>>(pod, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
  }, 60_000);

  it('honours CNI_IFNAME, and refuses a malformed CNI_ARGS before running any plugin', () => {
    const conf = JSON.parse(confText);
    // tuning's sysctl names eth0; this network is bridge + static only.
    world.conflist('20-ifname.conflist', { ...conf, name: 'plxct-ifn', plugins: [conf.plugins[0]] });
    const ifnCache = join(world.cacheDir, 'results', `plxct-ifn-${containerIdFor(pod.path)}-net1`);
    const result = JSON.parse(world.cnictlOk(['add', 'plxct-ifn', pod.path], { CNI_IFNAME: 'net1' }));
    expect(result.interfaces[2]).toMatchObject({ name: 'net1', sandbox: pod.path });
    expect(ipJson(pod, ['addr', 'show', 'net1'])).toHaveLength(1);
    expect(existsSync(ifnCache)).toBe(true);
    world.cnictlOk(['del', 'plxct-ifn', pod.path], { CNI_IFNAME: 'net1' });
    expect(existsSync(ifnCache)).toBe(false);

    const bad = world.cnictl(['add', NET, pod.path], { CNI_ARGS: 'IgnoreUnknown=' });
    expect(bad).toMatchObject({ status: 1, stderr: 'invalid CNI_ARGS pair "IgnoreUnknown="\n' });
    expect(hostVeths()).toEqual([]);
  }, 60_000);

  it('GC DELs every cached attachment not listed as valid (1.0.0: no GC call), and STATUS is a no-op below 1.1.0', () => {
    const other = world.pod();
    world.cnictlOk(['add', NET, pod.path], CAPS);
    world.cnictlOk(['add', NET, other.path], { CAP_ARGS: JSON.stringify({ mac: '02:50:00:00:00:0b' }) });
    expect(hostVeths()).toHaveLength(2);
    // The two pods got the same static address; only the kept one matters below.
    world.cnictlOk(['gc', NET, '--valid', `${containerIdFor(pod.path)}/eth0`]);

    expect(existsSync(cacheFile(pod))).toBe(true);
    expect(existsSync(cacheFile(other))).toBe(false);
    expect(hostVeths()).toHaveLength(1);
    expect(ipJson<Array<{ ifname: string }>>(other, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
    expect(ipJson(pod, ['addr', 'show', 'eth0'])).toHaveLength(1);

    expect(world.cnictl(['status', NET])).toEqual({ status: 0, stdout: '', stderr: '' });
    world.cnictlOk(['gc', NET]);
    expect(hostVeths()).toEqual([]);
    expect(existsSync(cacheFile(pod))).toBe(false);
  }, 60_000);
});
