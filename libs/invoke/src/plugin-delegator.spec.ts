import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecError, SpawnRunner } from '@plexus/exec';
import { abandonedWorkCount, type InProcessPlugin, type InvocationOutput } from '@plexus/skel';
import { FakeCommandRunner } from '@plexus/exec/testing';
import { PluginDelegator, delegateEnv } from './plugin-delegator';
import { findInPath } from './find-in-path';
import { loadInProcessPlugin, PLEXUS_BUNDLE_MARKER } from './in-process';

const stdin = JSON.stringify({ cniVersion: '0.4.0', name: 'n', type: 'ipam-x' });
const env = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'c1', CNI_NETNS: '/n', CNI_IFNAME: 'eth0', CNI_PATH: '/bin1:/bin2', OTHER: 'kept' };

describe('PluginDelegator (exec)', () => {
  const find = (type: string) => `/bin1/${type}`;

  it('execs the delegate with the caller env, overrides and stdin, and parses the result', async () => {
    const runner = new FakeCommandRunner().on('/bin1/ipam-x', { stdout: JSON.stringify({ cniVersion: '0.4.0', ips: [{ version: '4', address: '10.0.0.9/24' }] }) });
    const d = new PluginDelegator({ runner, findPlugin: find, loadPlugin: () => undefined });
    const r = await d.add({ type: 'ipam-x', stdin, env, ifName: 'net1' });
    expect(r).toEqual({ cniVersion: '1.1.0', ips: [{ address: '10.0.0.9/24' }] });
    expect(runner.calls[0]!.opts.input).toBe(stdin);
    expect(runner.calls[0]!.opts.env).toMatchObject({ CNI_COMMAND: 'ADD', CNI_IFNAME: 'net1', OTHER: 'kept', CNI_CONTAINERID: 'c1' });
    // Not a Plexus bundle: exactly the caller's env, nothing of ours added.
    expect(runner.calls[0]!.opts.env).not.toHaveProperty('PLEXUS_DEADLINE');
    expect(runner.calls[0]!.opts).toMatchObject({ timeoutMs: expect.any(Number), killGraceMs: 500 });
  });

  it('passes the delegate CNI error through with its own code, and reads stderr when stdout is empty', async () => {
    const runner = new FakeCommandRunner()
      .on((c) => c.opts.env?.CNI_COMMAND === 'DEL', { exitCode: 1, stdout: '{"code":11,"msg":"busy","details":"later"}' })
      .on(() => true, { exitCode: 2, stderr: 'panic: oops\n' });
    const d = new PluginDelegator({ runner, findPlugin: find, loadPlugin: () => undefined });
    await expect(d.run({ type: 'ipam-x', command: 'DEL', stdin, env })).rejects.toMatchObject({ code: 11, msg: 'busy', details: 'later' });
    await expect(d.add({ type: 'ipam-x', stdin, env })).rejects.toMatchObject({ code: 999, details: '"panic: oops": exit status 2' });
  });

  // Issue 11, item 7: a delegate's 999 must not carry a JavaScript stack trace in msg/details.
  it('reports a crashed delegate without its stack trace', async () => {
    const crash = '/opt/cni/bin/x.js:3\n    throw new TypeError("boom");\n    ^\n\nTypeError: boom\n    at Object.<anonymous> (/opt/cni/bin/x.js:3:11)\n    at Module._compile (node:internal/modules/cjs/loader:1554:14)\n\nNode.js v20.19.0\n';
    const withStackInJson = JSON.stringify({ code: 999, msg: 'Error: bad\n    at f (/a.js:1:2)', details: 'RangeError: too far\n    at g (/b.js:3:4)\n    at h (/b.js:5:6)' });
    const runner = new FakeCommandRunner()
      .on((c) => c.opts.env?.CNI_COMMAND === 'DEL', { exitCode: 1, stdout: withStackInJson })
      .on(() => true, { exitCode: 1, stderr: crash });
    const d = new PluginDelegator({ runner, findPlugin: find, loadPlugin: () => undefined });
    const crashed = await d.add({ type: 'ipam-x', stdin, env }).catch((e: unknown) => e);
    expect(crashed).toMatchObject({ code: 999, msg: 'plugin "ipam-x" failed', details: '"TypeError: boom": exit status 1' });
    await expect(d.run({ type: 'ipam-x', command: 'DEL', stdin, env })).rejects.toMatchObject({ code: 999, msg: 'Error: bad', details: 'RangeError: too far' });
  });

  it('retries "text file busy" and forwards stderr', async () => {
    let n = 0;
    const runner = new FakeCommandRunner().on(() => true, () => {
      if (n++ < 2) throw new ExecError('busy', '/bin1/ipam-x', 'busy');
      return { stdout: '', stderr: 'note\n', exitCode: 0 };
    });
    const slept: number[] = [];
    const seen: string[] = [];
    const d = new PluginDelegator({ runner, findPlugin: find, loadPlugin: () => undefined, sleep: async (ms) => void slept.push(ms) });
    await d.run({ type: 'ipam-x', command: 'CHECK', stdin, env, onStderr: (t) => seen.push(t) });
    expect(slept).toEqual([1000, 1000]);
    expect(seen).toEqual(['note\n']);
  });

  it('turns a timeout into code 11', async () => {
    const runner = new FakeCommandRunner().on(() => true, () => { throw new ExecError('t', 'x', 'timeout'); });
    const d = new PluginDelegator({ runner, findPlugin: find, loadPlugin: () => undefined });
    await expect(d.run({ type: 'ipam-x', command: 'DEL', stdin, env, timeoutMs: 5 })).rejects.toMatchObject({ code: 11 });
  });

  it('builds the delegate env without mutating the caller env', () => {
    const e = delegateEnv({ type: 't', command: 'DEL', stdin, env, netns: '', cniArgs: 'X=1' });
    expect(e).toMatchObject({ CNI_COMMAND: 'DEL', CNI_NETNS: '', CNI_ARGS: 'X=1' });
    expect(env.CNI_COMMAND).toBe('ADD');
  });
});

