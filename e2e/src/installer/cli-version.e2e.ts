/**
 * Every CLI answers --version with the version the bundler stamps in (package version + commit), and so does each
 * plugin run by hand (issue 11 #10).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { WORKSPACE_ROOT, buildPlugins, builtPluginPath } from '../support';

const PLUGINS = ['meta-dispatcher', 'ipvlan', 'multi-nic-ipam', 'static-ipam', 'fakeipam', 'route-injector'];
const VERSION = /^\d+\.\d+\.\d+(\+[0-9a-f]+)?$/;

beforeAll(() => buildPlugins('tools', ...PLUGINS), 300_000);

function run(file: string, args: string[]) {
  const out = spawnSync(file, args, { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
  if (out.error) throw out.error;
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('--version', () => {
  it.each(['cnictl', 'plexus-install', 'api-emulator'])('%s prints its version and exits 0', (cli) => {
    const out = run(resolve(WORKSPACE_ROOT, 'dist', 'tools', cli), ['--version']);
    expect(out).toMatchObject({ status: 0, stderr: '' });
    expect(out.stdout.trim()).toMatch(VERSION);
  });

  it.each(PLUGINS)('plugin %s run by hand prints "<name> <version>"', (name) => {
    const out = run(builtPluginPath(name), ['--version']);
    expect(out).toMatchObject({ status: 0, stderr: '' });
    expect(out.stdout).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+(\\+[0-9a-f]+)?\\n$`));
  });
});
