import { noopLogger } from '@plexus/log';
import { HOST_INDEX_CLAIMS } from '../host-index/kube-host-index-store';
import { createTestWorld, exampleConf, type TestWorld } from '../testing/test-deps';
import { runSyncRoutes, type CommandIo } from './sync-routes-command';

describe('multi-nic-ipam --sync-routes', () => {
  let w: TestWorld;
  let out: string[];
  const io = (argv: string[], files: Record<string, string> = {}, stdin = ''): CommandIo => ({
    argv,
    env: { NODE_NAME: 'node-a' },
    readFile: async (p) => {
      if (files[p] === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      return files[p]!;
    },
    readStdin: async () => stdin,
    stdout: (t) => out.push(t),
    log: noopLogger,
  });
  beforeEach(async () => {
    out = [];
    w = await createTestWorld({ nodes: ['node-a', 'node-b'], hostNics: { eth1: ['10.0.1.11/24'], eth2: ['10.0.2.11/24'] } });
    w.kube.seed(HOST_INDEX_CLAIMS, {
      metadata: { name: 'storage-net.0', labels: { 'multinic.plexus.io/network': 'storage-net' } },
      spec: { network: 'storage-net', hostIndex: 0, nodeName: 'node-b', interfaces: [{ interfaceIndex: 1, hostIP: '10.0.2.12', podCIDR: '192.168.64.0/24' }] },
    });
  });
  const reports = () => out.join('').trim().split('\n').map((l) => JSON.parse(l));

  it('syncs every multi-nic-ipam network of a conflist (claiming the index first) and skips L2 ones', async () => {
    const l3 = exampleConf({ vlanMode: 'l3' });
    const conflist = JSON.stringify({
      cniVersion: '1.0.0',
      name: 'storage-net',
      plugins: [{ type: 'ipvlan', master: 'eth1', ipam: { ...(l3.ipam as object), type: 'multi-nic-ipam' } }, { type: 'route-injector' }],
    });
    const l2 = JSON.stringify(exampleConf({ dataDir: '/l2' }, { name: 'plain' }));
    expect(await runSyncRoutes(io(['--sync-routes', '--config', '/etc/cni/net.d/a.conflist', '--config', '/b.conf'], { '/etc/cni/net.d/a.conflist': conflist, '/b.conf': l2 }), w.deps)).toBe(0);
    expect(reports()).toEqual([
      {
        network: 'storage-net',
        node: 'node-a',
        hostIndex: 1,
        hostIndexFrom: 'kubernetes',
        table: 100,
        peers: 1,
        added: ['192.168.64.0/24 via 10.0.2.12 dev eth2'],
        removed: [],
        ruleAdded: true,
        releasedClaims: [],
      },
      { network: 'plain', skipped: 'vlanMode is l2: no routes' },
    ]);
  });

  it('reads the config from stdin and reports a failing network with exit code 1', async () => {
    const conf = JSON.stringify(exampleConf({ vlanMode: 'l3', subnet: '192.168.0.0/33' }));
    expect(await runSyncRoutes(io(['--sync-routes'], {}, conf), w.deps)).toBe(1);
    expect(reports()).toEqual([{ network: 'storage-net', error: { code: 7, msg: 'invalid ipam.subnet', details: expect.stringMatching(/not a network/) } }]);
  });

  it('reports unreadable input and bad arguments', async () => {
    expect(await runSyncRoutes(io(['--sync-routes', '--config', '/missing']), w.deps)).toBe(1);
    expect(reports()[0].error).toMatchObject({ code: 5, msg: 'cannot read network configuration', details: expect.stringMatching(/^"\/missing": ENOENT/) });
    out = [];
    expect(await runSyncRoutes(io(['--sync-routes'], {}, '{nope'), w.deps)).toBe(1);
    expect(reports()[0].error).toMatchObject({ code: 6, msg: 'failed to decode network configuration on stdin' });
    out = [];
    expect(await runSyncRoutes(io(['--sync-routes', '--verbose']), w.deps)).toBe(2);
    expect(reports()[0].error).toMatchObject({ code: 2, msg: 'unknown argument "--verbose"' });
  });
});
