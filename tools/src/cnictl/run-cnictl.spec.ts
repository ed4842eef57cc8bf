import { ExecError } from '@plexus/exec';
import { containerIdForNetns } from './container-id';
import { CnictlHarness, failWith } from './testing';

// cnictl's own part of a run: NETCONFPATH lookup, the attachment derived from the netns path and the cnitool
// variables, libcni's cache under the cache dir, exec through the real PluginDelegator and cnitool's output.
// The list semantics themselves (order, prevResult, version gates, GC) are @plexus/conflist's and tested there.

const NETNS = '/var/run/netns/wired';
const CID = containerIdForNetns(NETNS);

const ptpResult = {
  cniVersion: '1.0.0',
  interfaces: [{ name: 'eth0', mac: '0a:00:00:00:00:07', sandbox: NETNS }],
  ips: [{ address: '10.77.0.7/24', interface: 0 }],
  dns: {},
};

async function wired(version = '1.0.0') {
  const h = new CnictlHarness().plugin('ptp', (c) => (c.command === 'ADD' ? { ...ptpResult, cniVersion: version } : undefined)).plugin('firewall');
  await h.conf('50-wired.conflist', { cniVersion: version, name: 'wired', plugins: [{ type: 'ptp' }, { type: 'firewall', capabilities: { mac: true } }] });
  return h;
}

