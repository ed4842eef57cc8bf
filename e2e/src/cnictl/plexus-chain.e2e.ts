/**
 * The main chain through cnictl: the reference `bridge` with OUR static-ipam as its IPAM and OUR
 * route-injector chained after it (cniVersion 1.0.0, the newest the Debian bridge speaks). Two pods on one test
 * bridge get their addresses from CAP_ARGS (`ips` capability → runtimeConfig.ips → static-ipam), routes and a
 * policy table from route-injector; they ping each other over the bridge; DEL leaves no route, rule or link.
 */
import { spawnSync } from 'node:child_process';
import { buildPlugins, ipJson, makeCniBinDir, type CniBinDir, type TestNetns } from '../support';
import { CnictlWorld } from './cnictl-world';

const NET = 'plxct-plexus';
const BRIDGE = 'plxctbr1';
const GW = '10.199.2.1';
const PODS = [
  { addr: '10.199.2.11', caps: { CAP_ARGS: JSON.stringify({ ips: ['10.199.2.11/24'] }) } },
  { addr: '10.199.2.12', caps: { CAP_ARGS: JSON.stringify({ ips: ['10.199.2.12/24'] }) } },
];

interface RouteJson {
  dst: string;
  gateway?: string;
  dev?: string;
  table?: string;
}
interface RuleJson {
  priority: number;
  src?: string;
  table: string;
}

let bin: CniBinDir;
let world: CnictlWorld;
let pods: TestNetns[];

beforeAll(() => {
  buildPlugins('tools', 'static-ipam', 'route-injector');
  bin = makeCniBinDir({ plexus: ['static-ipam', 'route-injector'], reference: ['bridge'] });
}, 180_000);
afterAll(() => bin?.remove());

beforeEach(() => {
  world = new CnictlWorld(bin.dir, BRIDGE);
  pods = [world.pod(), world.pod()];
  world.conflist('10-plexus.conflist', {
    cniVersion: '1.0.0',
    name: NET,
    plugins: [
      {
        type: 'bridge',
        bridge: BRIDGE,
        isGateway: false,
        ipMasq: false,
        capabilities: { ips: true },
        ipam: { type: 'static-ipam', routes: [{ dst: '10.197.0.0/16', gw: GW }] },
      },
      {
        type: 'route-injector',
        routes: [{ dst: '10.196.0.0/24', gw: GW }],
        // Source-based routing: traffic from the pod address uses table 100, which must then also reach the subnet.
        policyRoutes: [{ table: 100, priority: 1000, routes: [{ dst: '10.199.2.0/24' }, { dst: '0.0.0.0/0', gw: GW }] }],
      },
    ],
  });
});
afterEach(() => world.cleanup());

const routes = (ns: TestNetns, ...args: string[]) => ipJson<RouteJson[]>(ns, ['-4', 'route', 'show', ...args]);
const rules = (ns: TestNetns) => ipJson<RuleJson[]>(ns, ['-4', 'rule', 'show']);
const DEFAULT_RULES = [
  { priority: 0, src: 'all', table: 'local' },
  { priority: 32766, src: 'all', table: 'main' },
  { priority: 32767, src: 'all', table: 'default' },
];

describe('cnictl: bridge + static-ipam + route-injector', () => {
  it('ADDs two pods with addresses, routes and a policy table; they ping each other; DEL leaves nothing behind', () => {
    const results = pods.map((pod, i) => JSON.parse(world.cnictlOk(['add', NET, pod.path], PODS[i]!.caps)));

    pods.forEach((pod, i) => {
      const { addr } = PODS[i]!;
      expect(results[i]).toMatchObject({
        cniVersion: '1.0.0',
        ips: [{ address: `${addr}/24`, interface: 2 }],
        routes: [
          { dst: '10.197.0.0/16', gw: GW },
          { dst: '10.196.0.0/24', gw: GW },
        ],
      });
      const eth0 = ipJson<Array<{ addr_info: Array<{ family: string; local: string; prefixlen: number }> }>>(pod, ['addr', 'show', 'eth0']);
      expect(eth0[0]!.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`)).toEqual([`${addr}/24`]);
      const main = routes(pod);
      expect(main).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ dst: '10.199.2.0/24', dev: 'eth0' }),
          expect.objectContaining({ dst: '10.197.0.0/16', gateway: GW, dev: 'eth0' }),
          expect.objectContaining({ dst: '10.196.0.0/24', gateway: GW, dev: 'eth0' }),
        ]),
      );
      expect(routes(pod, 'table', '100')).toEqual([
        expect.objectContaining({ dst: 'default', gateway: GW, dev: 'eth0' }),
        expect.objectContaining({ dst: '10.199.2.0/24', dev: 'eth0', scope: 'link' }),
      ]);
      expect(rules(pod)).toContainEqual(expect.objectContaining({ priority: 1000, src: addr, table: '100' }));
    });

    for (const [from, to] of [[0, 1], [1, 0]] as const) {
      const ping = spawnSync('ip', ['netns', 'exec', pods[from]!.name, 'ping', '-c1', '-W2', PODS[to]!.addr], { encoding: 'utf8' });
      expect({ status: ping.status, out: ping.stdout + ping.stderr }).toMatchObject({ status: 0, out: expect.stringContaining('1 received') });
    }

    expect(world.cnictl(['check', NET, pods[0]!.path], PODS[0]!.caps)).toMatchObject({ status: 0, stderr: '' });

    pods.forEach((pod, i) => world.cnictlOk(['del', NET, pod.path], PODS[i]!.caps));
    for (const pod of pods) {
      expect(ipJson<Array<{ ifname: string }>>(pod, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
      // Only the loopback's own routes may remain, in any table.
      expect(routes(pod, 'table', 'all').filter((r) => r.dev !== 'lo')).toEqual([]);
      expect(ipJson<RouteJson[]>(pod, ['-6', 'route', 'show', 'table', 'all']).filter((r) => r.dev !== 'lo')).toEqual([]);
      expect(rules(pod)).toEqual(DEFAULT_RULES);
    }
    expect(ipJson(world.host, ['link', 'show', 'type', 'veth'])).toEqual([]);
    expect(world.cnictl(['del', NET, pods[0]!.path]).status).toBe(0);
  }, 120_000);

  it('a route-injector failure aborts ADD with the plugin named; DEL then cleans up what bridge made', () => {
    // 10.1.0.0/24 is not on the pod subnet: route-injector refuses the gateway after bridge has run.
    world.conflist('20-bad.conflist', {
      cniVersion: '1.0.0',
      name: 'plxct-bad',
      plugins: [
        { type: 'bridge', bridge: BRIDGE, capabilities: { ips: true }, ipam: { type: 'static-ipam' } },
        { type: 'route-injector', routes: [{ dst: '10.196.0.0/24', gw: '10.1.0.1' }] },
      ],
    });
    const [pod] = pods;
    const out = world.cnictl(['add', 'plxct-bad', pod!.path], PODS[0]!.caps);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/^plugin type="route-injector" failed \(add\): /);
    // Like libcni, cnictl runs no DEL by itself: bridge's veth is still there until the caller's DEL.
    expect(ipJson(world.host, ['link', 'show', 'type', 'veth'])).toHaveLength(1);
    world.cnictlOk(['del', 'plxct-bad', pod!.path], PODS[0]!.caps);
    expect(ipJson(world.host, ['link', 'show', 'type', 'veth'])).toEqual([]);
    expect(ipJson<Array<{ ifname: string }>>(pod!, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
  }, 120_000);
});
