import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { NodeFileStore } from '@plexus/store';
import { MemoryFileStore } from '@plexus/store/testing';
import { CheckpointStore } from './checkpoint-store';
import { readAllCheckpoints } from './read-all-checkpoints';
import { attachmentOf, checkpointOf } from './testing';

const CONF = '{"name":"n","cniVersion":"1.0.0","plugins":[{"type":"x"}]}';

describe('CheckpointStore', () => {
  it('round-trips a checkpoint at <cacheDir>/<containerId>.json (0600) and lists checkpoint files only', async () => {
    const files = new MemoryFileStore();
    const store = new CheckpointStore(files, '/c');
    await store.write(checkpointOf('abc', [attachmentOf(0, 'eth0', CONF)]));
    await files.writeAtomic('/c/.abc.json.tmp-1', 'partial');
    await files.writeAtomic('/c/notes.txt', 'x');
    expect(files.files.get('/c/abc.json')!.mode).toBe(0o600);
    expect(await store.read('abc')).toEqual(checkpointOf('abc', [attachmentOf(0, 'eth0', CONF)]));
    expect(await store.read('other')).toBeUndefined();
    expect(await store.listFiles()).toEqual(['abc.json']);
  });

  it('refuses path-traversing container ids (code 4) and damaged files (code 102 naming the file and field)', async () => {
    const files = new MemoryFileStore();
    const store = new CheckpointStore(files, '/c');
    expect(() => store.pathFor('../etc/passwd')).toThrow(expect.objectContaining({ code: 4, msg: 'invalid CNI_CONTAINERID' }));
    expect(() => store.pathFor('a/b')).toThrow(expect.objectContaining({ code: 4 }));
    await files.writeAtomic('/c/x.json', JSON.stringify({ ...checkpointOf('x', []), attachments: [{ index: 0, ifName: 'eth0', network: 'n', cniArgs: 'oops', capabilityArgs: {} }] }));
    await expect(store.read('x')).rejects.toMatchObject({ code: 102, details: '/c/x.json: attachments[0].cniArgs must be a list of [key, value] pairs; fix or remove the file, then retry' });
    await files.writeAtomic('/c/y.json', JSON.stringify({ ...checkpointOf('y', []), version: 2 }));
    await expect(store.read('y')).rejects.toMatchObject({ code: 102, details: expect.stringContaining('version 2 is not 1') });
    await files.writeAtomic('/c/z.json', JSON.stringify({ ...checkpointOf('z', []), reservations: [{ id: 'r0', kind: 'mystery' }] }));
    await expect(store.read('z')).rejects.toMatchObject({ details: expect.stringContaining('reservations[0].kind "mystery" is unknown') });
  });

  it('refuses a recorded config that no longer parses, and a file holding another container, as unreadable (102)', async () => {
    const files = new MemoryFileStore();
    const store = new CheckpointStore(files, '/c');
    await files.writeAtomic('/c/a.json', JSON.stringify(checkpointOf('a', [attachmentOf(0, 'eth0', '{"name":"n","plugins":[')])));
    await expect(store.read('a')).rejects.toMatchObject({ code: 102, details: expect.stringMatching(/^\/c\/a\.json: attachments\[0\]\.config: .*error parsing/) });
    await files.writeAtomic('/c/b.json', JSON.stringify(checkpointOf('b', [], { reservations: [{ id: 'r', kind: 'multi-nic-ipam', network: 'm', type: 'multi-nic-ipam', ifName: 'eth1', config: 'nope', cniArgs: [], masters: [], attachments: [], state: 'planned' }] })));
    await expect(store.read('b')).rejects.toMatchObject({ code: 102, details: expect.stringContaining('reservations[0].config is not JSON') });
    await files.writeAtomic('/c/c.json', JSON.stringify(checkpointOf('someone-else', [])));
    await expect(store.read('c')).rejects.toMatchObject({ code: 102, details: expect.stringContaining('it holds container "someone-else", not "c"') });
    await files.writeAtomic('/c/d.json', JSON.stringify(checkpointOf('../../etc', [])));
    await expect(store.read('d')).rejects.toMatchObject({ code: 102, details: expect.stringContaining('"containerId"') });
  });

  it('hashes an over-long container id into the file name and keeps the id inside (issue 11 #6)', async () => {
    const files = new MemoryFileStore();
    const store = new CheckpointStore(files, '/c');
    const id = 'k'.repeat(400);
    await store.write(checkpointOf(id, []));
    const [name] = await store.listFiles();
    expect(name).toMatch(/^_sha256-[0-9a-f]{64}\.json$/);
    expect(JSON.parse((await files.read(`/c/${name}`))!).containerId).toBe(id);
    expect((await store.read(id))!.containerId).toBe(id);
    expect((await readAllCheckpoints(store)).checkpoints.map((c) => c.containerId)).toEqual([id]);
    await store.remove(id);
    expect(await store.listFiles()).toEqual([]);
    // A never-added long id has nothing to read: DEL succeeds.
    expect(await store.read('m'.repeat(300))).toBeUndefined();
  });

  it('reads every file past damaged ones, each damaged one an error naming it; removeFile stays in the dir', async () => {
    const files = new MemoryFileStore();
    const store = new CheckpointStore(files, '/c');
    await store.write(checkpointOf('good1', []));
    await files.writeAtomic('/c/broken.json', '{');
    await files.writeAtomic('/c/moved.json', JSON.stringify(checkpointOf('good2', [])));
    await store.write(checkpointOf('good3', []));
    const entries = await store.readEntries();
    expect(entries.map((e) => [e.path, 'checkpoint' in e ? e.checkpoint.containerId : e.error.code])).toEqual([
      ['/c/broken.json', 102],
      ['/c/good1.json', 'good1'],
      ['/c/good3.json', 'good3'],
      ['/c/moved.json', 102],
    ]);
    const all = await readAllCheckpoints(store);
    expect(all.checkpoints.map((c) => c.containerId)).toEqual(['good1', 'good3']);
    expect(all.unreadable.map((e) => e.details)).toEqual([expect.stringContaining('/c/broken.json: not JSON'), expect.stringContaining('/c/moved.json: it holds container "good2"')]);
    await expect(store.removeFile('../x.json')).rejects.toMatchObject({ code: 102 });
    await expect(store.removeFile('notes.txt')).rejects.toMatchObject({ code: 102 });
    await store.removeFile('broken.json');
    expect(await store.listFiles()).toEqual(['good1.json', 'good3.json', 'moved.json']);
  });
});

describe('CheckpointStore on a real file system', () => {
  it('reads, writes and removes the checkpoint of a 300-byte container id (no ENAMETOOLONG; DEL of nothing succeeds)', async () => {
    const dir = await mkdtemp(`${tmpdir()}/cp-`);
    try {
      const store = new CheckpointStore(new NodeFileStore(), dir);
      const id = 'a'.repeat(300);
      expect(await store.read(id)).toBeUndefined();
      await store.remove(id);
      await store.write(checkpointOf(id, []));
      expect((await store.read(id))!.containerId).toBe(id);
      await store.remove(id);
      expect(await store.listFiles()).toEqual([]);
      // Something that is not a file where a checkpoint should be: 102 naming it, not an unknown 999.
      await mkdir(`${dir}/odd.json`);
      await expect(store.read('odd')).rejects.toMatchObject({ code: 102, details: expect.stringContaining(`${dir}/odd.json: cannot be read (`) });
      expect(await store.readEntries()).toEqual([{ path: `${dir}/odd.json`, error: expect.objectContaining({ code: 102 }) }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
