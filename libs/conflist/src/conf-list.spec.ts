import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { parseConfList, parseNetworkConfig, parsePluginConfig, wrapSingleConf } from './conf-list';
import { selectListVersion } from './go-version';

describe('parseConfList', () => {
  it('keeps the bytes, reads the booleans in both spellings and every plugin object unchanged', () => {
    const bytes = JSON.stringify({ cniVersion: '1.0.0', name: 'n', disableCheck: 'TRUE', disableGC: true, plugins: [{ type: 'a', x: { y: 1 } }, { type: 'b', name: 'inner' }] });
    const list = parseConfList(bytes);
    expect(list).toMatchObject({ name: 'n', cniVersion: '1.0.0', disableCheck: true, disableGC: true, loadOnlyInlinedPlugins: false, bytes });
    expect(list.plugins.map((p) => [p.type, p.name, p.raw])).toEqual([
      ['a', undefined, { type: 'a', x: { y: 1 } }],
      ['b', 'inner', { type: 'b', name: 'inner' }],
    ]);
  });

  it('reads loadOnlyInlinedPlugins as bool or "true"/"false" too, and refuses other types', () => {
    const list = parseConfList('{"name":"n","loadOnlyInlinedPlugins":"false","plugins":[{"type":"a"}]}');
    expect(list.loadOnlyInlinedPlugins).toBe(false);
    expect(parseConfList('{"name":"n","loadOnlyInlinedPlugins":true,"plugins":[{"type":"a"}]}').loadOnlyInlinedPlugins).toBe(true);
  });

  it.each([
    ['{', 6, /^error parsing configuration list: /],
    ['{"name":"n","disableGC":1,"plugins":[{"type":"a"}]}', 7, 'invalid type float64 for disableGC'],
    ['{"name":"n","cniVersions":"1.0.0","plugins":[{"type":"a"}]}', 7, 'invalid type for cniVersions: string'],
    ['[]', 6, 'error parsing configuration list: expected a JSON object'],
    ['{"cniVersion":"1.0.0"}', 7, 'error parsing configuration list: no name'],
    ['{"name":5}', 7, 'error parsing configuration list: invalid name type float64'],
    ['{"name":"n","plugins":{}}', 7, "error parsing configuration list: invalid 'plugins' type map[string]interface {}"],
    ['{"name":"n","plugins":[]}', 7, 'error parsing configuration list: no plugins in list'],
    ['{"name":"n","plugins":[{"type":""}]}', 7, "failed to parse plugin config 0: error parsing configuration: missing 'type'"],
    ['{"name":"n","plugins":[{"type":"a","capabilities":{"ips":"yes"}}]}', 7, /capability "ips" must be a boolean/],
    ['{"name":"n","disableCheck":"maybe","plugins":[{"type":"a"}]}', 7, 'error parsing configuration list: invalid value "maybe" for disableCheck'],
    ['{"name":"n","loadOnlyInlinedPlugins":true}', 7, /no 'plugins' key/],
  ])('refuses %s with code %d', (bytes, code, message) => {
    let err: unknown;
    try {
      parseConfList(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code });
    expect((err as Error).message).toMatch(message);
  });
});

describe('version selection', () => {
  it('takes cniVersion as written, or the highest known of cniVersions', () => {
    expect(selectListVersion('0.4.0', undefined)).toBe('0.4.0');
    expect(selectListVersion('1.0.0', ['0.4.0', '1.1.0', '9.9.9'])).toBe('1.1.0');
    expect(parseConfList('{"name":"n","cniVersion":"1.0.0","cniVersions":["1.1.0"],"plugins":[{"type":"a"}]}').cniVersion).toBe('1.1.0');
  });

  it('takes the highest of cniVersions ∪ {cniVersion} that is ≤ 1.1.0, dropping newer ones', () => {
    expect(selectListVersion('1.0.0', ['0.4.0', '1.0.0', '1.1.0', '9.9.9'])).toBe('1.1.0');
    expect(selectListVersion('0.4.0', ['0.3.1'])).toBe('0.4.0');
    expect(selectListVersion('', ['0.3.1', '0.4.0'])).toBe('0.4.0');
    expect(selectListVersion('2.0.0', ['9.9.9'])).toBe('2.0.0');
    expect(selectListVersion('1.2.0', undefined)).toBe('1.2.0');
  });

  it('rejects a malformed version', () => {
    expect(() => selectListVersion('1.0.0', ['1.0.x'])).toThrow('invalid version "1.0.x"');
    expect(() => selectListVersion('1.0.0', ['1.0.0.0'])).toThrow('too many parts');
  });
});

describe('wrapping a single conf', () => {
  it.each(ALL_SPEC_VERSIONS)('wraps a %s .conf into a one-plugin list with sorted keys, as libcni', (v) => {
    const list = wrapSingleConf(parsePluginConfig(JSON.stringify({ type: 'bridge', name: 'one', cniVersion: v, bridge: 'br0' })));
    expect(list.bytes).toBe(`{"cniVersion":"${v}","name":"one","plugins":[{"bridge":"br0","cniVersion":"${v}","name":"one","type":"bridge"}]}`);
    expect(list).toMatchObject({ name: 'one', cniVersion: v, plugins: [{ type: 'bridge' }] });
  });

  it('parseNetworkConfig takes either form', () => {
    expect(parseNetworkConfig('{"name":"l","cniVersion":"1.0.0","plugins":[{"type":"a"},{"type":"b"}]}').plugins).toHaveLength(2);
    expect(parseNetworkConfig('{"name":"c","cniVersion":"1.0.0","type":"a"}').plugins.map((p) => p.type)).toEqual(['a']);
    expect(() => parseNetworkConfig('{"name":"c","cniVersion":"1.0.0"}')).toThrow("error parsing configuration: missing 'type'");
    expect(() => parseNetworkConfig('{"name":"c","plugins":[]}')).toThrow('no plugins in list');
  });
});
