import { MemoryFileStore } from '@plexus/store/testing';
import { loadNetworkList } from './load-network';

const DIR = '/etc/cni/net.d';

async function dirWith(files: Record<string, unknown>): Promise<MemoryFileStore> {
  const fs = new MemoryFileStore();
  for (const [name, c] of Object.entries(files)) await fs.writeAtomic(`${DIR}/${name}`, typeof c === 'string' ? c : JSON.stringify(c));
  return fs;
}

const list = (name: string, extra: Record<string, unknown> = {}) => ({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge' }], ...extra });

describe('loadNetworkList', () => {
  it('takes the first .conflist in lexical order whose name matches, keeping its bytes', async () => {
    const fs = await dirWith({
      '20-b.conflist': list('net', { plugins: [{ type: 'second' }] }),
      '10-a.conflist': list('net', { plugins: [{ type: 'first' }] }),
      '05-other.conflist': list('other'),
      '00-net.conf': { cniVersion: '1.0.0', name: 'net', type: 'single' },
    });
    const l = await loadNetworkList(fs, DIR, 'net');
    expect(l.plugins.map((p) => p.type)).toEqual(['first']);
    expect(l.bytes).toBe(JSON.stringify(list('net', { plugins: [{ type: 'first' }] })));
  });

  it('wraps a .conf/.json single config into a list with sorted-key bytes', async () => {
    const fs = await dirWith({ '10-a.conflist': list('other'), '30-x.json': { type: 'bridge', name: 'single', cniVersion: '0.4.0', bridge: 'br0' } });
    const l = await loadNetworkList(fs, DIR, 'single');
    expect(l).toMatchObject({ name: 'single', cniVersion: '0.4.0', disableCheck: false });
    expect(l.plugins).toEqual([{ type: 'bridge', name: 'single', capabilities: {}, raw: { type: 'bridge', name: 'single', cniVersion: '0.4.0', bridge: 'br0' } }]);
    expect(l.bytes).toBe('{"cniVersion":"0.4.0","name":"single","plugins":[{"bridge":"br0","cniVersion":"0.4.0","name":"single","type":"bridge"}]}');
  });

  it('appends <dir>/<name>/*.conf plugins unless loadOnlyInlinedPlugins', async () => {
    const fs = await dirWith({
      '10-a.conflist': list('net'),
      '20-b.conflist': list('inl', { loadOnlyInlinedPlugins: true }),
      'net/2-tuning.conf': { type: 'tuning' },
      'net/1-portmap.conf': { type: 'portmap' },
      'net/ignored.json': { type: 'nope' },
      'inl/1.conf': { type: 'never' },
    });
    expect((await loadNetworkList(fs, DIR, 'net')).plugins.map((p) => p.type)).toEqual(['bridge', 'portmap', 'tuning']);
    expect((await loadNetworkList(fs, DIR, 'inl')).plugins.map((p) => p.type)).toEqual(['bridge']);
  });

  it('builds a list from plugin files alone when the conflist has no "plugins"', async () => {
    const fs = await dirWith({ '10.conflist': { cniVersion: '1.0.0', name: 'net' }, 'net/a.conf': { type: 'bridge' } });
    expect((await loadNetworkList(fs, DIR, 'net')).plugins.map((p) => p.type)).toEqual(['bridge']);
    const empty = await dirWith({ '10.conflist': { cniVersion: '1.0.0', name: 'net' } });
    await expect(loadNetworkList(empty, DIR, 'net')).rejects.toThrow('10.conflist: no plugin configs found');
  });

  it('fails on an unparseable file met before the match, naming it', async () => {
    const fs = await dirWith({ '01-bad.conflist': '{"name":', '10-a.conflist': list('net') });
    await expect(loadNetworkList(fs, DIR, 'net')).rejects.toThrow(/^\/etc\/cni\/net.d\/01-bad.conflist: error parsing configuration list: /);
  });

  it('says whether there were no configs at all or no matching one', async () => {
    await expect(loadNetworkList(new MemoryFileStore(), DIR, 'net')).rejects.toThrow('no net configurations found in /etc/cni/net.d');
    await expect(loadNetworkList(await dirWith({ '1.conflist': list('a') }), DIR, 'net')).rejects.toThrow('no net configuration with name "net" in /etc/cni/net.d');
    await expect(loadNetworkList(await dirWith({ '1.conf': { name: 'a', type: 'x' } }), DIR, 'net')).rejects.toThrow('no net configuration with name "net"');
  });
});
