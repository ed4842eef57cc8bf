import { CniCode } from '@plexus/cni-spec';
import { noopLogger } from '@plexus/log';
import { MemoryFileStore } from '@plexus/store/testing';
import { DispatcherCode } from '../../errors/dispatcher-errors';
import { caught, makeSourceFixture, writeConf } from '../testing/source-fixture';
import { findConfByName, firstConfIn, indexConfsByName } from './find-conf-by-name';
import { loadConfPath } from './load-conf-path';
import { listDirectory, readTextFile } from './read-text-file';

const s = { pod: { namespace: 'default', name: 'web-0' }, network: 'n' };

describe('conf lookups in a directory', () => {
  it('finds a conf by its name (not its file name), in file-name order, skipping broken files with a warning', async () => {
    const { files, ctx, logLines } = makeSourceFixture();
    writeConf(files, '/etc/cni/net.d/00-broken.conf', '{nope');
    writeConf(files, '/etc/cni/net.d/10-x.conflist', { cniVersion: '1.0.0', name: 'data', plugins: [{ type: 'ipvlan' }] });
    writeConf(files, '/etc/cni/net.d/20-y.conf', { cniVersion: '1.0.0', name: 'data', type: 'bridge' });
    writeConf(files, '/etc/cni/net.d/30-z.txt', { cniVersion: '1.0.0', name: 'other', type: 'bridge' });
    const found = await findConfByName(files, '/etc/cni/net.d', 'data', ctx.deps.log, s);
    expect(found?.path).toBe('/etc/cni/net.d/10-x.conflist');
    expect(found?.confList.plugins).toEqual([{ type: 'ipvlan' }]);
    expect(await findConfByName(files, '/etc/cni/net.d', 'other', ctx.deps.log, s)).toBeUndefined();
    expect(logLines.filter((l) => l.msg === 'skipping unparsable network conf').map((l) => l.path)).toEqual(['/etc/cni/net.d/00-broken.conf', '/etc/cni/net.d/00-broken.conf']);
    // The warning words the problem `<field>: <problem>`, as before FieldProblem became json-fields' CniError.
    expect(logLines.find((l) => l.msg === 'skipping unparsable network conf')?.error).toMatch(/^\(document\): not JSON: /);
    const index = await indexConfsByName(files, '/etc/cni/net.d', noopLogger, s);
    expect([...index.keys()]).toEqual(['data']);
    expect(index.get('data')?.path).toBe('/etc/cni/net.d/10-x.conflist');
    expect((await firstConfIn(files, '/etc/cni/net.d', noopLogger, s))?.path).toBe('/etc/cni/net.d/10-x.conflist');
  });

  it('loads a path as a file, or as a directory giving its first conf', async () => {
    const files = new MemoryFileStore();
    writeConf(files, '/etc/cni/net.d/b.conf', { cniVersion: '1.0.0', name: 'bee', type: 'bridge' });
    writeConf(files, '/etc/cni/net.d/a.conf', { cniVersion: '1.0.0', name: 'ay', type: 'bridge' });
    expect((await loadConfPath(files, '/etc/cni/net.d/b.conf', 'clusterNetwork', noopLogger, s)).confList.name).toBe('bee');
    expect((await loadConfPath(files, '/etc/cni/net.d', 'clusterNetwork', noopLogger, s)).confList.name).toBe('ay');
  });

  it.each([
    ['a missing file', '/etc/cni/none.conf', DispatcherCode.NetworkNotFound, 'network not found (clusterNetwork)'],
    ['a broken file', '/etc/cni/bad.conf', CniCode.InvalidConfig, 'invalid /etc/cni/bad.conf: type'],
  ])('refuses %s', async (_n, path, code, msg) => {
    const files = new MemoryFileStore();
    writeConf(files, '/etc/cni/bad.conf', { name: 'x' });
    const e = await caught(loadConfPath(files, path, 'clusterNetwork', noopLogger, s));
    expect(e.code).toBe(code);
    expect(e.msg).toBe(msg);
    expect(e.details).toContain('pod "default/web-0", network "n"');
  });

  it('maps I/O failures to code 5 naming the path, and EISDIR/ENOTDIR to directory/empty', async () => {
    const failing = (code: string) =>
      Object.assign(new MemoryFileStore(), {
        read: async () => {
          throw Object.assign(new Error(`${code}: boom`), { code });
        },
        list: async () => {
          throw Object.assign(new Error(`${code}: boom`), { code });
        },
      });
    expect(await readTextFile(failing('EISDIR'), '/d', s)).toEqual({ kind: 'directory' });
    expect(await listDirectory(failing('ENOTDIR'), '/f', s)).toEqual([]);
    const e = await caught(readTextFile(failing('EACCES'), '/etc/cni/x.conf', s));
    expect(e).toMatchObject({ code: CniCode.IoFailure, msg: 'failed to read /etc/cni/x.conf' });
    const l = await caught(listDirectory(failing('EACCES'), '/etc/cni', s));
    expect(l).toMatchObject({ code: CniCode.IoFailure, msg: 'failed to list /etc/cni' });
  });
});
