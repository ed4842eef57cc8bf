import { VERSIONS_WITH_CHECK, VERSIONS_WITH_GC } from '@plexus/cni-spec/testing';
import { addOk, errorOf, invokePlugin } from '@plexus/skel/testing';
import { createTestWorld, exampleConf, type TestWorld } from './testing/test-deps';

const conf = (over: Record<string, unknown> = {}, version = '1.1.0') => exampleConf({ hostIndex: 0 }, over, version);
const BLOCK0 = '/data/storage-net/block-192.168.0.0-24.json';

describe('DEL, GC, CHECK and the store', () => {
  let w: TestWorld;
  beforeEach(async () => (w = await createTestWorld()));
  const held = async (file = BLOCK0) => Object.keys(JSON.parse((await w.files.read(file)) ?? '{"allocations":{}}').allocations);

  it('DEL releases every address of the attachment, is idempotent, and needs no valid request', async () => {
    await addOk(w.plugin, { conf: conf(), containerId: 'c1', ifName: 'net1' });
    await addOk(w.plugin, { conf: conf(), containerId: 'c2', ifName: 'net1' });
    // A request that ADD would refuse (unknown master) must not block the DEL of the same attachment.
    const bad = conf({ masters: ['nope'] });
    for (let i = 0; i < 2; i++) expect(await invokePlugin(w.plugin, { command: 'DEL', conf: bad, containerId: 'c1', ifName: 'net1' })).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await held()).toEqual(['192.168.0.2']);
    expect(await held('/data/storage-net/block-192.168.64.0-24.json')).toEqual(['192.168.64.2']);
    expect((await invokePlugin(w.plugin, { command: 'DEL', conf: conf(), containerId: 'never', ifName: 'net1' })).exitCode).toBe(0);
    expect((await invokePlugin(w.plugin, { command: 'DEL', conf: exampleConf({ dataDir: '/nothing-here' }), containerId: 'c2' })).exitCode).toBe(0);
  });

  it.each(VERSIONS_WITH_GC)('GC (%s) releases every allocation not in cni.dev/valid-attachments', async (version) => {
    for (const id of ['a', 'b', 'c']) await addOk(w.plugin, { conf: conf({}, version), containerId: id, ifName: 'net1' });
    await addOk(w.plugin, { conf: conf({}, version), containerId: 'b', ifName: 'net2' });
    const gc = { ...conf({}, version), 'cni.dev/valid-attachments': [{ containerID: 'b', ifname: 'net1' }] };
    expect((await invokePlugin(w.plugin, { command: 'GC', conf: gc })).exitCode).toBe(0);
    expect(await held()).toEqual(['192.168.0.2']);
    const none = { ...conf({}, version), 'cni.dev/valid-attachments': [] };
    expect((await invokePlugin(w.plugin, { command: 'GC', conf: none })).exitCode).toBe(0);
    expect(await held()).toEqual([]);
  });

  it.each(VERSIONS_WITH_CHECK)('CHECK (%s) verifies that prevResult addresses are held', async (version) => {
    const prevResult = await addOk(w.plugin, { conf: conf({}, version), containerId: 'c1', ifName: 'net1' });
    const check = (over: Record<string, unknown>, containerId = 'c1') => invokePlugin(w.plugin, { command: 'CHECK', conf: { ...conf({}, version), ...over }, containerId, ifName: 'net1' });
    expect((await check({ prevResult })).exitCode).toBe(0);
    // Addresses of other networks in a chained prevResult are not ours to judge.
    const withForeign = { ...prevResult, ips: [...(prevResult.ips as object[]), { address: '10.9.9.9/24', ...(version < '1.0.0' ? { version: '4' } : {}) }] };
    expect((await check({ prevResult: withForeign })).exitCode).toBe(0);
    const notOurs = JSON.parse((await check({ prevResult }, 'c2')).stdout);
    expect(notOurs).toMatchObject({ code: 103, msg: 'address not allocated' });
    expect(notOurs.details).toMatch(/prevResult address 192\.168\.0\.1\/18 is not held by container "c2" interface "net1"/);
    expect(JSON.parse((await check({ prevResult: { cniVersion: version, ips: [] } }, 'c3')).stdout)).toMatchObject({ code: 103, msg: 'no address allocated' });
    // Without prevResult: code 7 as every Plexus plugin says in its README, no stack trace.
    const bare = await check({}, 'c1');
    expect(JSON.parse(bare.stdout)).toEqual({ cniVersion: version, code: 7, msg: 'invalid prevResult', details: 'missing: CHECK compares the store with the result of ADD' });
    expect(bare.stderr).not.toMatch(/ at /);
    await invokePlugin(w.plugin, { command: 'DEL', conf: conf({}, version), containerId: 'c1', ifName: 'net1' });
    expect(JSON.parse((await check({ prevResult })).stdout)).toMatchObject({ code: 103 });
  });

  it('STATUS checks the configuration', async () => {
    expect((await invokePlugin(w.plugin, { command: 'STATUS', conf: conf() })).exitCode).toBe(0);
    expect(await errorOf(w.plugin, { command: 'STATUS', conf: exampleConf({ subnet: 'x' }) })).toMatchObject({ code: 7, msg: 'invalid ipam.subnet' });
  });

  it('never resets a corrupt block file: ADD, GC and CHECK name it, and so does the DEL of a pod it mentions', async () => {
    await addOk(w.plugin, { conf: conf(), containerId: 'c1' });
    const broken = '{"version":1,"block":"192.168.0.0/24","allocations":{"192.168.0.1":{"containerId":"c1"';
    await w.files.writeAtomic(BLOCK0, broken);
    const gc = { ...conf(), 'cni.dev/valid-attachments': [] };
    const prevResult = { cniVersion: '1.1.0', ips: [{ address: '192.168.0.1/18' }] };
    for (const [command, c] of [['ADD', conf()], ['DEL', conf()], ['GC', gc], ['CHECK', { ...conf(), prevResult }]] as const) {
      const err = await errorOf(w.plugin, { command, conf: c, containerId: command === 'ADD' ? 'c2' : 'c1' });
      expect(err).toMatchObject({ code: 102, msg: 'corrupt store file' });
      expect(err.details).toMatch(/^"\/data\/storage-net\/block-192\.168\.0\.0-24\.json": not JSON .*left untouched/);
    }
    expect(await w.files.read(BLOCK0)).toBe(broken);
  });

  it('one corrupt block file does not block the DEL and GC of the pods it does not hold (issue 11 item 7)', async () => {
    const eth2 = conf({ masters: ['eth2'] });
    const BLOCK64 = '/data/storage-net/block-192.168.64.0-24.json';
    for (const id of ['a', 'b', 'c']) await addOk(w.plugin, { conf: eth2, containerId: id });
    await addOk(w.plugin, { conf: conf({ masters: ['eth1'] }), containerId: 'x' });
    await w.files.writeAtomic(BLOCK0, '{"version":1,"block":');
    expect(await invokePlugin(w.plugin, { command: 'DEL', conf: eth2, containerId: 'a' })).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await held(BLOCK64)).toEqual(['192.168.64.2', '192.168.64.3']);
    // GC releases what it can (b), then reports the corrupt file.
    const gc = { ...eth2, 'cni.dev/valid-attachments': [{ containerID: 'c', ifname: 'eth0' }] };
    const err = await errorOf(w.plugin, { command: 'GC', conf: gc });
    expect(err).toMatchObject({ code: 102, msg: 'corrupt store file' });
    expect(err.details).toMatch(/block-192\.168\.0\.0-24\.json.*released 1 address\(es\) from the other block files/);
    expect(await held(BLOCK64)).toEqual(['192.168.64.3']);
    // CHECK of a pod in a readable block still passes.
    const prevResult = { cniVersion: '1.1.0', ips: [{ address: '192.168.64.3/18' }] };
    expect((await invokePlugin(w.plugin, { command: 'CHECK', conf: { ...eth2, prevResult }, containerId: 'c' })).exitCode).toBe(0);
    expect(await w.files.read(BLOCK0)).toBe('{"version":1,"block":');
  });

  it('DEL succeeds when the dataDir is one ADD refuses (nothing was allocated), with a warning', async () => {
    for (const dataDir of ['relative/dir', 5]) {
      const out = await invokePlugin(w.plugin, { command: 'DEL', conf: exampleConf({ dataDir }, { logLevel: 'warn' }), containerId: 'c1' });
      expect(out).toMatchObject({ exitCode: 0, stdout: '' });
      expect(out.stderr).toMatch(/nothing to release: ADD refuses this configuration.*invalid ipam.dataDir/);
      expect((await errorOf(w.plugin, { command: 'ADD', conf: exampleConf({ dataDir }), containerId: 'c1' })).msg).toBe('invalid ipam.dataDir');
    }
  });

  it('allocates all masters or none: a full second block leaves the first untouched', async () => {
    const tiny = exampleConf({ subnet: '10.10.0.0/24', interfaceBlock: 1, hostBlock: 5, hostIndex: 0 });
    // Host 0's blocks are 10.10.0.0/30 (eth1) and 10.10.0.128/30 (eth2): two addresses each.
    await addOk(w.plugin, { conf: { ...tiny, masters: ['eth2'] }, containerId: 'x1' });
    await addOk(w.plugin, { conf: { ...tiny, masters: ['eth2'] }, containerId: 'x2' });
    const err = await errorOf(w.plugin, { command: 'ADD', conf: tiny, containerId: 'c1' });
    expect(err).toMatchObject({ code: 100, details: expect.stringMatching(/10\.10\.0\.128\/30 of master "eth2" is full/) });
    expect(await w.files.read('/data/storage-net/block-10.10.0.0-30.json')).toBeUndefined();
  });

  it('reports a failed write as an I/O error (code 5) naming the file and keeps the previous state', async () => {
    await addOk(w.plugin, { conf: conf(), containerId: 'c1' });
    const before = await w.files.read(BLOCK0);
    w.files.failWrites = (p) => p === BLOCK0;
    const out = await invokePlugin(w.plugin, { command: 'ADD', conf: conf(), containerId: 'c2' });
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 5, msg: 'failed to write store file', details: `"${BLOCK0}": EIO: write ${BLOCK0}` });
    expect(await w.files.read(BLOCK0)).toBe(before);
  });
});
