import { FakeCommandRunner } from '@plexus/exec/testing';
import { installPlugins, type InstallDeps } from './install';
import { parseManifest, sha256Hex } from './manifest';
import { MemoryInstallerFs } from './testing';

const bundle = (name: string, body = 'main()') => `#!/usr/bin/env node\n// plexus-plugin-api:1 ${name}\n${body}\n`;

function setup() {
  const fs = new MemoryInstallerFs();
  fs.madeDirs.add('/opt/cni/bin');
  const runner = new FakeCommandRunner().on('/dist/bin/static-ipam', { stderr: 'CNI static-ipam plugin 0.1.0 (Plexus)\n' });
  const deps: InstallDeps = { fs, runner, env: { PATH: '/usr/bin' }, now: () => new Date('2025-01-02T03:04:05Z') };
  return { fs, runner, deps };
}

async function seedBuilt(fs: MemoryInstallerFs, ...names: string[]) {
  for (const n of names) await fs.writeAtomic(`/dist/bin/${n}`, bundle(n), 0o755);
}

const opts = { fromDir: '/dist/bin', binDir: '/opt/cni/bin', force: false };

describe('installPlugins', () => {
  it('installs only the named plugins, mode 0755, and records them in the manifest', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam', 'route-injector', 'ipvlan');
    const out = await installPlugins(deps, { ...opts, plugins: 'static-ipam,route-injector' });

    expect(out.map((o) => [o.name, o.action])).toEqual([['static-ipam', 'installed'], ['route-injector', 'installed']]);
    expect(await fs.list('/opt/cni/bin')).toEqual(['.plexus-installed.json', 'route-injector', 'static-ipam']);
    expect(fs.files.get('/opt/cni/bin/static-ipam')).toEqual({ data: bundle('static-ipam'), mode: 0o755 });
    const manifest = parseManifest(await fs.read('/opt/cni/bin/.plexus-installed.json'), 'm');
    expect(manifest.plugins['static-ipam']).toEqual({
      sha256: sha256Hex(Buffer.from(bundle('static-ipam'))),
      version: '0.1.0',
      installedAt: '2025-01-02T03:04:05.000Z',
      size: bundle('static-ipam').length,
    });
    expect(manifest.plugins['route-injector']!.version).toBe('unknown');
  });

  it('runs the plugin without CNI_* variables to read its version', async () => {
    const { fs, deps, runner } = setup();
    await seedBuilt(fs, 'static-ipam');
    await installPlugins({ ...deps, env: { PATH: '/bin', CNI_COMMAND: 'ADD' } }, { ...opts, plugins: 'static-ipam' });
    expect(runner.calls[0]).toMatchObject({ file: '/dist/bin/static-ipam', args: [], opts: { env: { PATH: '/bin' } } });
  });

  it('"all" installs every built plugin', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'a', 'b', 'c');
    const out = await installPlugins(deps, { ...opts, plugins: 'all' });
    expect(out.map((o) => o.name)).toEqual(['a', 'b', 'c']);
  });

  it('rejects an unknown name before installing anything, listing the available plugins', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam', 'route-injector');
    await expect(installPlugins(deps, { ...opts, plugins: 'static-ipam,nope' })).rejects.toMatchObject({
      name: 'InstallerError',
      exitCode: 2,
      message: 'unknown plugin "nope"; built plugins in /dist/bin: route-injector, static-ipam',
    });
    expect(await fs.list('/opt/cni/bin')).toEqual([]);
  });

  it('says how to build when the source dir is empty', async () => {
    const { deps } = setup();
    await expect(installPlugins(deps, { ...opts, plugins: 'all' })).rejects.toMatchObject({ kind: 'source-missing', message: expect.stringContaining('build-plugin.mjs') });
  });

  it('refuses to overwrite a foreign binary (nothing installed), and --force overwrites it', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam', 'route-injector');
    await fs.writeAtomic('/opt/cni/bin/static-ipam', '\x7fELF go binary', 0o755);

    await expect(installPlugins(deps, { ...opts, plugins: 'route-injector,static-ipam' })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/refusing to overwrite "static-ipam" was not installed by Plexus.*Nothing was installed; use --force/),
    });
    expect(await fs.list('/opt/cni/bin')).toEqual(['static-ipam']);

    const out = await installPlugins(deps, { ...opts, plugins: 'route-injector,static-ipam', force: true });
    expect(out.map((o) => [o.name, o.action, o.previous])).toEqual([['route-injector', 'installed', 'absent'], ['static-ipam', 'replaced', 'foreign']]);
    expect(fs.files.get('/opt/cni/bin/static-ipam')!.data).toBe(bundle('static-ipam'));
  });

  it('refuses a file we installed that was replaced since (hash differs)', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    await installPlugins(deps, { ...opts, plugins: 'static-ipam' });
    await fs.writeAtomic('/opt/cni/bin/static-ipam', bundle('static-ipam', 'tampered()'), 0o755);
    await expect(installPlugins(deps, { ...opts, plugins: 'static-ipam' })).rejects.toMatchObject({
      message: expect.stringContaining('has been replaced since'),
    });
  });

  it('updates its own files, skips identical ones, and adopts an unmanaged Plexus bundle of the same name', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam', 'route-injector');
    await installPlugins(deps, { ...opts, plugins: 'static-ipam' });
    await fs.writeAtomic('/opt/cni/bin/route-injector', bundle('route-injector', 'old()'), 0o755);
    await fs.writeAtomic('/dist/bin/static-ipam', bundle('static-ipam', 'v2()'), 0o755);

    const out = await installPlugins(deps, { ...opts, plugins: 'all' });
    expect(out.map((o) => [o.name, o.action])).toEqual([['route-injector', 'adopted'], ['static-ipam', 'updated']]);
    const again = await installPlugins(deps, { ...opts, plugins: 'all' });
    expect(again.map((o) => o.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('does not take a Plexus bundle of another name for its own', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    await fs.writeAtomic('/opt/cni/bin/static-ipam', bundle('fakeipam'), 0o755);
    await expect(installPlugins(deps, { ...opts, plugins: 'static-ipam' })).rejects.toMatchObject({ kind: 'refused' });
  });

  it('refuses a corrupt manifest instead of treating every file as foreign', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    await fs.writeAtomic('/opt/cni/bin/.plexus-installed.json', '{"kind":"other"}');
    await expect(installPlugins(deps, { ...opts, plugins: 'static-ipam' })).rejects.toThrow('is not a Plexus install manifest');
  });
});

