import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  buildPlugins,
  createNetns,
  deleteNetns,
  describeFailure,
  execCni,
  ipJson,
  ipOk,
  makeCniBinDir,
  runChain,
  type Attachment,
  type CniBinDir,
  type ConfList,
  type TestNetns,
} from '../support';

// route-injector chained after the reference bridge + static IPAM (Debian containernetworking-plugins 1.1.1),
// every binary exec'd with CNI_* env as a runtime would. The "node" side of the attachment is a throwaway netns
// too (the bridge plugin makes its bridge in the netns it runs in), so the host netns is never changed.
jest.setTimeout(60_000);

type Json = Array<Record<string, unknown>>;

let bin: CniBinDir;
let node: TestNetns;
let pod: TestNetns;

beforeAll(() => {
  buildPlugins('route-injector');
  bin = makeCniBinDir({ plexus: ['route-injector'], reference: ['bridge', 'static'] });
});
afterAll(() => bin?.remove());

beforeEach(() => {
  node = createNetns('plxri');
  pod = createNetns('plxri');
});
afterEach(() => {
  deleteNetns(pod);
  deleteNetns(node);
});

/** bridgeStatic is the interface plugin of every chain: eth0 on a bridge, both families, a default via .1. */
const bridgeStatic = {
  type: 'bridge',
  bridge: 'plxri-br0',
  isGateway: false,
  ipMasq: false,
  ipam: {
    type: 'static',
    addresses: [
      { address: '10.77.0.10/24', gateway: '10.77.0.1' },
      { address: 'fd00:77::10/64', gateway: 'fd00:77::1' },
    ],
    routes: [{ dst: '0.0.0.0/0', gw: '10.77.0.1' }],
  },
};

/** injector is route-injector with every feature but ECMP and device routes (see the test for those). */
const injector = {
  type: 'route-injector',
  routes: [
    { dst: '10.10.0.0/16', gw: '10.77.0.1', metric: 100 },
    { dst: 'fd00:10::/48', gw: 'fd00:77::1' },
  ],
  policyRoutes: [{ table: 100, priority: 1000, routes: [{ dst: '0.0.0.0/0', gw: '10.77.0.254' }, { dst: '::/0', gw: 'fd00:77::fe' }] }],
  defaultRoute: { gw: '10.77.0.254' },
};

function list(version: string, plugins: ConfList['plugins']): ConfList {
  return { cniVersion: version, name: `plxri-${randomBytes(3).toString('hex')}`, plugins };
}

function attachment(): Attachment {
  return { containerId: `plxri-${randomBytes(6).toString('hex')}`, netns: pod.path, ifName: 'eth0', binDir: bin.dir, hostNetns: node.path };
}

/** add runs the chain's ADD and fails the test with every plugin's output when it does not succeed. */
function add(conf: ConfList, at: Attachment): Record<string, unknown> {
  const out = runChain(conf, 'ADD', at);
  if (!out.ok) throw new Error(`ADD failed:\n${describeFailure(out)}`);
  return out.result!;
}

/** injectorRun execs route-injector alone with the final result as prevResult (CHECK/DEL of the last plugin). */
function injectorRun(command: 'CHECK' | 'DEL', conf: ConfList, at: Attachment, prevResult: unknown) {
  const stdin: Record<string, unknown> = { ...conf.plugins[conf.plugins.length - 1], cniVersion: conf.cniVersion, name: conf.name };
  if (prevResult !== undefined) stdin.prevResult = prevResult;
  return execCni(join(bin.dir, 'route-injector'), { command, stdin, containerId: at.containerId, netns: at.netns, ifName: at.ifName, path: at.binDir, hostNetns: at.hostNetns });
}

const routes = (args: string[]) => ipJson<Json>(pod, ['route', 'show', ...args]);
const routes6 = (args: string[]) => ipJson<Json>(pod, ['-6', 'route', 'show', ...args]);
const ourRules = (family: '-4' | '-6') => ipJson<Json>(pod, [family, 'rule', 'show']).filter((r) => r.table === '100');

