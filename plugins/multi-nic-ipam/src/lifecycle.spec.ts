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
    expect(JSON.parse((await check({}, 'c3')).stdout)).toMatchObject({ code: 103, msg: 'no address allocated' });
    await invokePlugin(w.plugin, { command: 'DEL', conf: conf({}, version), containerId: 'c1', ifName: 'net1' });
    expect(JSON.parse((await check({ prevResult })).stdout)).toMatchObject({ code: 103 });
  });

  it('STATUS checks the configuration', async () => {
    expect((await invokePlugin(w.plugin, { command: 'STATUS', conf: conf() })).exitCode).toBe(0);
    expect(await errorOf(w.plugin, { command: 'STATUS', conf: exampleConf({ subnet: 'x' }) })).toMatchObject({ code: 7, msg: 'invalid ipam.subnet' });
  });

  it('never resets a corrupt block file: ADD, DEL, GC and CHECK all name it and leave it as it was', async () => {
    await addOk(w.plugin, { conf: conf(), containerId: 'c1' });
    await w.files.writeAtomic(BLOCK0, '{"version":1,"block":"192.168.0.0/24"');
    const gc = { ...conf(), 'cni.dev/valid-attachments': [] };
    for (const command of ['ADD', 'DEL', 'GC', 'CHECK'] as const) {
      const err = await errorOf(w.plugin, { command, conf: command === 'GC' ? gc : conf(), containerId: 'c2' });
      expect(err).toMatchObject({ code: 102, msg: 'corrupt store file' });
      expect(err.details).toMatch(/^"\/data\/storage-net\/block-192\.168\.0\.0-24\.json": not JSON .*left untouched/);
    }
    expect(await w.files.read(BLOCK0)).toBe('{"version":1,"block":"192.168.0.0/24"');
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
