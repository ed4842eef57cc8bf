import { CniError } from '@plexus/cni-spec';
import { CACHE_DIR, CONTAINER, DispatcherHarness, POD_ARGS, dispatcherConf, ifaceResult, request } from './testing/dispatcher-harness';

function twoNetworks(): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [request('cluster', 'bridge', { isPrimary: true }), request('default/net-a', 'macvlan', { capabilityArgs: { mac: '02:00:00:00:00:01' } })];
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
  h.addMain('macvlan', (ifName) => ifaceResult(ifName, '10.1.1.5/24'));
  return h;
}

describe('DEL', () => {
  it('replays the checkpoint in reverse with the exact configs, CNI_ARGS, capability args and results, then removes it', async () => {
    const h = twoNetworks();
    await h.ok('ADD');
    const cp = await h.checkpoint();
    h.delegator.calls.length = 0;
    h.requests = [];
    await h.ok('DEL');
    expect(h.delegator.commands()).toEqual(['macvlan DEL', 'bridge DEL']);
    const [mac, br] = h.delegator.calls;
    const stdin = JSON.parse(mac!.stdin);
    expect(stdin).toMatchObject({ name: 'default-net-a', type: 'macvlan', cniVersion: '1.0.0' });
    expect(stdin.prevResult).toEqual(cp!.attachments[1]!.result);
    expect(mac!.env).toMatchObject({ CNI_IFNAME: 'net1', CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_UID=uid-1' });
    expect(br!.env.CNI_IFNAME).toBe('eth0');
    expect(h.resolveCalls).toHaveLength(1);
    expect(await h.checkpoint()).toBeUndefined();
    expect(await h.podLinks()).toEqual([]);
  });

  it('succeeds with a malformed CNI_ARGS, which made the ADD be refused before anything ran (issue 11 item 6)', async () => {
    const h = twoNetworks();
    const args = `${POD_ARGS};A=b=c`;
    expect(JSON.parse((await h.run('ADD', undefined, { cniArgs: args })).stdout)).toMatchObject({ code: 7, msg: 'invalid CNI_ARGS' });
    expect(h.delegator.calls).toEqual([]);
    expect(await h.run('DEL', undefined, { cniArgs: args })).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('needs neither the pod, the NADs nor the API: it never asks the sources or the API', async () => {
    const h = twoNetworks();
    await h.ok('ADD');
    h.kube.calls.length = 0;
    h.api = false;
    await h.ok('DEL', dispatcherConf({ kubeconfig: '/nonexistent/kubeconfig' }));
    expect(h.resolveCalls).toHaveLength(1);
    expect(h.kube.calls).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('succeeds without calling anything when there is no checkpoint (never recomputes from the API)', async () => {
    const h = twoNetworks();
    await h.ok('DEL');
    expect(h.delegator.calls).toEqual([]);
    expect(h.resolveCalls).toEqual([]);
  });

  it('goes on past a failing delegate, returns its error and keeps the checkpoint; the retry finishes', async () => {
    const h = twoNetworks();
    await h.ok('ADD');
    h.delegator.calls.length = 0;
    h.delegator.on('macvlan', 'DEL', new CniError(11, 'master gone', 'retry'));
    const err = await h.fail('DEL');
    expect(err).toMatchObject({ code: 11, msg: 'failed to delete interface net1' });
    expect(err.details).toBe('pod "default/web", network "default/net-a": plugin type="macvlan" failed (delete): master gone; retry');
    expect(h.delegator.commands()).toEqual(['macvlan DEL', 'bridge DEL']);
    expect(await h.checkpoint()).toBeDefined();
    h.delegator.on('macvlan', 'DEL', undefined);
    await h.ok('DEL');
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('refuses a corrupt checkpoint with code 102 naming the file, and runs nothing', async () => {
    const h = twoNetworks();
    await h.files.writeAtomic(`${CACHE_DIR}/${CONTAINER}.json`, '{"kind":"plexus.meta-dispatcher/checkpoint","version":1,"attach');
    const err = await h.fail('DEL');
    expect(err).toMatchObject({ code: 102, msg: 'unreadable checkpoint' });
    expect(err.details).toMatch(new RegExp(`^${CACHE_DIR}/${CONTAINER}\\.json: not JSON`));
    await h.files.writeAtomic(`${CACHE_DIR}/${CONTAINER}.json`, JSON.stringify({ kind: 'something-else' }));
    expect((await h.fail('DEL')).details).toMatch(/kind is "something-else"/);
    expect(h.delegator.calls).toEqual([]);
  });

  it('finishes a pod whose ADD was killed mid-way: every planned attachment is deleted', async () => {
    const h = twoNetworks();
    let hung = false;
    h.delegator.onAdd('macvlan', () => {
      hung = true;
      return new Promise(() => undefined);
    });
    void h.run('ADD');
    // Wait until the second delegate hangs: the process is "killed" here, nothing after it ever runs.
    while (!hung) await new Promise((r) => setImmediate(r));
    expect((await h.checkpoint())!.phase).toBe('planned');
    const fresh = new DispatcherHarness();
    Object.assign(fresh, { files: h.files, netlink: h.netlink });
    fresh.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
    fresh.addMain('macvlan', (ifName) => ifaceResult(ifName, '10.1.1.5/24'));
    await fresh.ok('DEL');
    expect(fresh.delegator.commands()).toEqual(['macvlan DEL', 'bridge DEL']);
    expect(await fresh.podLinks()).toEqual([]);
    expect(await fresh.checkpoint()).toBeUndefined();
  });

  // Issue 11: a checkpoint written before names were validated like the kernel does could hold a NUL name, whose
  // delegate cannot even be started: every DEL failed and the pod stayed Terminating.
  it('succeeds on a checkpoint holding interface names the kernel refuses, deleting the rest', async () => {
    const h = twoNetworks();
    await h.ok('ADD');
    const cp = (await h.checkpoint())!;
    cp.attachments[1]!.ifName = '\u0000';
    await h.files.writeAtomic(`${CACHE_DIR}/${CONTAINER}.json`, JSON.stringify(cp));
    h.delegator.calls.length = 0;
    h.delegator.on('macvlan', 'DEL', () => {
      throw new CniError(999, 'failed to run plugin "macvlan"', 'The argument \'options.env[\'CNI_IFNAME\']\' must be a string without null bytes');
    });
    await h.ok('DEL');
    expect(h.delegator.commands()).toEqual(['bridge DEL']);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('still tears down when the dispatcher config was broken after the ADD (only the core keys are needed)', async () => {
    const h = twoNetworks();
    await h.ok('ADD');
    h.delegator.calls.length = 0;
    await h.ok('DEL', dispatcherConf({ namespaceIsolation: 'maybe', clusterNetwork: 'x', networks: ['y'] }));
    expect(h.delegator.commands()).toEqual(['macvlan DEL', 'bridge DEL']);
    expect(await h.checkpoint()).toBeUndefined();
    expect(await h.fail('ADD', dispatcherConf({ namespaceIsolation: 'maybe' }))).toMatchObject({ code: 7, msg: 'invalid namespaceIsolation' });
    expect(await h.fail('DEL', dispatcherConf({ cacheDir: 'relative' }))).toMatchObject({ code: 7, msg: 'invalid cacheDir' });
  });

  it('refuses an over-long container id on ADD (code 4, nothing run or written) and lets its DEL succeed (issue 11 #6)', async () => {
    const h = twoNetworks();
    const containerId = 'c'.repeat(300);
    expect(await h.fail('ADD', undefined, { containerId })).toMatchObject({ code: 4, msg: 'invalid CNI_CONTAINERID' });
    expect(h.delegator.calls).toEqual([]);
    expect(await h.files.list(CACHE_DIR)).toEqual([]);
    // The checkpoint name of such an id is hashed (libs/checkpoint), so its DEL looks it up without ENAMETOOLONG.
    await h.ok('DEL', undefined, { containerId });
    await h.ok('DEL', undefined, { containerId: 'd'.repeat(400) });
    expect(h.delegator.calls).toEqual([]);
  });
});
