import { CniError } from '@plexus/cni-spec';
import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { CACHE_DIR, CONTAINER, DispatcherHarness, NETNS, confList, dispatcherConf, ifaceResult, request } from './testing/dispatcher-harness';

/** A pod with the cluster network and three Multus networks, the second with an explicit interface name. */
function threeNetworks(): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [
    request('cluster', 'bridge', { source: 'cluster-network', isPrimary: true, capabilityArgs: { portMappings: [{ hostPort: 80, containerPort: 8080 }] } }),
    request('default/macvlan-a', 'macvlan', { confList: confList('macvlan-a', 'macvlan', { capabilities: { ips: true } }), cniArgs: [['IP', '10.1.1.11/24']], capabilityArgs: { ips: ['10.1.1.11/24'] }, requested: { ips: ['10.1.1.11/24'] } }),
    request('default/macvlan-b', 'macvlan', { ifName: 'data1' }),
    request('default/macvlan-c', 'macvlan'),
  ];
  let n = 20;
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24', { gateway: '10.244.0.1', defaultGw: '10.244.0.1', mac: 'aa:00:00:00:00:05' }));
  h.addMain('macvlan', (ifName, req) => {
    const asked = (JSON.parse(req.stdin) as { runtimeConfig?: { ips?: string[] } }).runtimeConfig?.ips?.[0];
    return ifaceResult(ifName, asked ?? `10.1.1.${n++}/24`, { mac: `aa:00:00:00:01:${n}` });
  });
  return h;
}