describe('runCnictl', () => {
  it('execs each plugin with the attachment derived from the netns path and the cnitool variables', async () => {
    const h = await wired();
    await h.run('add', 'wired', NETNS, { CNI_ARGS: 'IgnoreUnknown=1', CNI_IFNAME: 'net3', CAP_ARGS: '{"mac":"02:00:00:00:00:33"}' });
    expect(h.runner.calls.map((c) => c.file)).toEqual(['/opt/cni/bin/ptp', '/opt/cni/bin/firewall']);
    expect(h.calls()[1]!.env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      CNI_COMMAND: 'ADD',
      CNI_CONTAINERID: CID,
      CNI_NETNS: NETNS,
      CNI_ARGS: 'IgnoreUnknown=1',
      CNI_IFNAME: 'net3',
      CNI_PATH: '/opt/cni/bin',
    });
    expect(h.calls()[1]!.stdin.runtimeConfig).toEqual({ mac: '02:00:00:00:00:33' });
  });

  it('prints the final ADD result with a 4-space indent, as Go\'s Print', async () => {
    const h = await wired();
    expect(await h.run('add', 'wired', NETNS)).toBe(JSON.stringify(ptpResult, null, 4) + '\n');
    expect(await h.run('check', 'wired', NETNS)).toBe('');
    expect(await h.run('del', 'wired', NETNS)).toBe('');
  });

  it('resolves a relative netns against the working directory before hashing it into the container id', async () => {
    const h = await wired();
    await h.run('add', 'wired', 'netns/rel');
    expect(h.calls()[0]!.env).toMatchObject({ CNI_NETNS: '/work/netns/rel', CNI_CONTAINERID: containerIdForNetns('/work/netns/rel') });
  });

  it('keeps libcni\'s cache under the cache dir, found again by DEL through the same netns path', async () => {
    const h = new CnictlHarness('/etc/cni/net.d', '/tmp/cnictl-cache').plugin('ptp', () => ptpResult);
    await h.conf('50-wired.conflist', { cniVersion: '1.0.0', name: 'wired', plugins: [{ type: 'ptp' }] });
    await h.run('add', 'wired', NETNS);
    expect(await h.cacheFiles()).toEqual([`wired-${CID}-eth0`]);
    expect(JSON.parse(h.fs.files.get(`/tmp/cnictl-cache/results/wired-${CID}-eth0`)!.data).config).toBe(
      Buffer.from((await h.fs.read('/etc/cni/net.d/50-wired.conflist'))!).toString('base64'),
    );
    h.runner.calls.length = 0;
    await h.run('del', 'wired', NETNS);
    expect(h.calls()[0]!.stdin.prevResult).toEqual(ptpResult);
    expect(await h.cacheFiles()).toEqual([]);
  });

  it('needs a netns for add, check and del; status and gc take none', async () => {
    const h = await wired('1.1.0');
    for (const command of ['add', 'check', 'del'] as const) await expect(h.run(command, 'wired')).rejects.toThrow(`${command} needs a netns path`);
    await h.run('status', 'wired');
    await h.run('gc', 'wired', undefined, {}, `${CID}/eth0`);
    expect(h.order()).toEqual(['ptp STATUS', 'firewall STATUS', 'ptp GC', 'firewall GC']);
    expect(h.calls()[2]!.stdin['cni.dev/valid-attachments']).toEqual([{ containerID: CID, ifname: 'eth0' }]);
  });

  it('reports a plugin\'s error output with libcni\'s message, and a plugin missing from CNI_PATH', async () => {
    const h = await wired();
    h.plugin('firewall', () => failWith(7, 'invalid config', 'no backend'));
    await expect(h.run('add', 'wired', NETNS)).rejects.toThrow(/^plugin type="firewall" failed \(add\): invalid config; no backend$/);
    const lost = new CnictlHarness();
    await lost.conf('1.conflist', { cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'nowhere' }] });
    await expect(lost.run('add', 'x', NETNS)).rejects.toThrow('plugin type="nowhere" failed (add): failed to find plugin "nowhere" in path; [/opt/cni/bin]');
  });

  it('refuses a set-but-empty CNI_IFNAME before running anything', async () => {
    const h = await wired();
    await expect(h.run('add', 'wired', NETNS, { CNI_IFNAME: '' })).rejects.toThrow('plugin type="ptp" failed (add): invalid CNI_IFNAME');
    expect(h.order()).toEqual([]);
  });

  it('retries a binary that is busy being replaced ("text file busy"), 1 s apart, as libcni', async () => {
    const h = await wired();
    let busy = 2;
    const original = h.runner.run.bind(h.runner);
    h.runner.run = async (file, args, opts) => {
      if (file.endsWith('/ptp') && busy-- > 0) throw new ExecError(`${file}: text file busy`, file, 'busy');
      return original(file, args, opts);
    };
    await h.run('add', 'wired', NETNS);
    expect(h.sleeps).toEqual([1000, 1000]);
  });

  it('gives each plugin the --timeout / PLEXUS_CNICTL_TIMEOUT_MS timeout and reports one that exceeds it', async () => {
    const h = await wired();
    const original = h.runner.run.bind(h.runner);
    h.runner.run = async (file, args, opts) => {
      if (file.endsWith('/firewall')) throw new ExecError(`${file} timed out after ${opts?.timeoutMs} ms`, file, 'timeout');
      return original(file, args, opts);
    };
    await expect(h.run('add', 'wired', NETNS, { PLEXUS_CNICTL_TIMEOUT_MS: '750' })).rejects.toThrow(
      'plugin type="firewall" failed (add): plugin "firewall" timed out; ADD took longer than 750 ms',
    );
    expect(h.runner.calls[0]!.opts.timeoutMs).toBe(750);
  });

  it('refuses names that would leave the cache dir before running or removing anything (issue 11 #3)', async () => {
    const h = await wired();
    await h.fs.writeAtomic('/etc/victim', 'keep');
    await h.conf('60-evil.conflist', { cniVersion: '1.0.0', name: '../../../etc/victim', plugins: [{ type: 'ptp' }] });
    for (const command of ['del', 'check'] as const) {
      await expect(h.run(command, 'wired', NETNS, { CNI_IFNAME: 'x/../../../../etc/victim' })).rejects.toMatchObject({ code: 4, msg: 'invalid CNI_IFNAME' });
      await expect(h.run(command, '../../../etc/victim', NETNS)).rejects.toThrow('invalid network name "../../../etc/victim"');
    }
    await expect(h.run('add', 'wired', NETNS, { CNI_IFNAME: '..' })).rejects.toThrow('invalid CNI_IFNAME');
    await expect(h.run('gc', '../../../etc/victim')).rejects.toThrow('invalid network name');
    expect(h.order()).toEqual([]);
    expect(await h.fs.read('/etc/victim')).toBe('keep');
  });

  it('keeps a cache entry it cannot read and fails DEL naming it (nothing run)', async () => {
    const h = await wired();
    await h.fs.writeAtomic(`/var/lib/cni/results/wired-${CID}-eth0`, 'garbage');
    await expect(h.run('del', 'wired', NETNS)).rejects.toThrow(`failed to get network "wired" cached result`);
    expect(await h.cacheFiles()).toEqual([`wired-${CID}-eth0`]);
    expect(h.order()).toEqual([]);
  });
});