// 0.4.0 and 1.0.0: the versions with CHECK that the reference plugins speak.
describe.each(['0.4.0', '1.0.0'])('route-injector after bridge + static (cniVersion %s)', (version) => {
  it('installs, checks, notices a route removed by hand, and DEL removes exactly what it added', () => {
    const conf = list(version, [bridgeStatic, injector]);
    const at = attachment();
    const result = add(conf, at);

    // ADD: main-table routes, the replaced default, the policy table and its rules.
    expect(routes(['default'])).toEqual([expect.objectContaining({ gateway: '10.77.0.254', dev: 'eth0' })]);
    expect(routes(['10.10.0.0/16'])).toEqual([expect.objectContaining({ gateway: '10.77.0.1', dev: 'eth0', metric: 100 })]);
    expect(routes6(['fd00:10::/48'])).toEqual([expect.objectContaining({ gateway: 'fd00:77::1', dev: 'eth0' })]);
    expect(routes(['table', '100'])).toEqual([expect.objectContaining({ dst: 'default', gateway: '10.77.0.254', dev: 'eth0' })]);
    expect(routes6(['table', '100'])).toEqual([expect.objectContaining({ dst: 'default', gateway: 'fd00:77::fe', dev: 'eth0' })]);
    expect(ourRules('-4')).toEqual([{ priority: 1000, src: '10.77.0.10', srclen: 24, table: '100' }]);
    expect(ourRules('-6')).toEqual([{ priority: 1000, src: 'fd00:77::10', srclen: 64, table: '100' }]);
    expect(result.routes).toEqual([
      { dst: '0.0.0.0/0', gw: '10.77.0.254' },
      { dst: '10.10.0.0/16', gw: '10.77.0.1', priority: 100 },
      { dst: 'fd00:10::/48', gw: 'fd00:77::1' },
    ]);

    // CHECK of the whole chain passes (the reference bridge also checks our routes, listed in the result); a
    // route removed by hand fails it, and route-injector's own CHECK says which.
    const check = runChain(conf, 'CHECK', at, result);
    expect(check.ok).toBe(true);
    expect(check.outputs.map((o) => o.type)).toEqual(['bridge', 'route-injector']);
    ipOk(pod, ['route', 'del', '10.10.0.0/16', 'metric', '100']);
    expect(runChain(conf, 'CHECK', at, result).ok).toBe(false);
    expect(injectorRun('CHECK', conf, at, result).json).toMatchObject({ code: 103, msg: 'route missing', details: expect.stringContaining('10.10.0.0/16 via 10.77.0.1') });
    ipOk(pod, ['route', 'add', '10.10.0.0/16', 'via', '10.77.0.1', 'dev', 'eth0', 'metric', '100']);
    ipOk(pod, ['rule', 'del', 'from', '10.77.0.10/24', 'table', '100']);
    expect(injectorRun('CHECK', conf, at, result).json).toMatchObject({ code: 104, msg: 'rule missing' });

    // route-injector's DEL alone: none of its routes or rules are left, the interface plugin's state is.
    const del = injectorRun('DEL', conf, at, result);
    expect(del.status).toBe(0);
    expect(ipJson<Json>(pod, ['rule', 'show']).map((r) => r.table)).toEqual(['local', 'main', 'default']);
    expect(ipJson<Json>(pod, ['-6', 'rule', 'show']).map((r) => r.table)).toEqual(['local', 'main']);
    expect(routes(['table', '100'])).toEqual([]);
    expect(routes6(['table', '100'])).toEqual([]);
    expect(routes([]).map((r) => r.dst)).toEqual(['10.77.0.0/24']);
    expect(routes6([]).map((r) => r.dst).filter((d) => d !== 'fe80::/64')).toEqual(['fd00:77::/64']);

    // The whole chain's DEL, twice, succeeds and leaves the pod with lo only.
    expect(runChain(conf, 'DEL', at, result).ok).toBe(true);
    expect(runChain(conf, 'DEL', at, result).ok).toBe(true);
    expect(ipJson<Json>(pod, ['link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
  });

  it('DEL succeeds after the pod netns was deleted (ip netns del), with and without prevResult', () => {
    const conf = list(version, [bridgeStatic, injector]);
    const at = attachment();
    const result = add(conf, at);
    deleteNetns(pod);
    const del = runChain(conf, 'DEL', at, result);
    expect(del.ok).toBe(true);
    expect(runChain(conf, 'DEL', at).ok).toBe(true);
  });

  it('undoes what it added when the kernel refuses a route halfway (a conflicting route made by hand)', () => {
    const conf = list(version, [bridgeStatic]);
    const at = attachment();
    const bridgeResult = add(conf, at);
    ipOk(pod, ['-6', 'route', 'add', 'fd00:10::/48', 'via', 'fd00:77::1', 'dev', 'eth0']);
    const before = { main: routes([]), main6: routes6([]), rules: ipJson<Json>(pod, ['rule', 'show']) };

    const out = execCni(join(bin.dir, 'route-injector'), {
      command: 'ADD',
      stdin: { ...injector, cniVersion: version, name: conf.name, prevResult: bridgeResult },
      containerId: at.containerId,
      netns: at.netns,
      ifName: 'eth0',
      path: bin.dir,
      hostNetns: node.path,
    });
    expect(out.status).toBe(1);
    expect(out.json).toMatchObject({ code: 100, msg: 'failed to install routes', details: expect.stringContaining('File exists') });
    expect(routes([])).toEqual(before.main);
    expect(routes6([])).toEqual(before.main6);
    expect(ipJson<Json>(pod, ['rule', 'show'])).toEqual(before.rules);
    expect(routes(['table', '100'])).toEqual([]);
  });
});

describe('route-injector at cniVersion 1.1.0 (prevResult from bridge, converted as libcni would)', () => {
  it('adds ECMP and device routes, lists policy routes with their table, checks and deletes', () => {
    const conf = list('1.0.0', [bridgeStatic]);
    const at = attachment();
    const prev = { ...add(conf, at), cniVersion: '1.1.0' };
    const keys = {
      type: 'route-injector',
      routes: [
        { dst: '10.20.0.0/16', gw: '10.77.0.2' },
        { dst: '10.20.0.0/16', gw: '10.77.0.3', weight: 3 },
        { dst: '192.168.50.0/24' },
      ],
      policyRoutes: [{ table: 200, routes: [{ dst: '10.30.0.0/16', gw: '10.77.0.5' }] }],
    };
    const stdin = { ...keys, cniVersion: '1.1.0', name: conf.name, prevResult: prev };
    const run = (command: 'ADD' | 'CHECK' | 'DEL') =>
      execCni(join(bin.dir, 'route-injector'), { command, stdin: command === 'ADD' ? stdin : { ...stdin, prevResult: result }, containerId: at.containerId, netns: at.netns, ifName: 'eth0', path: bin.dir, hostNetns: node.path });
    let result: unknown = prev;
    const added = run('ADD');
    expect(added.status).toBe(0);
    result = added.json;
    expect((result as { routes: unknown[] }).routes).toEqual([
      { dst: '0.0.0.0/0', gw: '10.77.0.1' },
      { dst: '10.20.0.0/16', gw: '10.77.0.2' },
      { dst: '10.20.0.0/16', gw: '10.77.0.3' },
      { dst: '192.168.50.0/24' },
      { dst: '10.30.0.0/16', gw: '10.77.0.5', table: 200 },
    ]);
    expect(routes(['10.20.0.0/16'])).toEqual([
      expect.objectContaining({
        nexthops: [expect.objectContaining({ gateway: '10.77.0.2', weight: 1 }), expect.objectContaining({ gateway: '10.77.0.3', weight: 3 })],
      }),
    ]);
    expect(routes(['192.168.50.0/24'])).toEqual([expect.objectContaining({ dev: 'eth0', scope: 'link' })]);
    expect(ipJson<Json>(pod, ['rule', 'show']).filter((r) => r.table === '200')).toEqual([expect.objectContaining({ src: '10.77.0.10', srclen: 24 })]);

    expect(run('CHECK').status).toBe(0);
    ipOk(pod, ['route', 'replace', '10.20.0.0/16', 'via', '10.77.0.2', 'dev', 'eth0']);
    expect(run('CHECK').json).toMatchObject({ code: 103 });
    expect(run('DEL').status).toBe(0);
    expect(routes(['table', '200'])).toEqual([]);
    expect(routes(['192.168.50.0/24'])).toEqual([]);
    expect(ipJson<Json>(pod, ['rule', 'show']).filter((r) => r.table === '200')).toEqual([]);
    expect(run('DEL').status).toBe(0);
  });
});
