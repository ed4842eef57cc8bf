import { cacheFilePath, parseCacheFile, renderCacheFile, type CachedAttachment } from './cache-file';

describe('cache file', () => {
  const entry: CachedAttachment = {
    kind: 'cniCacheV1',
    containerId: 'cnitool-8f0b961b758ec10d7882',
    config: Buffer.from('{"name":"demo"}').toString('base64'),
    ifName: 'eth0',
    networkName: 'demo',
    netns: '/var/run/netns/cnispec-demo',
    cniArgs: [['IgnoreUnknown', '1']],
    capabilityArgs: { mac: '02:50:00:00:00:0a' },
    result: { cniVersion: '1.0.0', ips: [{ address: '10.250.0.10/24', interface: 2 }], dns: {} },
  };

  it('lives at <cacheDir>/results/<network>-<containerID>-<ifname>', () => {
    expect(cacheFilePath('/var/lib/cni', 'demo', 'cnitool-8f0b961b758ec10d7882', 'eth0')).toBe('/var/lib/cni/results/demo-cnitool-8f0b961b758ec10d7882-eth0');
  });

  it('prints fields in libcni order with the result keys sorted, and reads back the same', () => {
    const text = renderCacheFile(entry);
    expect(text).toBe(
      '{"kind":"cniCacheV1","containerId":"cnitool-8f0b961b758ec10d7882","config":"eyJuYW1lIjoiZGVtbyJ9","ifName":"eth0","networkName":"demo",' +
        '"netns":"/var/run/netns/cnispec-demo","cniArgs":[["IgnoreUnknown","1"]],"capabilityArgs":{"mac":"02:50:00:00:00:0a"},' +
        '"result":{"cniVersion":"1.0.0","dns":{},"ips":[{"address":"10.250.0.10/24","interface":2}]}}',
    );
    expect(parseCacheFile(text)).toEqual(entry);
  });

  it('omits empty optional fields, as Go omitempty', () => {
    const text = renderCacheFile({ ...entry, netns: '', cniArgs: [], capabilityArgs: {}, result: undefined });
    expect(Object.keys(JSON.parse(text))).toEqual(['kind', 'containerId', 'config', 'ifName', 'networkName']);
  });

  it('does not take a bare result or garbage for a v1 entry', () => {
    expect(parseCacheFile('{"cniVersion":"1.0.0","ips":[]}')).toBeUndefined();
    expect(parseCacheFile('not json')).toBeUndefined();
  });
});
