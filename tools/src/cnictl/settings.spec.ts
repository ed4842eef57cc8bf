import { containerIdForNetns } from './container-id';
import { absoluteNetns, parseCnitoolArgs, readSettings } from './settings';

describe('containerIdForNetns', () => {
  it('matches the id cnitool derived for /var/run/netns/cnispec-demo', () => {
    expect(containerIdForNetns('/var/run/netns/cnispec-demo')).toBe('cnitool-8f0b961b758ec10d7882');
  });

  it('is 20 hex digits and differs per path', () => {
    expect(containerIdForNetns('/run/netns/a')).toMatch(/^cnitool-[0-9a-f]{20}$/);
    expect(containerIdForNetns('/run/netns/a')).not.toBe(containerIdForNetns('/run/netns/b'));
  });
});

describe('absoluteNetns', () => {
  it('resolves a relative netns path against the working directory, as filepath.Abs', () => {
    expect(absoluteNetns('ns/x', '/var/run')).toBe('/var/run/ns/x');
    expect(absoluteNetns('/var/run/netns/../netns/x', '/elsewhere')).toBe('/var/run/netns/x');
  });
});

describe('readSettings', () => {
  it('applies cnitool defaults', () => {
    expect(readSettings({})).toEqual({ netconfPath: '/etc/cni/net.d', cniPath: [], cniArgs: [], ifName: 'eth0', cacheDir: '/var/lib/cni' });
  });

  it('reads every variable; the flag beats PLEXUS_CNI_CACHE_DIR', () => {
    const s = readSettings(
      { NETCONFPATH: '/n', CNI_PATH: '/a::/b', CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAME=p', CAP_ARGS: '{"mac":"02:00:00:00:00:01"}', CNI_IFNAME: 'net1', PLEXUS_CNI_CACHE_DIR: '/env-cache', PLEXUS_CNICTL_TIMEOUT_MS: '500' },
      { cacheDir: '/flag-cache' },
    );
    expect(s).toEqual({
      netconfPath: '/n',
      cniPath: ['/a', '/b'],
      cniArgs: [['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'p']],
      capabilityArgs: { mac: '02:00:00:00:00:01' },
      ifName: 'net1',
      cacheDir: '/flag-cache',
      timeoutMs: 500,
    });
    expect(readSettings({ PLEXUS_CNI_CACHE_DIR: '/env-cache' }).cacheDir).toBe('/env-cache');
  });

  it('keeps a set-but-empty CNI_IFNAME empty (ADD then rejects it, as cnitool)', () => {
    expect(readSettings({ CNI_IFNAME: '' }).ifName).toBe('');
  });

  it('rejects malformed CAP_ARGS and timeouts', () => {
    expect(() => readSettings({ CAP_ARGS: '{nope' })).toThrow(/^CAP_ARGS: /);
    expect(() => readSettings({ CAP_ARGS: '[1]' })).toThrow('CAP_ARGS: expected a JSON object');
    expect(() => readSettings({}, { timeoutMs: '-3' })).toThrow('timeout "-3" must be a positive number');
  });
});

describe('parseCnitoolArgs', () => {
  it('rejects an empty key, an empty value, a missing "=" and an empty pair', () => {
    expect(parseCnitoolArgs('A=1;B=2')).toEqual([['A', '1'], ['B', '2']]);
    for (const bad of ['=1', 'A=', 'A', 'A=1;', 'A=1=2']) expect(() => parseCnitoolArgs(bad)).toThrow('invalid CNI_ARGS pair');
  });
});
