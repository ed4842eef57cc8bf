import { CniError } from '@plexus/cni-spec';
import { CACHE_DIR, DispatcherHarness, NETNS2, confList, dispatcherConf, ifaceResult, request } from './testing/dispatcher-harness';

function pod(version = '1.1.0'): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [
    request('cluster', 'bridge', { isPrimary: true, confList: confList('cluster', 'bridge', {}, version) }),
    request('default/net-a', 'macvlan', { confList: confList('net-a', 'macvlan', {}, version) }),
    request('default/net-old', 'macvlan', { confList: confList('net-old', 'macvlan', {}, '0.3.1') }),
  ];
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
  h.addMain('macvlan', (ifName) => ifaceResult(ifName, '10.1.1.5/24'));
  return h;
}

describe('CHECK', () => {
  it('checks every attachment with its final result as prevResult (skipping lists older than 0.4.0)', async () => {
    const h = pod();
    await h.ok('ADD');
    const cp = await h.checkpoint();
    h.delegator.calls.length = 0;
    await h.ok('CHECK');
    expect(h.delegator.commands()).toEqual(['bridge CHECK', 'macvlan CHECK']);
    expect(h.delegator.calls.map((c) => c.env.CNI_IFNAME)).toEqual(['eth0', 'net1']);
    expect(JSON.parse(h.delegator.calls[1]!.stdin).prevResult).toEqual(cp!.attachments[1]!.result);
  });

  it('reports a failing delegate with pod, network and interface, and refuses a sandbox it did not add (code 3)', async () => {
    const h = pod();
    await h.ok('ADD');
    h.delegator.on('macvlan', 'CHECK', new CniError(100, 'address missing'));
    const err = await h.fail('CHECK');
    expect(err).toMatchObject({ code: 100, msg: 'failed to check interface net1' });
    expect(err.details).toBe('pod "default/web", network "default/net-a": plugin type="macvlan" failed (check): address missing');
    const unknown = await h.fail('CHECK', undefined, { containerId: 'other' });
    expect(unknown).toMatchObject({ code: 3, msg: 'unknown container' });
  });
});

describe('STATUS', () => {
  it('asks every distinct conflist in use (1.1.0 ones), and passes a 50 through', async () => {
    const h = pod();
    await h.ok('ADD');
    await h.ok('ADD', undefined, { containerId: 'ctr2', netns: NETNS2 });
    h.delegator.calls.length = 0;
    await h.ok('STATUS');
    expect(h.delegator.commands()).toEqual(['bridge STATUS', 'macvlan STATUS']);
    h.delegator.on('macvlan', 'STATUS', new CniError(50, 'plugin not available', 'master down'));
    expect(await h.fail('STATUS')).toMatchObject({ code: 50 });
  });

  it('succeeds with no attachments and skips unreadable checkpoints', async () => {
    const h = pod();
    await h.files.writeAtomic(`${CACHE_DIR}/broken.json`, 'nope');
    await h.ok('STATUS');
    expect(h.delegator.calls).toEqual([]);
  });
});

describe('GC', () => {
  it('replays orphaned checkpoints as DEL, then GCs every conflist in use with the valid delegate attachments', async () => {
    const h = pod();
    await h.ok('ADD');
    await h.ok('ADD', undefined, { containerId: 'gone', netns: NETNS2 });
    h.delegator.calls.length = 0;
    await h.ok('GC', dispatcherConf({ 'cni.dev/valid-attachments': [{ containerID: 'ctr1', ifname: 'eth0' }] }));
    expect(h.delegator.commands()).toEqual(['macvlan DEL', 'macvlan DEL', 'bridge DEL', 'bridge GC', 'macvlan GC']);
    expect(h.delegator.calls.slice(0, 3).every((c) => c.env.CNI_CONTAINERID === 'gone' && c.env.CNI_NETNS === NETNS2)).toBe(true);
    expect(JSON.parse(h.delegator.calls[4]!.stdin)['cni.dev/valid-attachments']).toEqual([{ containerID: 'ctr1', ifname: 'net1' }]);
    expect(JSON.parse(h.delegator.calls[3]!.stdin)['cni.dev/valid-attachments']).toEqual([{ containerID: 'ctr1', ifname: 'eth0' }]);
    expect(await h.checkpoint('gone')).toBeUndefined();
    expect(await h.checkpoint('ctr1')).toBeDefined();
  });

  it('keeps an orphan whose DEL failed and reports the error; never deletes an unreadable checkpoint', async () => {
    const h = pod();
    await h.ok('ADD', undefined, { containerId: 'gone' });
    await h.files.writeAtomic(`${CACHE_DIR}/broken.json`, 'nope');
    h.delegator.on('bridge', 'DEL', new CniError(11, 'busy'));
    const err = await h.fail('GC', dispatcherConf({ 'cni.dev/valid-attachments': [] }));
    expect(err.code).toBe(102);
    expect(err.details).toMatch(/broken\.json: not JSON.*2 more step\(s\) failed: failed to delete interface eth0.*delegate GC skipped/);
    expect(await h.checkpoint('gone')).toBeDefined();
    expect(await h.files.read(`${CACHE_DIR}/broken.json`)).toBe('nope');
  });

  it('undoes the orphans of other pods past an unreadable checkpoint, but sends no delegate GC that could free its pod', async () => {
    const h = pod();
    await h.ok('ADD');
    await h.ok('ADD', undefined, { containerId: 'gone', netns: NETNS2 });
    // ctr2: a live pod on the same networks, readable.
    await h.files.writeAtomic(`${CACHE_DIR}/ctr2.json`, JSON.stringify({ ...(await h.checkpoint('ctr1'))!, containerId: 'ctr2' }));
    await h.files.writeAtomic(`${CACHE_DIR}/ctr1.json`, '{"kind":');
    h.delegator.calls.length = 0;
    const valid = [{ containerID: 'ctr1', ifname: 'eth0' }, { containerID: 'ctr2', ifname: 'eth0' }];
    const err = await h.fail('GC', dispatcherConf({ 'cni.dev/valid-attachments': valid }));
    expect(err).toMatchObject({ code: 102, msg: 'unreadable checkpoint' });
    expect(err.details).toMatch(/ctr1\.json: not JSON.*delegate GC skipped/);
    expect(h.delegator.commands()).toEqual(['macvlan DEL', 'macvlan DEL', 'bridge DEL']);
    expect(await h.checkpoint('gone')).toBeUndefined();
    expect(await h.files.read(`${CACHE_DIR}/ctr1.json`)).toBe('{"kind":');
  });

  it('reads a checkpoint whose recorded config no longer parses as unreadable (102), not as a crash of the whole GC', async () => {
    const h = pod();
    await h.ok('ADD', undefined, { containerId: 'gone' });
    const cp = (await h.checkpoint('gone'))!;
    cp.attachments[0]!.config = '{"cniVersion":"1.1.0","name":"cluster","plugins":[{"type":""}]}';
    await h.files.writeAtomic(`${CACHE_DIR}/gone.json`, JSON.stringify(cp));
    const err = await h.fail('GC', dispatcherConf({ 'cni.dev/valid-attachments': [] }));
    expect(err).toMatchObject({ code: 102, details: expect.stringContaining('gone.json: attachments[0].config: ') });
    expect(err.details).not.toMatch(/\n\s+at /);
  });
});
