import { FakeCommandRunner } from '@plexus/exec/testing';
import { installPlugins } from './install';
import { listInstalled } from './list-installed';
import { parseManifest } from './manifest';
import { MemoryInstallerFs } from './testing';
import { uninstallPlugins } from './uninstall';

const bundle = (name: string, body = 'main()') => `#!/usr/bin/env node\n// plexus-plugin-api:1 ${name}\n${body}\n`;
const BIN = '/opt/cni/bin';

async function installed(...names: string[]) {
  const fs = new MemoryInstallerFs();
  await fs.mkdirp(BIN);
  for (const n of names) await fs.writeAtomic(`/dist/bin/${n}`, bundle(n), 0o755);
  const deps = { fs, runner: new FakeCommandRunner(), env: {}, now: () => new Date('2025-01-01T00:00:00Z') };
  await installPlugins(deps, { fromDir: '/dist/bin', binDir: BIN, plugins: 'all', force: false });
  return fs;
}

describe('uninstallPlugins', () => {
  it('removes what it installed and drops it from the manifest; a second run is a no-op', async () => {
    const fs = await installed('static-ipam', 'route-injector');
    const out = await uninstallPlugins(fs, { binDir: BIN, plugins: 'static-ipam', force: false });
    expect(out).toEqual([{ name: 'static-ipam', action: 'removed', previous: 'managed' }]);
    expect(await fs.list(BIN)).toEqual(['.plexus-installed.json', 'route-injector']);
    expect(Object.keys(parseManifest(await fs.read(`${BIN}/.plexus-installed.json`), 'm').plugins)).toEqual(['route-injector']);
    expect(await uninstallPlugins(fs, { binDir: BIN, plugins: 'static-ipam', force: false })).toEqual([{ name: 'static-ipam', action: 'absent', previous: 'absent' }]);
  });

  it('refuses foreign and replaced files, removing nothing, unless --force', async () => {
    const fs = await installed('static-ipam', 'route-injector');
    await fs.writeAtomic(`${BIN}/bridge`, 'go binary', 0o755);
    await fs.writeAtomic(`${BIN}/route-injector`, 'replaced by someone', 0o755);
    await expect(uninstallPlugins(fs, { binDir: BIN, plugins: 'static-ipam,bridge,route-injector', force: false })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/"bridge" was not installed by Plexus; "route-injector" was installed by Plexus but has been replaced since/),
    });
    expect(await fs.list(BIN)).toEqual(['.plexus-installed.json', 'bridge', 'route-injector', 'static-ipam']);
    const out = await uninstallPlugins(fs, { binDir: BIN, plugins: 'static-ipam,bridge,route-injector', force: true });
    expect(out.map((o) => o.previous)).toEqual(['managed', 'foreign', 'modified']);
    expect(await fs.list(BIN)).toEqual(['.plexus-installed.json']);
  });

  it('"all" means everything in the manifest, never other files', async () => {
    const fs = await installed('a', 'b');
    await fs.writeAtomic(`${BIN}/bridge`, 'go binary', 0o755);
    await uninstallPlugins(fs, { binDir: BIN, plugins: 'all', force: false });
    expect(await fs.list(BIN)).toEqual(['.plexus-installed.json', 'bridge']);
  });
});

describe('listInstalled', () => {
  it('shows each installed plugin with version, hash and state, plus unmanaged Plexus bundles', async () => {
    const fs = await installed('a', 'b', 'c');
    await fs.writeAtomic(`${BIN}/b`, 'changed', 0o755);
    await fs.remove(`${BIN}/c`);
    await fs.writeAtomic(`${BIN}/d`, bundle('d'), 0o755);
    await fs.writeAtomic(`${BIN}/bridge`, 'go binary', 0o755);
    const rows = await listInstalled(fs, BIN);
    expect(rows.map((r) => [r.name, r.state, r.version])).toEqual([
      ['a', 'ok', 'unknown'],
      ['b', 'modified', 'unknown'],
      ['c', 'missing', 'unknown'],
      ['d', 'unmanaged', undefined],
    ]);
    expect(rows[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.installedAt).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('uninstallPlugins bin dir', () => {
  it('refuses a bin dir that does not exist (a typo) and one it cannot write to, removing nothing (issue 11 #10)', async () => {
    const fs = await installed('static-ipam');
    await expect(uninstallPlugins(fs, { binDir: '/opt/cni/bim', plugins: 'all', force: false })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('"/opt/cni/bim" does not exist') });
    expect(await fs.dirState('/opt/cni/bim')).toBe('absent');
    fs.readOnly.add(BIN);
    await expect(uninstallPlugins(fs, { binDir: BIN, plugins: 'all', force: false, uid: 1000 })).rejects.toMatchObject({
      exitCode: 4,
      message: `cannot write to "${BIN}" as uid 1000 (not root): installing CNI plugins needs root — run it with sudo, or pass a --bin-dir you own`,
    });
    expect(await fs.list(BIN)).toEqual(['.plexus-installed.json', 'static-ipam']);
  });
});
