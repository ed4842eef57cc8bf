/**
 * L3 mode on a real kernel: three throwaway netns stand in for hosts sharing two L2 segments (the NIC pool). Each
 * host's built multi-nic-ipam claims its index in the API emulator on ADD, publishes its NIC addresses, and programs
 * a routing table towards the other hosts' blocks plus `from <subnet> lookup <table>`; afterwards each host's
 * plexus-node (its multi-nic component, run in the host's netns) keeps claims and routes true — checked in the
 * tables, by the kernel's route lookup, and by pinging between "pod" addresses of different hosts. Needs root
 * (netns, veth, bridge); about 30 s.
 */
import { buildPlugins, ipJson, ipOk, ip, isRoot } from '../support';
import { startHostAgent, waitUntil, type HostAgent } from './host-agent';
import { L3World, type FakeHost } from './l3-world';
import { buildMultiNicIpam, runMultiNic } from './run-multi-nic';

const conf = (h: FakeHost, kubeconfig: string) => ({
  cniVersion: '1.1.0',
  name: 'plxmn-l3',
  type: 'ipvlan',
  ipam: {
    type: 'multi-nic-ipam',
    subnet: '192.168.0.0/16',
    interfaceBlock: 2,
    hostBlock: 6,
    masterNets: ['10.0.1.0/24', '10.0.2.0/24'],
    vlanMode: 'l3',
    dataDir: h.dataDir,
    kubeconfig,
  },
});

// Needs root (netns); fail loudly rather than skip, so a non-root run can never count as a pass.
beforeAll(() => {
  if (!isRoot()) throw new Error('the multi-nic-ipam L3 e2e suite needs root (netns, routes, rules)');
});

