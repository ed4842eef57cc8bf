import { MemoryFileStore } from '@plexus/store/testing';
import { CHECKPOINT_KIND, type Checkpoint } from './checkpoint';
import { CheckpointStore } from './checkpoint-store';
import { configsInUse } from './distinct-configs';

const cp = (id: string, attachments: Checkpoint['attachments']): Checkpoint => ({
  kind: CHECKPOINT_KIND,
  version: 1,
  containerId: id,
  netns: '/n',
  ifName: 'eth0',
  cniVersion: '1.1.0',
  phase: 'added',
  attachments,
  reservations: [],
});
const att = (index: number, ifName: string, config?: string) => ({ index, ifName, network: 'n', source: 'multus' as const, isPrimary: index === 0, cniArgs: [] as Array<[string, string]>, capabilityArgs: {}, requested: {}, ...(config ? { config } : {}) });

describe('CheckpointStore', () => {
  it('round-trips a checkpoint at <cacheDir>/<containerId>.json (0600) and lists container ids', async () => {
    const files = new MemoryFileStore();
    const store = new CheckpointStore(files, '/c');
    await store.write(cp('abc', [att(0, 'eth0', '{"name":"n","cniVersion":"1.0.0","plugins":[{"type":"x"}]}')]));
    await files.writeAtomic('/c/.abc.json.tmp-1', 'partial');
    await files.writeAtomic('/c/notes.txt', 'x');
    expect(files.files.get('/c/abc.json')!.mode).toBe(0o600);
    expect(await store.read('abc')).toEqual(cp('abc', [att(0, 'eth0', '{"name":"n","cniVersion":"1.0.0","plugins":[{"type":"x"}]}')]));
    expect(await store.read('other')).toBeUndefined();
    expect(await store.listContainerIds()).toEqual(['abc']);
  });

  it('refuses path-traversing container ids (code 4) and damaged files (code 102 naming the file and field)', async () => {
    const files = new MemoryFileStore();
    const store = new CheckpointStore(files, '/c');
    expect(() => store.pathFor('../etc/passwd')).toThrow(expect.objectContaining({ code: 4, msg: 'invalid CNI_CONTAINERID' }));
    expect(() => store.pathFor('a/b')).toThrow(expect.objectContaining({ code: 4 }));
    await files.writeAtomic('/c/x.json', JSON.stringify({ ...cp('x', []), attachments: [{ index: 0, ifName: 'eth0', network: 'n', cniArgs: 'oops', capabilityArgs: {} }] }));
    await expect(store.read('x')).rejects.toMatchObject({ code: 102, details: '/c/x.json: attachments[0].cniArgs must be a list of [key, value] pairs; fix or remove the file, then retry' });
    await files.writeAtomic('/c/y.json', JSON.stringify({ ...cp('y', []), version: 2 }));
    await expect(store.read('y')).rejects.toMatchObject({ code: 102, details: expect.stringContaining('version 2 is not 1') });
    await files.writeAtomic('/c/z.json', JSON.stringify({ ...cp('z', []), reservations: [{ id: 'r0', kind: 'mystery' }] }));
    await expect(store.read('z')).rejects.toMatchObject({ details: expect.stringContaining('reservations[0].kind "mystery" is unknown') });
  });
});

describe('configsInUse', () => {
  it('lists distinct conflists with every attachment of the same network name (also across different bytes)', () => {
    const a1 = '{"name":"same","cniVersion":"1.1.0","plugins":[{"type":"a"}]}';
    const a2 = '{"name":"same","cniVersion":"1.1.0","plugins":[{"type":"a","x":1}]}';
    const used = configsInUse([cp('c1', [att(0, 'eth0', a1), att(1, 'net1')]), cp('c2', [att(0, 'eth0', a1), att(1, 'net1', a2)])]);
    expect(used.map((u) => [u.list.bytes, u.attachments])).toEqual([
      [a1, [{ containerID: 'c1', ifname: 'eth0' }, { containerID: 'c2', ifname: 'eth0' }, { containerID: 'c2', ifname: 'net1' }]],
      [a2, [{ containerID: 'c1', ifname: 'eth0' }, { containerID: 'c2', ifname: 'eth0' }, { containerID: 'c2', ifname: 'net1' }]],
    ]);
  });
});
