/**
 * plexus-install with the real bundles: installs only the named plugins from dist/bin into a temp bin dir (the
 * default --from found from the CLI bundle's own location), they run as CNI plugins, a foreign binary is refused
 * unless --force, list/uninstall report and remove only what was installed, and a plugin being reinstalled
 * never fails to exec (atomic replace).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REFERENCE_PLUGIN_DIR, WORKSPACE_ROOT, buildPlugins, builtPluginPath, execCni } from '../support';

const INSTALL = resolve(WORKSPACE_ROOT, 'dist', 'tools', 'plexus-install');

let binDir: string;

function install(...args: string[]) {
  const out = spawnSync(INSTALL, args, { encoding: 'utf8', timeout: 60_000 });
  if (out.error) throw out.error;
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

function manifest(): { plugins: Record<string, { sha256: string; version: string; installedAt: string; size: number }> } {
  return JSON.parse(readFileSync(join(binDir, '.plexus-installed.json'), 'utf8'));
}

beforeAll(() => buildPlugins('tools', 'static-ipam', 'route-injector'), 180_000);
beforeEach(() => (binDir = mkdtempSync(join(tmpdir(), 'plxct-bin-'))));
afterEach(() => rmSync(binDir, { recursive: true, force: true }));

describe('plexus-install', () => {
  it('installs only the named plugins, byte for byte, 0755, recorded in the manifest; they answer VERSION', () => {
    const out = install('install', '--plugins', 'static-ipam,route-injector', '--bin-dir', binDir);
    expect(out).toMatchObject({ status: 0, stderr: '' });
    expect(out.stdout).toMatch(/^installed +static-ipam /m);
    expect(readdirSync(binDir).sort()).toEqual(['.plexus-installed.json', 'route-injector', 'static-ipam']);
    for (const name of ['static-ipam', 'route-injector']) {
      expect(readFileSync(join(binDir, name))).toEqual(readFileSync(builtPluginPath(name)));
      expect(statSync(join(binDir, name)).mode & 0o777).toBe(0o755);
    }
    expect(Object.keys(manifest().plugins).sort()).toEqual(['route-injector', 'static-ipam']);
    expect(manifest().plugins['static-ipam']!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const version = execCni(join(binDir, 'static-ipam'), { command: 'VERSION', stdin: { cniVersion: '1.0.0' } });
    expect(version.status).toBe(0);
    expect(version.json).toEqual({ cniVersion: '1.0.0', supportedVersions: expect.arrayContaining(['0.4.0', '1.0.0', '1.1.0']) });

    const again = install('install', '--plugins', 'static-ipam', '--bin-dir', binDir);
    expect(again.stdout).toMatch(/^unchanged +static-ipam /);
  }, 60_000);

  it('refuses an unknown plugin (listing the built ones) and a foreign binary, installing nothing; --force overwrites', () => {
    const unknown = install('install', '--plugins', 'static-ipam,nope', '--bin-dir', binDir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^plexus-install: unknown plugin "nope"; built plugins in .*dist\/bin: .*route-injector.*static-ipam/);
    expect(readdirSync(binDir)).toEqual([]);

    copyFileSync(join(REFERENCE_PLUGIN_DIR, 'static'), join(binDir, 'static-ipam'));
    const refused = install('install', '--plugins', 'route-injector,static-ipam', '--bin-dir', binDir);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toBe(`plexus-install: refusing to overwrite "static-ipam" was not installed by Plexus in ${binDir}. Nothing was installed; use --force to overwrite.\n`);
    expect(readdirSync(binDir)).toEqual(['static-ipam']);
    expect(readFileSync(join(binDir, 'static-ipam'))).toEqual(readFileSync(join(REFERENCE_PLUGIN_DIR, 'static')));

    const forced = install('install', '--plugins', 'route-injector,static-ipam', '--bin-dir', binDir, '--force');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/^replaced +static-ipam /m);
    expect(readFileSync(join(binDir, 'static-ipam'))).toEqual(readFileSync(builtPluginPath('static-ipam')));
  }, 60_000);

  it('list shows state; uninstall removes only what it installed', () => {
    install('install', '--plugins', 'static-ipam,route-injector', '--bin-dir', binDir, '--from', resolve(WORKSPACE_ROOT, 'dist', 'bin'));
    writeFileSync(join(binDir, 'route-injector'), '#!/bin/sh\necho replaced\n');
    copyFileSync(join(REFERENCE_PLUGIN_DIR, 'bridge'), join(binDir, 'bridge'));

    const rows = JSON.parse(install('list', '--bin-dir', binDir, '--json').stdout) as Array<{ name: string; state: string }>;
    expect(rows.map((r) => [r.name, r.state])).toEqual([
      ['route-injector', 'modified'],
      ['static-ipam', 'ok'],
    ]);
    expect(install('list', '--bin-dir', binDir).stdout).toMatch(/^NAME +VERSION +STATE +SHA256 +INSTALLED\nroute-injector +\S+ +modified /);

    const refused = install('uninstall', '--plugins', 'all', '--bin-dir', binDir);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('"route-injector" was installed by Plexus but has been replaced since');
    expect(readdirSync(binDir).sort()).toEqual(['.plexus-installed.json', 'bridge', 'route-injector', 'static-ipam']);

    expect(install('uninstall', '--plugins', 'static-ipam', '--bin-dir', binDir).status).toBe(0);
    expect(install('uninstall', '--plugins', 'bridge', '--bin-dir', binDir).status).toBe(3);
    expect(readdirSync(binDir).sort()).toEqual(['.plexus-installed.json', 'bridge', 'route-injector']);
    expect(Object.keys(manifest().plugins)).toEqual(['route-injector']);
  }, 60_000);

  it('replaces a plugin atomically: a runtime exec-ing it during reinstalls never fails', async () => {
    // Two builds of the plugin that differ, so every install really rewrites the file.
    const from = [mkdtempSync(join(tmpdir(), 'plxct-from-')), mkdtempSync(join(tmpdir(), 'plxct-from-'))];
    try {
      copyFileSync(builtPluginPath('static-ipam'), join(from[0]!, 'static-ipam'));
      writeFileSync(join(from[1]!, 'static-ipam'), `${readFileSync(builtPluginPath('static-ipam'), 'utf8')}\n// second build\n`);
      for (const d of from) chmodSync(join(d, 'static-ipam'), 0o755);
      expect(install('install', '--plugins', 'static-ipam', '--bin-dir', binDir, '--from', from[0]!).status).toBe(0);

      let installing = true;
      const execs: Array<{ status: number | null; stdout: string }> = [];
      const runtime = (async () => {
        while (installing) execs.push(await run(join(binDir, 'static-ipam'), [], { CNI_COMMAND: 'VERSION' }, '{"cniVersion":"1.0.0"}'));
      })();
      for (let i = 0; i < 8; i++) {
        const out = await run(INSTALL, ['install', '--plugins', 'static-ipam', '--bin-dir', binDir, '--from', from[(i + 1) % 2]!]);
        expect(out).toMatchObject({ status: 0, stdout: expect.stringMatching(/^updated +static-ipam/) });
      }
      installing = false;
      await runtime;
      expect(execs.length).toBeGreaterThan(3);
      for (const e of execs) expect(e).toEqual({ status: 0, stdout: expect.stringContaining('"supportedVersions"'), stderr: '' });
      expect(readdirSync(binDir).sort()).toEqual(['.plexus-installed.json', 'static-ipam']);
    } finally {
      for (const d of from) rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('plexus-install refuses what an operator did not mean (issue 11 #10)', () => {
  it('a mistyped --bin-dir is an error and is not created; --create creates it', () => {
    const typo = join(binDir, 'bni');
    const out = install('install', '--plugins', 'static-ipam', '--bin-dir', typo);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe(`plexus-install: --bin-dir "${typo}" does not exist (mistyped?); nothing was changed. Pass --create to create it\n`);
    expect(readdirSync(binDir)).toEqual([]);
    expect(install('uninstall', '--plugins', 'all', '--bin-dir', typo).status).toBe(2);
    expect(readdirSync(binDir)).toEqual([]);
    const created = install('install', '--plugins', 'static-ipam', '--bin-dir', typo, '--create');
    expect(created).toMatchObject({ status: 0, stderr: '' });
    expect(statSync(typo).mode & 0o777).toBe(0o755);
    expect(readdirSync(typo).sort()).toEqual(['.plexus-installed.json', 'static-ipam']);
  }, 60_000);

  it('--from accepts only Plexus builds: the reference plugins dir installs nothing', () => {
    const out = install('install', '--plugins', 'static,bridge', '--from', REFERENCE_PLUGIN_DIR, '--bin-dir', binDir);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^plexus-install: not a Plexus plugin build: ".*\/static", ".*\/bridge" .*nothing was installed/);
    expect(readdirSync(binDir)).toEqual([]);
  }, 60_000);

  it('tells a non-root user that installing needs root, and writes nothing', () => {
    // The bundles are copied where an unprivileged user can read them; the bin dir stays root-owned 0755.
    const tools = mkdtempSync(join(tmpdir(), 'plxct-tools-'));
    try {
      chmodSync(tools, 0o755);
      copyFileSync(INSTALL, join(tools, 'plexus-install'));
      copyFileSync(builtPluginPath('static-ipam'), join(tools, 'static-ipam'));
      chmodSync(join(tools, 'plexus-install'), 0o755);
      chmodSync(binDir, 0o755);
      const out = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', join(tools, 'plexus-install'), 'install', '--plugins', 'static-ipam', '--from', tools, '--bin-dir', binDir], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH },
      });
      expect(out.stderr).toBe(`plexus-install: cannot write to "${binDir}" as uid 65534 (not root): installing CNI plugins needs root — run it with sudo, or pass a --bin-dir you own\n`);
      expect(out.status).toBe(4);
      expect(readdirSync(binDir)).toEqual([]);
    } finally {
      rmSync(tools, { recursive: true, force: true });
    }
  }, 60_000);
});

/** run execs a command without blocking the event loop (installs and plugin execs must overlap). */
function run(file: string, args: string[], env: Record<string, string> = {}, input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(file, args, { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => done({ status: -1, stdout, stderr: String(e) }));
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