describe('multi-nic-ipam L3 mode, hosts as netns', () => {
  const world = new L3World();
  const add = (h: FakeHost, containerId: string) => runMultiNic({ command: 'ADD', conf: conf(h, world.api.kubeconfigPath), containerId, env: { NODE_NAME: h.node }, netns: h.ns.name });
  const agents = new Map<string, HostAgent>();
  const startAgent = (h: FakeHost) =>
    agents.set(h.node, startHostAgent(h, { apiUrl: world.api.url, token: world.token, networkConf: conf(h, world.api.kubeconfigPath), intervalS: 1 }));
  const agent = (h: FakeHost) => agents.get(h.node)!;
  /** synced waits for a report of `h`'s agent, logged after `after` reports, that matches `want`. */
  const synced = async (h: FakeHost, want: (r: Record<string, unknown>) => boolean, after = 0) => {
    await waitUntil(() => agent(h).reports().slice(after).some(want), () => `${h.node}: ${agent(h).stderr()}`);
    return agent(h).reports().slice(after).find(want)!;
  };
  const table = (h: FakeHost) =>
    ipJson<Array<{ dst: string; gateway?: string; dev: string }>>(h.ns, ['route', 'show', 'table', '100'])
      .map((r) => `${r.dst} via ${r.gateway} dev ${r.dev}`)
      .sort();
  const rules = (h: FakeHost) => ipJson<Array<{ src?: string; srclen?: number; table: string }>>(h.ns, ['rule', 'show']).filter((r) => r.table === '100').map((r) => `${r.src}/${r.srclen}`);
  const [a, b, c] = [0, 1, 2].map((i) => () => world.hosts[i]!);

  beforeAll(async () => {
    buildMultiNicIpam();
    buildPlugins('plexus-node');
    await world.start(['host-a', 'host-b', 'host-c']);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([...agents.values()].map((a) => a.stop()));
    await world.stop();
  }, 30_000);

  it('claims one index per host and routes each host block via its owner on the same NIC index', async () => {
    const ips: string[][] = [];
    for (const h of [a(), b(), c()]) {
      const out = await add(h, 'pod1');
      expect({ node: h.node, status: out.status, stderr: out.stderr }).toEqual({ node: h.node, status: 0, stderr: '' });
      ips.push((out.json as { ips: Array<{ address: string }> }).ips.map((x) => x.address));
    }
    expect(ips).toEqual([
      ['192.168.0.1/18', '192.168.64.1/18'],
      ['192.168.1.1/18', '192.168.65.1/18'],
      ['192.168.2.1/18', '192.168.66.1/18'],
    ]);
    // Host C synced during its ADD, after A and B had claimed; A and B learn about the others from their agents.
    for (const h of [a(), b(), c()]) startAgent(h);
    for (const h of [a(), b()]) {
      expect(await synced(h, (r) => r.peers === 2)).toMatchObject({ network: 'plxmn-l3', node: h.node, hostIndexFrom: 'cache', table: 100 });
    }
    expect(table(a())).toEqual([
      '192.168.1.0/24 via 10.0.1.12 dev eth1',
      '192.168.2.0/24 via 10.0.1.13 dev eth1',
      '192.168.65.0/24 via 10.0.2.12 dev eth2',
      '192.168.66.0/24 via 10.0.2.13 dev eth2',
    ]);
    expect(table(c())).toEqual([
      '192.168.0.0/24 via 10.0.1.11 dev eth1',
      '192.168.1.0/24 via 10.0.1.12 dev eth1',
      '192.168.64.0/24 via 10.0.2.11 dev eth2',
      '192.168.65.0/24 via 10.0.2.12 dev eth2',
    ]);
    for (const h of [a(), b(), c()]) expect(rules(h)).toEqual(['192.168.0.0/16']);
  }, 120_000);

  it('lets the kernel route pod traffic between hosts through the table (route lookup and ping)', async () => {
    // Stand-in pod addresses on each host's lo (a real pod would sit on an ipvlan of eth1/eth2).
    ipOk(a().ns, ['addr', 'add', '192.168.0.1/32', 'dev', 'lo']);
    ipOk(b().ns, ['addr', 'add', '192.168.65.1/32', 'dev', 'lo']);
    const lookup = ipJson<Array<{ gateway: string; dev: string }>>(a().ns, ['route', 'get', '192.168.65.1', 'from', '192.168.0.1']);
    expect(lookup[0]).toMatchObject({ gateway: '10.0.2.12', dev: 'eth2' });
    // The reply from B takes B's table: 192.168.0.0/24 via 10.0.1.11 dev eth1.
    const ping = ip(undefined, ['netns', 'exec', a().ns.name, 'ping', '-c', '1', '-W', '2', '-I', '192.168.0.1', '192.168.65.1']);
    expect(ping.status).toBe(0);
    // Without the rule the pod source would use the main table, which has no route to other hosts' blocks.
    expect(ip(a().ns, ['route', 'get', '192.168.65.1']).status).not.toBe(0);
  }, 60_000);

  it('is idempotent, and removes the routes of a host whose Node (and so claim) went away', async () => {
    const seen = agent(a()).reports().length;
    expect(await synced(a(), () => true, seen)).toMatchObject({ peers: 2, added: [], removed: [], ruleAdded: false, releasedClaims: [] });
    // Host C goes away: its agent stops with it, then its Node is deleted.
    await agent(c()).stop();
    const [fromA, fromB] = [agent(a()).reports().length, agent(b()).reports().length];
    world.api.store.remove({ group: '', plural: 'nodes', name: 'host-c' });
    // Whichever agent passes first releases the claim; both drop C's routes.
    const [ra, rb] = await Promise.all([synced(a(), (r) => r.peers === 1, fromA), synced(b(), (r) => r.peers === 1, fromB)]);
    expect([ra, rb].flatMap((r) => r.releasedClaims as unknown[])).toEqual([{ node: 'host-c', hostIndex: 2 }]);
    expect(ra).toMatchObject({ removed: ['192.168.2.0/24', '192.168.66.0/24'] });
    expect(rb).toMatchObject({ removed: ['192.168.2.0/24', '192.168.66.0/24'] });
    expect(table(a())).toEqual(['192.168.1.0/24 via 10.0.1.12 dev eth1', '192.168.65.0/24 via 10.0.2.12 dev eth2']);
    expect(world.api.store.list('multinic.plexus.io', 'hostindexclaims').map((o) => o.metadata.name).sort()).toEqual(['plxmn-l3.0', 'plxmn-l3.1']);
  }, 60_000);

  it('restores a rule lost from a host (multi-nic-cni#5) on the next pass', async () => {
    const seen = agent(a()).reports().length;
    ipOk(a().ns, ['rule', 'del', 'from', '192.168.0.0/16', 'table', '100']);
    expect(await synced(a(), (r) => r.ruleAdded === true, seen)).toMatchObject({ added: [], removed: [] });
    expect(rules(a())).toEqual(['192.168.0.0/16']);
  }, 60_000);
});