describe('ADD', () => {
  it('refuses a plan whose delegate binary is not in CNI_PATH before anything is checkpointed or run', async () => {
    const h = threeNetworks();
    h.delegator.locate = (type, dirs) => {
      if (type === 'macvlan') throw new CniError(7, `failed to find plugin "${type}" in path`, `[${dirs.join(' ')}]`);
      return `/opt/cni/bin/${type}`;
    };
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 7, msg: 'failed to find plugin "macvlan" in path' });
    expect(h.delegator.calls).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
    await h.ok('DEL');
  });

  it('runs every network in plan order with Multus interface names, CNI_ARGS and capability args', async () => {
    const h = threeNetworks();
    await h.ok('ADD');
    expect(h.delegator.commands()).toEqual(['bridge ADD', 'macvlan ADD', 'macvlan ADD', 'macvlan ADD']);
    expect(h.delegator.calls.map((c) => c.env.CNI_IFNAME)).toEqual(['eth0', 'net1', 'data1', 'net3']);
    const second = h.delegator.calls[1]!;
    expect(second.env).toMatchObject({ CNI_COMMAND: 'ADD', CNI_CONTAINERID: CONTAINER, CNI_NETNS: NETNS, CNI_PATH: '/opt/cni/bin' });
    expect(second.env.CNI_ARGS).toBe('IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_UID=uid-1;IP=10.1.1.11/24');
    expect(JSON.parse(h.delegator.calls[0]!.stdin)).not.toHaveProperty('runtimeConfig');
    expect(h.delegator.calls.every((c) => c.timeoutMs === 30_000)).toBe(true);
  });

  it('writes the full plan to the checkpoint (0600) before the first delegate runs, and the results after', async () => {
    const h = threeNetworks();
    let seenAtFirstAdd: unknown;
    const original = h.delegator.add.bind(h.delegator);
    h.delegator.add = async (req) => {
      seenAtFirstAdd ??= await h.checkpoint();
      return original(req);
    };
    await h.ok('ADD');
    const planned = seenAtFirstAdd as Awaited<ReturnType<typeof h.checkpoint>>;
    expect(planned).toMatchObject({ phase: 'planned', containerId: CONTAINER, netns: NETNS, ifName: 'eth0', pod: { namespace: 'default', name: 'web', uid: 'uid-1' } });
    expect(planned!.attachments.map((a) => [a.ifName, a.network, typeof a.config])).toEqual([
      ['eth0', 'cluster', 'string'],
      ['net1', 'default/macvlan-a', 'string'],
      ['data1', 'default/macvlan-b', 'string'],
      ['net3', 'default/macvlan-c', 'string'],
    ]);
    expect(JSON.parse(planned!.attachments[0]!.config as string)).toEqual(h.requests[0]!.confList);
    expect(planned!.attachments[1]!.capabilityArgs).toEqual({ ips: ['10.1.1.11/24'] });
    const done = await h.checkpoint();
    expect(done!.phase).toBe('added');
    expect(done!.attachments.map((a) => (a.result as { ips: Array<{ address: string }> }).ips[0]!.address)).toEqual(['10.244.0.5/24', '10.1.1.11/24', '10.1.1.20/24', '10.1.1.21/24']);
    expect(h.files.files.get(`${CACHE_DIR}/${CONTAINER}.json`)!.mode).toBe(0o600);
  });

  it('returns the cluster network\'s result alone, as Multus does; the secondaries are only in network-status', async () => {
    const h = threeNetworks();
    const out = (await h.ok('ADD')) as { interfaces: Array<{ name: string }>; ips: unknown[]; routes: unknown[] };
    expect(out).toEqual({
      cniVersion: '1.1.0',
      dns: {},
      interfaces: [{ name: 'host-br' }, { name: 'eth0', sandbox: NETNS, mac: 'aa:00:00:00:00:05' }],
      ips: [{ address: '10.244.0.5/24', gateway: '10.244.0.1', interface: 1 }],
      routes: [{ dst: '0.0.0.0/0', gw: '10.244.0.1' }],
    });
    const pod = h.kube.stored<{ metadata: { annotations: Record<string, string> } }>({ group: '', version: 'v1', plural: 'pods', kind: 'Pod' }, { namespace: 'default', name: 'web' });
    const status = JSON.parse(pod!.metadata.annotations['k8s.v1.cni.cncf.io/network-status']!) as Array<{ interface: string; ips: string[] }>;
    expect(status.map((e) => [e.interface, e.ips])).toEqual([['eth0', ['10.244.0.5']], ['net1', ['10.1.1.11']], ['data1', ['10.1.1.20']], ['net3', ['10.1.1.21']]]);
  });

  it('with mergedResult returns the primary result first with every secondary interface after it, interface indexes fixed up', async () => {
    const out = (await threeNetworks().ok('ADD', dispatcherConf({ mergedResult: true }))) as { interfaces: Array<{ name: string }>; ips: Array<{ address: string; interface: number; gateway?: string }>; routes: unknown[] };
    expect(out.interfaces.map((i) => i.name)).toEqual(['host-br', 'eth0', 'host-br', 'net1', 'host-br', 'data1', 'host-br', 'net3']);
    expect(out.ips).toEqual([
      { address: '10.244.0.5/24', gateway: '10.244.0.1', interface: 1 },
      { address: '10.1.1.11/24', interface: 3 },
      { address: '10.1.1.20/24', interface: 5 },
      { address: '10.1.1.21/24', interface: 7 },
    ]);
    expect(out.routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.244.0.1' }]);
  });

  it.each(ALL_SPEC_VERSIONS)('prints the merged result in the dispatcher config version %s', async (v) => {
    const h = threeNetworks();
    const out = (await h.ok('ADD', dispatcherConf({ cniVersion: v }))) as Record<string, unknown>;
    expect(out.cniVersion).toBe(v);
    if (v === '0.1.0' || v === '0.2.0') expect(out.ip4).toEqual({ ip: '10.244.0.5/24', gateway: '10.244.0.1', routes: [{ dst: '0.0.0.0/0', gw: '10.244.0.1' }] });
    else expect((out.ips as Array<{ address: string }>)[0]!.address).toBe('10.244.0.5/24');
  });

  it('writes network-status byte-compatible with the NAD client and one AddedInterface event per network', async () => {
    const h = threeNetworks();
    await h.ok('ADD');
    const pod = h.kube.stored<{ metadata: { annotations: Record<string, string> } }>({ group: '', version: 'v1', plural: 'pods', kind: 'Pod' }, { namespace: 'default', name: 'web' });
    const status = pod!.metadata.annotations['k8s.v1.cni.cncf.io/network-status']!;
    expect(status.startsWith('[{\n    "name": "cluster",\n    "interface": "eth0",\n    "ips": [\n        "10.244.0.5"\n    ],\n    "mac": "aa:00:00:00:00:05",\n    "default": true,\n    "dns": {},\n    "gateway": [\n        "10.244.0.1"\n    ]\n},{\n    "name": "default/macvlan-a"')).toBe(true);
    expect(JSON.parse(status).map((e: { interface: string }) => e.interface)).toEqual(['eth0', 'net1', 'data1', 'net3']);
    expect(h.kube.events.map((e) => e.message)).toEqual([
      'Add eth0 [10.244.0.5/24] from cluster',
      'Add net1 [10.1.1.11/24] from default/macvlan-a',
      'Add data1 [10.1.1.20/24] from default/macvlan-b',
      'Add net3 [10.1.1.21/24] from default/macvlan-c',
    ]);
    expect(h.kube.events.every((e) => e.reason === 'AddedInterface' && e.pod.uid === 'uid-1')).toBe(true);
  });

  it('writes no status when no API is configured, and a failed status write does not fail the ADD', async () => {
    const off = threeNetworks();
    off.api = false;
    await off.ok('ADD');
    expect(off.kube.calls).toEqual([]);
    const broken = threeNetworks();
    broken.kube.failNext('patchPodAnnotations', new CniError(11, 'apiserver unavailable'));
    await broken.ok('ADD');
    expect((await broken.checkpoint())!.phase).toBe('added');
    expect(broken.kube.events).toHaveLength(4);
  });

  it('on a delegate failure DELs what ran in reverse (the failed one included), removes the checkpoint and returns its error', async () => {
    const h = threeNetworks();
    let calls = 0;
    h.delegator.onAdd('macvlan', async (req) => {
      if (++calls === 2) throw new CniError(11, 'master busy', 'try later');
      await h.netlink.pod(NETNS).addVeth(req.env.CNI_IFNAME!, `h-${req.env.CNI_IFNAME}`);
      return ifaceResult(req.env.CNI_IFNAME!, '10.1.1.11/24');
    });
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 11, msg: 'failed to add interface data1' });
    expect(err.details).toBe('pod "default/web", network "default/macvlan-b": plugin type="macvlan" failed (add): master busy; try later');
    expect(h.delegator.commands()).toEqual(['bridge ADD', 'macvlan ADD', 'macvlan ADD', 'macvlan DEL', 'macvlan DEL', 'bridge DEL']);
    expect(h.delegator.calls.slice(3).map((c) => c.env.CNI_IFNAME)).toEqual(['data1', 'net1', 'eth0']);
    expect(await h.podLinks()).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('keeps the checkpoint when the rollback itself fails, so the runtime DEL can finish', async () => {
    const h = threeNetworks();
    h.delegator.onAdd('macvlan', new CniError(7, 'bad master'));
    h.delegator.on('bridge', 'DEL', new CniError(11, 'busy'));
    const err = await h.fail('ADD');
    expect(err.code).toBe(7);
    expect((await h.checkpoint())!.phase).toBe('planned');
  });

  it('checks requested ips against the result: a mismatch rolls back with code 100 naming pod, network and field', async () => {
    const h = threeNetworks();
    h.delegator.onAdd('macvlan', async (req) => {
      await h.netlink.pod(NETNS).addVeth(req.env.CNI_IFNAME!, `h-${req.env.CNI_IFNAME}`);
      return ifaceResult(req.env.CNI_IFNAME!, '10.1.1.99/24');
    });
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 100, msg: 'invalid ips' });
    expect(err.details).toBe('pod "default/web", network "default/macvlan-a": asked for address 10.1.1.11/24 but the delegate configured 10.1.1.99/24 on net1; rolled back');
    expect(h.delegator.commands().slice(-2)).toEqual(['macvlan DEL', 'bridge DEL']);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('checks a requested MAC, asking the kernel when the delegate does not report one', async () => {
    const h = threeNetworks();
    h.requests = [h.requests[0]!, request('default/macvlan-a', 'macvlan', { requested: { mac: '02:00:00:00:00:aa' } })];
    h.delegator.onAdd('macvlan', async (req) => {
      await h.netlink.pod(NETNS).addVeth(req.env.CNI_IFNAME!, 'h-x');
      return { cniVersion: '1.1.0', ips: [{ address: '10.1.1.5/24' }] };
    });
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 100, msg: 'invalid mac' });
    expect(err.details).toMatch(/asked for MAC 02:00:00:00:00:aa but net1 has [0-9a-f:]+; rolled back$/);
  });

  it('refuses a name that already exists in the pod before anything runs or is written', async () => {
    const h = threeNetworks();
    await h.netlink.pod(NETNS).addVeth('data1', 'h-data1');
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 101, msg: 'invalid interface' });
    expect(err.details).toBe('pod "default/web", network "default/macvlan-b": interface name "data1" already exists in the pod\'s network namespace');
    expect(h.delegator.calls).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('refuses two networks on one interface name (an explicit name equal to a generated one)', async () => {
    const h = threeNetworks();
    h.requests[2]!.ifName = 'net3';
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 101, msg: 'invalid interface' });
    expect(err.details).toBe('pod "default/web", network "default/macvlan-c": interface name "net3" is also the interface of network "default/macvlan-b"');
    expect(h.delegator.calls).toEqual([]);
  });

  it('refuses an interface name the kernel would refuse, naming the field', async () => {
    const h = threeNetworks();
    h.requests[1]!.ifName = 'a-very-long-interface';
    const err = await h.fail('ADD');
    expect(err).toMatchObject({ code: 7, msg: 'invalid interface' });
    expect(err.details).toBe('pod "default/web", network "default/macvlan-a": interface name "a-very-long-interface" is longer than 15 characters');
  });

  // Issue 11: a NUL (or a byte the kernel refuses) in a pod's `interface` made the sandbox undeletable.
  it.each([['\u0000', 'contains a NUL byte'], ['eth\u00e0', 'contains byte 0xA0 in its UTF-8 form, which the kernel counts as a space']])(
    'refuses the interface name %j with code 7 before anything is checkpointed or run',
    async (ifName, problem) => {
      const h = threeNetworks();
      h.requests[2]!.ifName = ifName;
      const err = await h.fail('ADD');
      expect(err).toMatchObject({ code: 7, msg: 'invalid interface' });
      expect(err.details).toBe(`pod "default/web", network "default/macvlan-b": interface name ${JSON.stringify(ifName)} ${problem}`);
      expect(h.delegator.calls).toEqual([]);
      expect(await h.checkpoint()).toBeUndefined();
      await h.ok('DEL');
    },
  );

  it('marks the attachments a rolled-back ADD never reached, so the DEL of a kept checkpoint does not run them', async () => {
    const h = threeNetworks();
    h.delegator.onAdd('macvlan', new CniError(7, 'bad master'));
    h.delegator.on('bridge', 'DEL', new CniError(11, 'busy'));
    await h.fail('ADD');
    const cp = (await h.checkpoint())!;
    expect(cp.attachments.map((a) => a.notRun ?? false)).toEqual([false, false, true, true]);
    h.delegator.calls.length = 0;
    // The never-run delegates would fail their DEL: the runtime's DEL must not depend on them.
    h.delegator.on('macvlan', 'DEL', (req) => {
      if (req.env.CNI_IFNAME !== 'net1') throw new CniError(7, 'never added');
    });
    h.delegator.on('bridge', 'DEL', undefined);
    await h.ok('DEL');
    expect(h.delegator.commands()).toEqual(['macvlan DEL', 'bridge DEL']);
    expect(await h.checkpoint()).toBeUndefined();
  });

  // Issue 11, item 9: what the dispatcher did must be in its log.
  it('logs its plan and every delegate call (type, command, ifname, duration, outcome) at debug', async () => {
    const h = threeNetworks();
    let calls = 0;
    h.delegator.onAdd('macvlan', async (req) => {
      if (++calls === 2) throw new CniError(11, 'master busy');
      return ifaceResult(req.env.CNI_IFNAME!, '10.1.1.11/24');
    });
    const out = await h.run('ADD', dispatcherConf({ logLevel: 'debug' }));
    const lines = out.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const plan = lines.find((l) => l.msg === 'plan')!;
    expect(plan).toMatchObject({ level: 'debug', plugin: 'meta-dispatcher', cmd: 'ADD', pod: 'default/web' });
    expect(plan.attachments).toEqual([
      { index: 0, network: 'cluster', ifName: 'eth0', primary: true, plugins: ['bridge'] },
      { index: 1, network: 'default/macvlan-a', ifName: 'net1', primary: false, plugins: ['macvlan'] },
      { index: 2, network: 'default/macvlan-b', ifName: 'data1', primary: false, plugins: ['macvlan'] },
      { index: 3, network: 'default/macvlan-c', ifName: 'net3', primary: false, plugins: ['macvlan'] },
    ]);
    const delegated = lines.filter((l) => l.msg === 'delegate call');
    expect(delegated.map((l) => `${l.type} ${l.command} ${l.ifName} ${l.outcome}`)).toEqual([
      'bridge ADD eth0 ok',
      'macvlan ADD net1 ok',
      'macvlan ADD data1 failed',
      'macvlan DEL data1 ok',
      'macvlan DEL net1 ok',
      'bridge DEL eth0 ok',
    ]);
    expect(delegated.every((l) => l.level === 'debug' && typeof l.durationMs === 'number')).toBe(true);
    expect(delegated[2]).toMatchObject({ code: 11, error: 'master busy' });
    expect((await h.run('ADD')).stderr).not.toMatch(/delegate call/);
  });

  it('moves the default route to the network that asked for it, in the netns and in the results', async () => {
    const h = threeNetworks();
    h.requests[2]!.requested = { defaultRoute: ['10.1.1.1'] };
    const original = h.delegator.add.bind(h.delegator);
    h.delegator.add = async (req) => {
      const r = await original(req);
      if (req.env.CNI_IFNAME === 'eth0') {
        await h.netlink.pod(NETNS).addAddr('eth0', '10.244.0.5/24');
        await h.netlink.pod(NETNS).setLinkUp('eth0');
        await h.netlink.pod(NETNS).addRoute({ dst: '0.0.0.0/0', gw: '10.244.0.1', dev: 'eth0' });
      }
      if (req.env.CNI_IFNAME === 'data1') {
        await h.netlink.pod(NETNS).addAddr('data1', '10.1.1.20/24');
        await h.netlink.pod(NETNS).setLinkUp('data1');
      }
      return r;
    };
    const out = (await h.ok('ADD', dispatcherConf({ mergedResult: true }))) as { routes: unknown[] };
    const defaults = (await h.netlink.pod(NETNS).listRoutes(4)).filter((r) => r.dst === '0.0.0.0/0');
    expect(defaults.map((r) => [r.dev, r.gw])).toEqual([['data1', '10.1.1.1']]);
    expect(out.routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.1.1.1' }]);
    const cp = await h.checkpoint();
    expect((cp!.attachments[0]!.result as { routes?: unknown }).routes).toBeUndefined();
  });

  it('undoes a leftover checkpoint of an earlier ADD of the same sandbox first', async () => {
    const h = threeNetworks();
    await h.ok('ADD');
    h.delegator.calls.length = 0;
    await h.ok('ADD');
    expect(h.delegator.commands()).toEqual(['macvlan DEL', 'macvlan DEL', 'macvlan DEL', 'bridge DEL', 'bridge ADD', 'macvlan ADD', 'macvlan ADD', 'macvlan ADD']);
  });

  it('puts binDir first on CNI_PATH for every delegate', async () => {
    const h = threeNetworks();
    await h.ok('ADD', dispatcherConf({ binDir: '/opt/plexus/bin' }), { path: '/opt/cni/bin:/opt/plexus/bin' });
    expect(new Set(h.delegator.calls.map((c) => c.env.CNI_PATH))).toEqual(new Set(['/opt/plexus/bin:/opt/cni/bin']));
  });

  it('passes the sources the dispatcher config, CNI_ARGS and runtimeConfig', async () => {
    const h = threeNetworks();
    await h.ok('ADD', dispatcherConf({ runtimeConfig: { portMappings: [] } }));
    expect(h.resolveCalls[0]).toMatchObject({ config: { cacheDir: CACHE_DIR }, runtimeConfig: { portMappings: [] } });
    expect(h.resolveCalls[0]!.cniArgs).toContainEqual(['K8S_POD_NAME', 'web']);
  });
});
