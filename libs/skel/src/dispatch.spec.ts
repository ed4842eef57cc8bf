import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CniError, type Result } from '@plexus/cni-spec';
import { dispatch } from './dispatch';
import { invokePlugin, addOk, errorOf } from './testing';
import type { CmdArgs, PluginDefinition } from './types';

const result: Result = { cniVersion: '1.1.0', ips: [{ address: '10.0.0.2/24', gateway: '10.0.0.1' }] };

function plugin(over: Partial<PluginDefinition['handlers']> = {}): PluginDefinition & { seen: CmdArgs[] } {
  const seen: CmdArgs[] = [];
  return {
    name: 'test-plugin',
    seen,
    handlers: {
      add: async (a) => (seen.push(a), result),
      del: async (a) => void seen.push(a),
      ...over,
    },
  };
}
const conf = (v = '1.1.0', extra = {}) => ({ cniVersion: v, name: 'net1', type: 'test-plugin', ...extra });

describe('dispatch', () => {
  it('prints the about text on stderr and exits 0 without CNI_COMMAND', async () => {
    const out = await dispatch(plugin(), {}, '');
    expect(out).toMatchObject({ stdout: '', exitCode: 0 });
    expect(out.stderr).toMatch(/CNI test-plugin plugin/);
    expect(out.stderr).toMatch(/0\.1\.0, 0\.2\.0, 0\.3\.0, 0\.3\.1, 0\.4\.0, 1\.0\.0, 1\.1\.0/);
  });

  it('answers VERSION with the asked version and every supported one', async () => {
    const out = await invokePlugin(plugin(), { command: 'VERSION', conf: { cniVersion: '0.4.0' } });
    expect(JSON.parse(out.stdout)).toEqual({ cniVersion: '0.4.0', supportedVersions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] });
  });

  it('passes env, stdin and the decoded config to ADD and prints the result in the config version', async () => {
    const p = plugin();
    const json = await addOk(p, { conf: conf('0.4.0'), cniArgs: 'A=1', ifName: 'net1', path: '/a:/b' });
    expect(json).toEqual({ cniVersion: '0.4.0', ips: [{ version: '4', address: '10.0.0.2/24', gateway: '10.0.0.1' }], dns: {} });
    expect(p.seen[0]).toMatchObject({ command: 'ADD', ifName: 'net1', args: 'A=1', path: ['/a', '/b'], containerId: 'ctr1' });
    expect(JSON.parse(p.seen[0]!.stdin)).toEqual(conf('0.4.0'));
    expect(p.seen[0]!.env.CNI_IFNAME).toBe('net1');
  });

  it('prints results with 4-space indentation like Go', async () => {
    const out = await invokePlugin(plugin(), { command: 'ADD', conf: conf() });
    expect(out.stdout).toBe(JSON.stringify({ cniVersion: '1.1.0', ips: [{ address: '10.0.0.2/24', gateway: '10.0.0.1' }], dns: {} }, null, 4) + '\n');
  });

  it.each([
    ['ADD', { CNI_CONTAINERID: '' }, 'CNI_CONTAINERID'],
    ['ADD', { CNI_NETNS: '', CNI_IFNAME: '' }, 'CNI_NETNS,CNI_IFNAME'],
    ['DEL', { CNI_PATH: '' }, 'CNI_PATH'],
  ] as const)('%s reports missing env %j with code 4', async (command, extraEnv, names) => {
    const err = await errorOf(plugin(), { command, conf: conf(), extraEnv });
    expect(err).toMatchObject({ code: 4, msg: `required env variables [${names}] missing`, cniVersion: '1.1.0' });
  });

  it('refuses an over-long CNI_CONTAINERID on ADD only (code 4), before the plugin runs; DEL and CHECK go through', async () => {
    const p = plugin({ check: async (a) => void p.seen.push(a) });
    const long = 'a'.repeat(300);
    const err = await errorOf(p, { command: 'ADD', conf: conf(), containerId: long });
    expect(err).toMatchObject({ code: 4, msg: 'invalid CNI_CONTAINERID' });
    expect(err.details).toMatch(/300 bytes long; at most 192/);
    expect(err.details!.length).toBeLessThan(200);
    expect(p.seen).toHaveLength(0);
    expect((await invokePlugin(p, { command: 'ADD', conf: conf(), containerId: 'b'.repeat(192) })).exitCode).toBe(0);
    expect((await invokePlugin(p, { command: 'DEL', conf: conf(), containerId: long })).exitCode).toBe(0);
    expect((await invokePlugin(p, { command: 'CHECK', conf: conf(), containerId: long })).exitCode).toBe(0);
    expect(p.seen.map((a) => a.command)).toEqual(['ADD', 'DEL', 'CHECK']);
  });

  it.each(['IgnoreUnknown=maybe', 'K8S_POD_NAME=p;A=b=c', 'IgnoreUnknown'])(
    'refuses a malformed CNI_ARGS (%s) on ADD and CHECK before the plugin runs, and lets DEL through',
    async (cniArgs) => {
      const p = plugin({ check: async (a) => void p.seen.push(a) });
      for (const command of ['ADD', 'CHECK'] as const) {
        expect(await errorOf(p, { command, conf: conf(), cniArgs })).toMatchObject({ code: 7, msg: 'invalid CNI_ARGS' });
      }
      expect(p.seen).toHaveLength(0);
      expect((await invokePlugin(p, { command: 'DEL', conf: conf(), cniArgs })).exitCode).toBe(0);
      expect(p.seen.map((a) => a.command)).toEqual(['DEL']);
    },
  );

  it.each<[unknown, RegExp]>([
    ['no-such-dir-plexus/x.log', /must be an absolute path/],
    [5, /must be a string/],
    ['/tmp/a\u0000b', /NUL/],
  ])('refuses logFile %j on ADD with code 7 naming it, and lets DEL through with a warning on stderr', async (logFile, why) => {
    const p = plugin();
    const err = await errorOf(p, { command: 'ADD', conf: conf('1.1.0', { logFile }) });
    expect(err).toMatchObject({ code: 7, msg: 'invalid logFile' });
    expect(err.details).toMatch(why);
    expect(p.seen).toHaveLength(0);
    const del = await invokePlugin(p, { command: 'DEL', conf: conf('1.1.0', { logFile }) });
    expect(del.exitCode).toBe(0);
    expect(del.stderr).toMatch(/invalid logFile ignored for DEL/);
    expect(p.seen.map((a) => a.command)).toEqual(['DEL']);
  });

  it('lets DEL run without CNI_NETNS, and GC/STATUS without container variables', async () => {
    const p = plugin({ gc: async (a) => void p.seen.push(a), status: async (a) => void p.seen.push(a) });
    expect((await invokePlugin(p, { command: 'DEL', conf: conf(), netns: '' })).exitCode).toBe(0);
    const env = { CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '' };
    expect((await invokePlugin(p, { command: 'GC', conf: conf(), extraEnv: env })).exitCode).toBe(0);
    expect((await invokePlugin(p, { command: 'STATUS', conf: conf(), extraEnv: env })).exitCode).toBe(0);
    expect(p.seen.map((a) => a.command)).toEqual(['DEL', 'GC', 'STATUS']);
  });

  it.each([
    ['CHECK', '0.3.1'],
    ['GC', '1.0.0'],
    ['STATUS', '0.4.0'],
  ] as const)('refuses %s for a %s config with code 1', async (command, v) => {
    const err = await errorOf(plugin(), { command, conf: conf(v) });
    expect(err).toMatchObject({ code: 1, msg: `config version does not allow ${command}`, cniVersion: v });
  });

  it('answers success for unimplemented CHECK, STATUS and GC', async () => {
    for (const command of ['CHECK', 'STATUS', 'GC'] as const) {
      expect((await invokePlugin(plugin(), { command, conf: conf() })).exitCode).toBe(0);
    }
  });

  it.each([
    ['not json', 6],
    [JSON.stringify({ cniVersion: '3.0.0', name: 'n' }), 1],
    [JSON.stringify({ cniVersion: '1.0.0' }), 7],
  ])('turns bad stdin %s into code %d on stdout with exit 1', async (stdin, code) => {
    const out = await invokePlugin(plugin(), { command: 'ADD', conf: stdin });
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout).code).toBe(code);
  });

  it('rejects an unknown command and bad container ids or interface names with code 4', async () => {
    expect((await errorOf(plugin(), { command: 'ADD', conf: conf(), extraEnv: { CNI_COMMAND: 'FROB' } })).msg).toBe('unknown CNI_COMMAND: FROB');
    expect((await errorOf(plugin(), { command: 'ADD', conf: conf(), ifName: 'x'.repeat(16) })).code).toBe(4);
    expect((await errorOf(plugin(), { command: 'ADD', conf: conf(), containerId: 'bad id' })).code).toBe(4);
  });

  it('refuses kernel-refused names on ADD/CHECK (code 4) but lets a DEL of such a name succeed without running', async () => {
    for (const ifName of ['eth\u00e0', 'a\u00a0b', 'x%d']) {
      expect(await errorOf(plugin(), { command: 'ADD', conf: conf(), ifName })).toMatchObject({ code: 4, msg: 'invalid CNI_IFNAME' });
      expect(await errorOf(plugin(), { command: 'CHECK', conf: conf(), ifName })).toMatchObject({ code: 4, msg: 'invalid CNI_IFNAME' });
    }
    const p = plugin({ del: async () => { throw new Error('must not run'); } });
    const out = await invokePlugin(p, { command: 'DEL', conf: conf('1.1.0', { logLevel: 'warn' }), ifName: 'eth\u00e0' });
    expect(out).toMatchObject({ exitCode: 0, stdout: '' });
    expect(JSON.parse(out.stderr)).toMatchObject({ level: 'warn', ifName: 'eth\u00e0', problem: expect.stringMatching(/0xA0/) });
  });

  it('passes a handler CniError through unchanged and maps other throws to 999 with the stack on stderr only', async () => {
    const typed = await errorOf(plugin({ add: async () => { throw new CniError(107, 'custom', 'detail'); } }), { command: 'ADD', conf: conf() });
    expect(typed).toEqual({ cniVersion: '1.1.0', code: 107, msg: 'custom', details: 'detail' });
    const out = await invokePlugin(plugin({ add: async () => { throw new TypeError('oops'); } }), { command: 'ADD', conf: conf() });
    expect(JSON.parse(out.stdout)).toEqual({ cniVersion: '1.1.0', code: 999, msg: 'oops' });
    expect(out.stdout).not.toMatch(/at /);
    expect(out.stderr).toMatch(/TypeError: oops/);
  });

  it('refuses ADD in the plugin own netns with code 4 (one code for an unusable CNI_NETNS) unless overridden', async () => {
    const p = plugin();
    const env = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'c', CNI_NETNS: '/proc/self/ns/net', CNI_IFNAME: 'eth0', CNI_PATH: '/x' };
    const out = await dispatch(p, env, JSON.stringify(conf()), { sameNetnsAsSelf: () => true });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 4, msg: 'invalid CNI_NETNS' });
    const ok = await dispatch(p, { ...env, CNI_NETNS_OVERRIDE: '1' }, JSON.stringify(conf()), { sameNetnsAsSelf: () => true });
    expect(ok.exitCode).toBe(0);
  });

  it('logs JSON lines to stderr at the configured level, never to stdout', async () => {
    const p = plugin({ add: async (a) => { a.log.info('hello', { k: 1 }); return result; } });
    const out = await invokePlugin(p, { command: 'ADD', conf: conf('1.1.0', { logLevel: 'info' }) });
    const line = JSON.parse(out.stderr.trim().split('\n').pop()!);
    expect(line).toMatchObject({ level: 'info', msg: 'hello', k: 1, plugin: 'test-plugin', cmd: 'ADD' });
    expect(JSON.parse(out.stdout).ips).toHaveLength(1);
    const quiet = await invokePlugin(p, { command: 'ADD', conf: conf() });
    expect(quiet.stderr).toBe('');
  });

  it('honours Multus\' logToStderr: false silences stderr, true writes it next to logFile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skel-log-'));
    try {
      const p = plugin({ add: async (a) => { a.log.info('hello'); return result; } });
      const off = await invokePlugin(p, { command: 'ADD', conf: conf('1.1.0', { logLevel: 'info', logToStderr: false }) });
      expect(off.stderr).toBe('');
      const file = join(dir, 'multus.log');
      const both = await invokePlugin(p, { command: 'ADD', conf: conf('1.1.0', { logLevel: 'info', logToStderr: true, logFile: file }) });
      expect(JSON.parse(both.stderr.trim())).toMatchObject({ msg: 'hello' });
      expect(JSON.parse(readFileSync(file, 'utf8').trim())).toMatchObject({ msg: 'hello' });
      const fileOnly = await invokePlugin(p, { command: 'ADD', conf: conf('1.1.0', { logLevel: 'info', logToStderr: false, logFile: file }) });
      expect(fileOnly.stderr).toBe('');
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Issue 11, item 9.
describe('logging', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-skel-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the error it returns to logFile too (code, msg, details; the stack of an internal error)', async () => {
    const logFile = join(dir, 'p.log');
    const typed = plugin({ add: async () => { throw new CniError(11, 'busy', 'lock held'); } });
    const out = await invokePlugin(typed, { command: 'ADD', conf: conf('1.1.0', { logFile }) });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 11, msg: 'busy' });
    expect(out.stderr).toBe('');
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'returned error', code: 11, error: 'busy', details: 'lock held', plugin: 'test-plugin', cmd: 'ADD' })]);
    await invokePlugin(plugin({ del: async () => { throw new TypeError('oops'); } }), { command: 'DEL', conf: conf('1.1.0', { logFile }) });
    const last = JSON.parse(readFileSync(logFile, 'utf8').trim().split('\n').pop()!);
    expect(last).toMatchObject({ code: 999, error: 'oops', stack: expect.stringMatching(/TypeError: oops\n\s+at /) });
  });

  it('falls back to stderr, with one warning, when logFile cannot be written', async () => {
    const logFile = join(dir, 'missing-dir', 'p.log');
    const p = plugin({ add: async (a) => { a.log.warn('first'); a.log.warn('second'); return result; } });
    const out = await invokePlugin(p, { command: 'ADD', conf: conf('1.1.0', { logFile }) });
    expect(out.exitCode).toBe(0);
    const lines = out.stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).toEqual(['cannot write logFile; logging to stderr instead', 'first', 'second']);
    expect(lines[0]).toMatchObject({ level: 'warn', logFile, error: 'ENOENT' });
  });

  it.each([['debgu'], ['warn '], [5], [true]])('refuses logLevel %j with code 7 naming logLevel', async (logLevel) => {
    const err = await errorOf(plugin(), { command: 'ADD', conf: conf('1.1.0', { logLevel }) });
    expect(err).toMatchObject({ code: 7, msg: 'invalid logLevel' });
    expect(err.details).toMatch(/is not a log level; use one of debug, info, warn, error, silent, warning/);
    // A teardown stays possible after the typo: DEL runs, at the default level, and says what it ignored.
    const del = await invokePlugin(plugin(), { command: 'DEL', conf: conf('1.1.0', { logLevel }) });
    expect(del.exitCode).toBe(0);
    expect(JSON.parse(del.stderr)).toMatchObject({ level: 'warn', msg: expect.stringMatching(/^invalid logLevel ignored for DEL: /) });
  });

  it('rotates logFile by Multus\' logOptions (any plugin): a full file goes to a timestamped, gzipped backup', async () => {
    const logFile = join(dir, 'multus.log');
    const full = 'x'.repeat(1024 * 1024 - 1) + '\n'; // exactly maxSize: 1 MiB
    writeFileSync(logFile, full);
    const p = plugin({ add: async (a) => { a.log.warn('after rotation'); return result; } });
    const out = await invokePlugin(p, { command: 'ADD', conf: conf('1.1.0', { logFile, logOptions: { maxSize: 1, compress: true } }) });
    expect(out.exitCode).toBe(0);
    const backups = readdirSync(dir).filter((n) => n !== 'multus.log');
    expect(backups).toEqual([expect.stringMatching(/^multus-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}\.log\.gz$/)]);
    expect(gunzipSync(readFileSync(join(dir, backups[0]!))).toString()).toBe(full);
    expect(JSON.parse(readFileSync(logFile, 'utf8'))).toMatchObject({ msg: 'after rotation' });
    // Without logOptions the file just grows, as before.
    writeFileSync(logFile, full);
    await invokePlugin(p, { command: 'ADD', conf: conf('1.1.0', { logFile }) });
    expect(readdirSync(dir)).toHaveLength(2);
    expect(readFileSync(logFile, 'utf8').startsWith(full)).toBe(true);
  });

  it('refuses a malformed logOptions on ADD with code 7 naming the field, and lets DEL through with a warning', async () => {
    const logOptions = { maxSize: '10M' };
    const p = plugin();
    const err = await errorOf(p, { command: 'ADD', conf: conf('1.1.0', { logOptions }) });
    expect(err).toMatchObject({ code: 7, msg: 'invalid logOptions.maxSize' });
    expect(p.seen).toHaveLength(0);
    const del = await invokePlugin(p, { command: 'DEL', conf: conf('1.1.0', { logOptions }) });
    expect(del.exitCode).toBe(0);
    expect(del.stderr).toMatch(/invalid logOptions.maxSize ignored for DEL/);
  });

  it('accepts the level names and aliases, any case', async () => {
    for (const logLevel of ['DEBUG', 'info', 'Warning', 'panic', 'verbose', 'silent', '']) {
      expect((await invokePlugin(plugin(), { command: 'ADD', conf: conf('1.1.0', { logLevel }) })).exitCode).toBe(0);
    }
    expect(await errorOf(plugin(), { command: 'ADD', conf: conf('1.1.0', { logFile: 3 }) })).toMatchObject({ code: 7, msg: 'invalid logFile' });
  });
});
