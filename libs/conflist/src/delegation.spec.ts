import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecError } from '@plexus/exec';
import { FakeCommandRunner } from '@plexus/exec/testing';
import { PLEXUS_BUNDLE_MARKER, PluginDelegator } from '@plexus/invoke';
import { addNetworkList } from './add-network-list';
import { parseConfList } from './conf-list';
import { delNetworkList } from './del-network-list';
import type { ChainDeps } from './chain-deps';

// The engine over the real PluginDelegator: Plexus bundles found in CNI_PATH run in-process with the env and stdin
// they would get by exec; anything else is exec'd (here through a FakeCommandRunner).
describe('delegation through PluginDelegator', () => {
  let dir: string;
  let sleeps: number[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plexus-conflist-'));
    sleeps = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** writeBundle writes a marked bundle that answers with what it received (env and stdin). */
  function writeBundle(name: string): void {
    const body = `module.exports.plexusPlugin = { plexusPluginApi: 1, name: ${JSON.stringify(name)}, invoke: async (env, stdin) => ({ exitCode: 0, stderr: '', stdout: JSON.stringify({ cniVersion: JSON.parse(stdin).cniVersion, interfaces: [{ name: env.CNI_IFNAME, sandbox: env.CNI_NETNS }], ips: [{ address: '10.9.0.2/24', interface: 0 }], dns: { search: [env.CNI_COMMAND, env.CNI_ARGS, String(JSON.parse(stdin).prevResult !== undefined)] } }) }) };`;
    writeFileSync(join(dir, name), `#!/usr/bin/env node\n${PLEXUS_BUNDLE_MARKER} ${name}\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }

  function depsWith(runner: FakeCommandRunner, env: Record<string, string> = {}): ChainDeps {
    return { delegator: new PluginDelegator({ runner, sleep: async (ms) => void sleeps.push(ms) }), baseEnv: { PATH: '/usr/bin', ...env }, cniPath: [dir] };
  }

  it('runs a Plexus bundle in-process and execs a foreign plugin, threading the result between them', async () => {
    writeBundle('plexus-main');
    writeFileSync(join(dir, 'foreign'), '#!/bin/sh\n');
    chmodSync(join(dir, 'foreign'), 0o755);
    const runner = new FakeCommandRunner().on(() => true, (c) => ({ stdout: JSON.stringify(JSON.parse(c.opts.input!).prevResult), stderr: '', exitCode: 0 }));
    const list = parseConfList(JSON.stringify({ cniVersion: '1.1.0', name: 'mix', plugins: [{ type: 'plexus-main' }, { type: 'foreign' }] }));
    const rt = { containerId: 'c1', netns: '/var/run/netns/p', ifName: 'net1', cniArgs: [['IgnoreUnknown', '1']] as Array<[string, string]> };
    const out = await addNetworkList(depsWith(runner), list, rt);
    expect(out).toEqual({ cniVersion: '1.1.0', interfaces: [{ name: 'net1', sandbox: '/var/run/netns/p' }], ips: [{ address: '10.9.0.2/24', interface: 0 }], dns: { search: ['ADD', 'IgnoreUnknown=1', 'false'] } });
    expect(runner.calls.map((c) => c.file)).toEqual([join(dir, 'foreign')]);
    expect(runner.calls[0]!.opts.env).toMatchObject({ CNI_COMMAND: 'ADD', CNI_IFNAME: 'net1', CNI_PATH: dir, PATH: '/usr/bin' });
  });

  it('names a plugin missing from CNI_PATH, and reports an exec timeout with libcni\'s prefix and code 11', async () => {
    writeFileSync(join(dir, 'slow'), '#!/bin/sh\n');
    chmodSync(join(dir, 'slow'), 0o755);
    const runner = new FakeCommandRunner().on(() => true, (c) => {
      throw new ExecError(`${c.file} timed out after ${c.opts.timeoutMs} ms`, c.file, 'timeout');
    });
    const rt = { containerId: 'c1', netns: '/var/run/netns/p', ifName: 'eth0', cniArgs: [] };
    const missing = parseConfList(JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'nowhere' }] }));
    await expect(addNetworkList(depsWith(runner), missing, rt)).rejects.toMatchObject({
      code: 7,
      message: `plugin type="nowhere" failed (add): failed to find plugin "nowhere" in path; [${dir}]`,
    });
    const slow = parseConfList(JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'slow' }] }));
    await expect(addNetworkList({ ...depsWith(runner), timeoutMs: 500 }, slow, rt)).rejects.toMatchObject({
      code: 11,
      message: 'plugin type="slow" failed (add): plugin "slow" timed out; ADD took longer than 500 ms',
    });
    expect(runner.calls[0]!.opts.timeoutMs).toBe(500);
  });

  it('execs Plexus bundles too when PLEXUS_DELEGATE_MODE=exec, retrying a busy binary 1 s apart', async () => {
    writeBundle('plexus-main');
    let busy = 1;
    const runner = new FakeCommandRunner().on(() => true, () => {
      if (busy-- > 0) throw new ExecError('text file busy', 'x', 'busy');
      return { stdout: '', stderr: '', exitCode: 0 };
    });
    const list = parseConfList(JSON.stringify({ cniVersion: '1.1.0', name: 'n', plugins: [{ type: 'plexus-main' }] }));
    await delNetworkList(depsWith(runner, { PLEXUS_DELEGATE_MODE: 'exec' }), list, { containerId: 'c1', netns: '', ifName: 'net1', cniArgs: [] });
    expect(runner.calls.map((c) => c.opts.env?.CNI_COMMAND)).toEqual(['DEL', 'DEL']);
    expect(sleeps).toEqual([1000]);
  });
});
