import { CheckpointStore } from '@plexus/checkpoint';
import { attachmentOf, checkpointOf } from '@plexus/checkpoint/testing';
import { CniError } from '@plexus/cni-spec';
import { fakeChainDeps } from '@plexus/conflist/testing';
import { FakeDelegator } from '@plexus/invoke/testing';
import { MemoryFileStore } from '@plexus/store/testing';
import { findCheckpoint } from './find-checkpoint';
import { listCheckpoints, renderCheckpointList } from './list-checkpoints';
import { purgeCheckpoint } from './purge-checkpoint';

const DIR = '/var/lib/cni/plexus/meta-dispatcher';
const conf = (name: string, type: string) => JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type }] });

async function stuckPod() {
  const files = new MemoryFileStore();
  const store = new CheckpointStore(files, DIR);
  await store.write(
    checkpointOf('stuck', [attachmentOf(0, 'eth0', conf('cluster', 'bridge'), { network: 'cluster' }), attachmentOf(1, 'net1', conf('a', 'macvlan'), { network: 'default/net-a', result: { cniVersion: '1.0.0', ips: [] } })], {
      pod: { namespace: 'default', name: 'web' },
      netns: '/var/run/netns/gone',
      reservations: [{ id: 'd', kind: 'danm', attachment: 1, network: { kind: 'DanmNet', namespace: 'default', name: 'dn' }, owner: { containerId: 'stuck', ifName: 'net1' }, ip: 'dynamic', ip6: 'none', state: 'reserved' }],
    }),
  );
  await store.write(checkpointOf('x'.repeat(300), [], { phase: 'planned' }));
  await files.writeAtomic(`${DIR}/broken.json`, '{"kind":');
  return { files, store };
}

describe('cnictl checkpoints', () => {
  it('lists every checkpoint, damaged ones included, and shows one by container id or file name', async () => {
    const { store } = await stuckPod();
    const rows = await listCheckpoints(store);
    expect(rows.map((r) => [r.file, r.containerId?.slice(0, 8), r.pod, r.phase, r.attachments, r.unreadable && 'unreadable'])).toEqual([
      ['_sha256-' + rows[0]!.file.slice(8), 'xxxxxxxx', undefined, 'planned', [], undefined],
      ['broken.json', undefined, undefined, undefined, undefined, 'unreadable'],
      ['stuck.json', 'stuck', 'default/web', 'added', ['eth0=cluster', 'net1=default/net-a'], undefined],
    ]);
    const table = renderCheckpointList(rows);
    expect(table).toMatch(/^CONTAINER +POD +PHASE +INTERFACES +FILE\n/);
    expect(table).toContain('UNREADABLE');
    expect(table).toMatch(/stuck +default\/web +added +eth0=cluster,net1=default\/net-a +stuck\.json/);
    expect(table).toContain(`${'x'.repeat(61)}...`);
    expect((await findCheckpoint(store, 'stuck')).path).toBe(`${DIR}/stuck.json`);
    expect((await findCheckpoint(store, 'x'.repeat(300))).path).toBe(`${DIR}/${rows[0]!.file}`);
    expect(await findCheckpoint(store, 'broken.json')).toMatchObject({ error: { code: 102 } });
    await expect(findCheckpoint(store, 'nope')).rejects.toThrow(`no checkpoint "nope" in ${DIR}`);
  });

  it('purge runs every delegate DEL from the checkpoint, reports what it could not undo, and removes it (issue 11 #8)', async () => {
    const { store } = await stuckPod();
    const d = new FakeDelegator().on('macvlan', 'DEL', new CniError(11, 'master gone'));
    const report = await purgeCheckpoint(store, fakeChainDeps(d), 'stuck');
    expect(d.commands()).toEqual(['macvlan DEL', 'bridge DEL']);
    expect(d.calls.every((c) => c.env.CNI_CONTAINERID === 'stuck' && c.env.CNI_NETNS === '/var/run/netns/gone')).toBe(true);
    expect(JSON.parse(d.calls[0]!.stdin).prevResult).toMatchObject({ cniVersion: '1.0.0' });
    expect('prevResult' in JSON.parse(d.calls[1]!.stdin)).toBe(false);
    expect(report).toEqual({
      file: 'stuck.json',
      containerId: 'stuck',
      removed: true,
      steps: [
        { op: 'delete', network: 'default/net-a', ifName: 'net1', error: expect.stringContaining('master gone') },
        { op: 'delete', network: 'cluster', ifName: 'eth0' },
        { op: 'release', network: 'DanmNet default/dn', ifName: 'net1', error: expect.stringContaining('free them with a DEL through the dispatcher') },
      ],
      notUndone: [expect.objectContaining({ ifName: 'net1', op: 'delete' }), expect.objectContaining({ op: 'release' })],
    });
    expect(await store.read('stuck')).toBeUndefined();
  });

  it('purge --keep-on-failure keeps the checkpoint; an unreadable file needs --force and is never replayed', async () => {
    const { store, files } = await stuckPod();
    const d = new FakeDelegator().on('bridge', 'DEL', new CniError(11, 'busy'));
    expect((await purgeCheckpoint(store, fakeChainDeps(d), 'stuck', { keepOnFailure: true })).removed).toBe(false);
    expect(await store.read('stuck')).toBeDefined();
    await expect(purgeCheckpoint(store, fakeChainDeps(d), 'broken.json')).rejects.toThrow(/broken\.json: not JSON.*purge --force removes the file/);
    expect(await files.read(`${DIR}/broken.json`)).toBe('{"kind":');
    expect(await purgeCheckpoint(store, fakeChainDeps(d), 'broken.json', { force: true })).toEqual({ file: 'broken.json', steps: [], notUndone: [], removed: true });
    expect(await files.read(`${DIR}/broken.json`)).toBeUndefined();
    const long = await purgeCheckpoint(store, fakeChainDeps(d), 'x'.repeat(300));
    expect(long).toMatchObject({ removed: true, notUndone: [] });
    expect(await store.listFiles()).toEqual(['stuck.json']);
  });
});
