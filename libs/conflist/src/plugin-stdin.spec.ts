import { parseConfList } from './conf-list';
import { marshalGoJson } from './go-json';
import { buildPluginStdin } from './plugin-stdin';

const list = parseConfList(
  JSON.stringify({
    cniVersion: '1.0.0',
    cniVersions: ['1.0.0', '1.1.0'],
    name: 'net',
    plugins: [
      { type: 'bridge', capabilities: { ips: true, mac: false }, cniVersion: '0.3.1', name: 'inner' },
      { type: 'echo', capabilities: { mac: true, portMappings: false }, runtimeConfig: { static: 'kept?' } },
    ],
  }),
);
const [bridge, echo] = list.plugins as [(typeof list.plugins)[0], (typeof list.plugins)[0]];

describe('buildPluginStdin', () => {
  it('injects the list name and selected version over the object, leaves capabilities in, sorts keys', () => {
    expect(buildPluginStdin(list, bridge)).toBe('{"capabilities":{"ips":true,"mac":false},"cniVersion":"1.1.0","name":"net","type":"bridge"}');
  });

  it('passes only capabilities that are declared true and supplied', () => {
    const stdin = JSON.parse(buildPluginStdin(list, bridge, { capabilityArgs: { ips: ['10.0.0.2/24'], mac: '02:00:00:00:00:01', other: 1 } }));
    expect(stdin.runtimeConfig).toEqual({ ips: ['10.0.0.2/24'] });
  });

  it('replaces a static runtimeConfig when a capability matches, and keeps it when none does', () => {
    const caps = { mac: '02:50:00:00:00:0c', portMappings: [{ hostPort: 80 }] };
    expect(JSON.parse(buildPluginStdin(list, echo, { capabilityArgs: caps })).runtimeConfig).toEqual({ mac: '02:50:00:00:00:0c' });
    expect(JSON.parse(buildPluginStdin(list, echo, { capabilityArgs: { portMappings: [] } })).runtimeConfig).toEqual({ static: 'kept?' });
    expect(JSON.parse(buildPluginStdin(list, echo)).runtimeConfig).toEqual({ static: 'kept?' });
  });

  it('adds prevResult only when there is one, and extra keys (GC)', () => {
    expect(JSON.parse(buildPluginStdin(list, echo, { prevResult: { cniVersion: '1.1.0' } })).prevResult).toEqual({ cniVersion: '1.1.0' });
    expect('prevResult' in JSON.parse(buildPluginStdin(list, echo))).toBe(false);
    expect(JSON.parse(buildPluginStdin(list, echo, { extra: { 'cni.dev/valid-attachments': [] } }))['cni.dev/valid-attachments']).toEqual([]);
  });
});

describe('marshalGoJson', () => {
  it('sorts keys at every level and escapes like Go', () => {
    expect(marshalGoJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: '<a&b>\u2028' } })).toBe('{"a":{"c":"\\u003ca\\u0026b\\u003e\\u2028","d":[{"y":2,"z":1}]},"b":1}');
  });
});