describe('in-process delegation', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-invoke-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeBundle(name: string, marker = true): string {
    const p = join(dir, name);
    const body = `module.exports.plexusPlugin = { plexusPluginApi: 1, name: ${JSON.stringify(name)}, invoke: async (env, stdin) => ({ exitCode: 0, stderr: 'inproc\\n', stdout: JSON.stringify({ cniVersion: JSON.parse(stdin).cniVersion, ips: [{ address: '10.1.1.1/24' }], env: env.CNI_COMMAND + ':' + env.CNI_IFNAME }) }) };`;
    writeFileSync(p, `#!/usr/bin/env node\n${marker ? PLEXUS_BUNDLE_MARKER + ' ' + name : '// plain'}\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  }

  it('finds the plugin in CNI_PATH and runs a marked bundle without starting a process', async () => {
    writeBundle('fake-ipam');
    const runner = new FakeCommandRunner();
    const seen: string[] = [];
    const d = new PluginDelegator({ runner });
    const r = await d.add({ type: 'fake-ipam', stdin, env: { ...env, CNI_PATH: `/nonexistent:${dir}` }, ifName: 'net7', onStderr: (t) => seen.push(t) });
    expect(r.ips).toEqual([{ address: '10.1.1.1/24' }]);
    expect(runner.calls).toHaveLength(0);
    expect(seen).toEqual(['inproc\n']);
  });

  it('execs unmarked files and honours PLEXUS_DELEGATE_MODE=exec', async () => {
    writeBundle('other', false);
    writeBundle('marked');
    expect(loadInProcessPlugin(join(dir, 'other'))).toBeUndefined();
    const runner = new FakeCommandRunner().on(() => true, { stdout: '{"cniVersion":"0.4.0"}' });
    const d = new PluginDelegator({ runner });
    await d.add({ type: 'other', stdin, env: { ...env, CNI_PATH: dir } });
    await d.add({ type: 'marked', stdin, env: { ...env, CNI_PATH: dir, PLEXUS_DELEGATE_MODE: 'exec' } });
    expect(runner.calls.map((c) => c.file)).toEqual([join(dir, 'other'), join(dir, 'marked')]);
    // An exec'd Plexus bundle learns when we give up on it (now + the 60 s default), to end its own waits first.
    expect(runner.calls[0]!.opts.env).not.toHaveProperty('PLEXUS_DEADLINE');
    expect(Number(runner.calls[1]!.opts.env!.PLEXUS_DEADLINE) - Date.now()).toBeGreaterThan(59_000);
  });

  it('refuses types with path separators and reports a missing plugin with code 7', () => {
    expect(() => findInPath('../bin/sh', [dir])).toThrow(expect.objectContaining({ code: 7 }));
    expect(() => findInPath('absent', [dir])).toThrow(/failed to find plugin "absent" in path/);
    expect(() => findInPath('absent', [])).toThrow(expect.objectContaining({ code: 4 }));
  });
});

// Issue 11: an in-process delegate past its timeout kept running and allocated after the caller's rollback.
describe('timeouts', () => {
  const find = (type: string) => `/bin1/${type}`;
  const okOut: InvocationOutput = { exitCode: 0, stderr: '', stdout: JSON.stringify({ cniVersion: '0.4.0', ips: [] }) };

  function blockingPlugin(opts: { honoursAbort: boolean }): { plugin: InProcessPlugin; release: () => void; effects: string[] } {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const effects: string[] = [];
    const plugin: InProcessPlugin = {
      plexusPluginApi: 1,
      name: 'slow-ipam',
      invoke: async (_env, _stdin, o) => {
        // "Waits for a lock", then allocates: the abort must stop it before the allocation.
        await new Promise<void>((resolve, reject) => {
          void gate.then(resolve);
          if (opts.honoursAbort) o?.signal?.addEventListener('abort', () => reject(o.signal!.reason));
        });
        effects.push('allocated');
        return okOut;
      },
    };
    return { plugin, release, effects };
  }

  it('aborts an in-process call at the timeout and waits for it to stop before reporting code 11', async () => {
    const { plugin, effects } = blockingPlugin({ honoursAbort: true });
    const d = new PluginDelegator({ runner: new FakeCommandRunner(), findPlugin: find, loadPlugin: () => plugin, abandonGraceMs: 1000 });
    const started = Date.now();
    await expect(d.add({ type: 'slow-ipam', stdin, env, timeoutMs: 50 })).rejects.toMatchObject({ code: 11, details: expect.stringMatching(/stopped after the abort/) });
    expect(Date.now() - started).toBeLessThan(500);
    expect(effects).toEqual([]);
    expect(abandonedWorkCount()).toBe(0);
  });

  it('records a call that ignores the abort as abandoned work until it settles', async () => {
    const { plugin, release, effects } = blockingPlugin({ honoursAbort: false });
    const d = new PluginDelegator({ runner: new FakeCommandRunner(), findPlugin: find, loadPlugin: () => plugin, abandonGraceMs: 30 });
    await expect(d.add({ type: 'slow-ipam', stdin, env, timeoutMs: 30 })).rejects.toMatchObject({ code: 11, details: expect.stringMatching(/abandoned/) });
    expect(abandonedWorkCount()).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(effects).toEqual(['allocated']);
    expect(abandonedWorkCount()).toBe(0);
  });

  it('bounds an exec\'d delegate by delegateTimeoutMs: a sleeping script with 1000 ms returns within 2 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-invoke-'));
    try {
      const script = join(dir, 'sleepy');
      writeFileSync(script, '#!/bin/sh\nsleep 30\necho "{}"\n');
      chmodSync(script, 0o755);
      const d = new PluginDelegator({ runner: new SpawnRunner() });
      const started = Date.now();
      await expect(d.run({ type: 'sleepy', command: 'DEL', stdin, env: { ...env, CNI_PATH: dir }, timeoutMs: 1000 })).rejects.toMatchObject({ code: 11, msg: 'plugin "sleepy" timed out' });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(990);
      expect(took).toBeLessThan(2000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