describe('installPlugins checks (issue 11 #10)', () => {
  it('refuses a bin dir that does not exist unless --create, and never creates it on refusal', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    await expect(installPlugins(deps, { ...opts, binDir: '/opt/cni/bni', plugins: 'static-ipam' })).rejects.toMatchObject({
      exitCode: 2,
      message: '--bin-dir "/opt/cni/bni" does not exist (mistyped?); nothing was changed. Pass --create to create it',
    });
    expect(await fs.dirState('/opt/cni/bni')).toBe('absent');
    await fs.writeAtomic('/opt/cni/file', 'x');
    await expect(installPlugins(deps, { ...opts, binDir: '/opt/cni/file', plugins: 'static-ipam' })).rejects.toMatchObject({ exitCode: 2, message: '--bin-dir "/opt/cni/file" is not a directory' });
    const out = await installPlugins(deps, { ...opts, binDir: '/new/bin', plugins: 'static-ipam', create: true });
    expect(out.map((o) => o.action)).toEqual(['installed']);
    expect(await fs.list('/new/bin')).toEqual(['.plexus-installed.json', 'static-ipam']);
  });

  it('installs only Plexus builds from --from: a foreign file or a bundle of another name installs nothing', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    await fs.writeAtomic('/dist/bin/bridge', '\x7fELF go binary', 0o755);
    await fs.writeAtomic('/dist/bin/renamed', bundle('ipvlan'), 0o755);
    await expect(installPlugins(deps, { ...opts, plugins: 'static-ipam,bridge,renamed' })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^not a Plexus plugin build: "\/dist\/bin\/bridge", "\/dist\/bin\/renamed" .*nothing was installed/),
    });
    await expect(installPlugins(deps, { ...opts, plugins: 'all' })).rejects.toMatchObject({ exitCode: 2 });
    expect(await fs.list('/opt/cni/bin')).toEqual([]);
    // A self-contained binary (ELF) embedding the bundle is ours.
    await fs.writeAtomic('/dist/sea/static-ipam', '\x7fELF...\n"use strict";\n// plexus-plugin-api:1 static-ipam\nmain()\n', 0o755);
    expect((await installPlugins(deps, { ...opts, fromDir: '/dist/sea', plugins: 'static-ipam' })).map((o) => o.action)).toEqual(['installed']);
  });

  it('tells a non-root user why it cannot install, before writing anything', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    fs.readOnly.add('/opt/cni/bin');
    await expect(installPlugins({ ...deps, uid: 1000 }, { ...opts, plugins: 'static-ipam' })).rejects.toMatchObject({
      name: 'InstallerError',
      exitCode: 4,
      message: expect.stringContaining('cannot write to "/opt/cni/bin" as uid 1000 (not root): installing CNI plugins needs root'),
    });
    expect(await fs.list('/opt/cni/bin')).toEqual([]);
  });
});

describe('installPlugins with an interpreter', () => {
  it('rewrites each bundle shebang to the absolute interpreter, keeps the marker, and hashes the written bytes', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    await installPlugins(deps, { ...opts, plugins: 'static-ipam', interpreter: '/opt/cni/bin/plexus-runtime/node' });
    const written = fs.files.get('/opt/cni/bin/static-ipam')!.data;
    expect(written).toBe('#!/opt/cni/bin/plexus-runtime/node\n// plexus-plugin-api:1 static-ipam\nmain()\n');
    const manifest = parseManifest(await fs.read('/opt/cni/bin/.plexus-installed.json'), 'm');
    expect(manifest.plugins['static-ipam']!.sha256).toBe(sha256Hex(Buffer.from(written)));
    // A second run with the same interpreter sees its own file: unchanged, not refused as modified.
    const again = await installPlugins(deps, { ...opts, plugins: 'static-ipam', interpreter: '/opt/cni/bin/plexus-runtime/node' });
    expect(again.map((o) => o.action)).toEqual(['unchanged']);
  });

  it('leaves a non-bundle (self-contained binary) as it is', async () => {
    const { fs, deps } = setup();
    await fs.writeAtomic('/dist/bin/sea', '\x7fELF binary\n// plexus-plugin-api:1 sea\n', 0o755);
    await installPlugins(deps, { ...opts, plugins: 'sea', interpreter: '/x/node' });
    expect(fs.files.get('/opt/cni/bin/sea')!.data).toBe('\x7fELF binary\n// plexus-plugin-api:1 sea\n');
  });

  it('refuses a relative interpreter before writing anything', async () => {
    const { fs, deps } = setup();
    await seedBuilt(fs, 'static-ipam');
    await expect(installPlugins(deps, { ...opts, plugins: 'static-ipam', interpreter: 'node' })).rejects.toThrow(/absolute path/);
    expect(await fs.list('/opt/cni/bin')).toEqual([]);
  });
});
