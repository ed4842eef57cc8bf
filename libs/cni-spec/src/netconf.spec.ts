import { configAllows, decodeNetConf, readPrevResult } from './netconf';
import { checkKnownCniArgs, getCniArg, parseCniArgs, parseCniArgsForDel } from './cni-args';
import { ifNameProblem, unusableIfNameProblem, validateContainerId, validateIfName } from './names';
import { CniError, toCniError } from './errors';

describe('decodeNetConf', () => {
  it('accepts a minimal config and defaults an empty version to 0.1.0', () => {
    expect(decodeNetConf('{"name":"n","type":"t"}').cniVersion).toBe('0.1.0');
    expect(decodeNetConf(Buffer.from('{"cniVersion":"1.1.0","name":"a.b-c_1","type":"t"}')).name).toBe('a.b-c_1');
  });

  it.each([
    ['{', 6, /failed to decode network configuration/],
    ['[]', 6, /expected a JSON object/],
    ['{"cniVersion":"9.9.9","name":"n"}', 1, /incompatible CNI versions/],
    ['{"cniVersion":"1.0.0"}', 7, /invalid name/],
    ['{"cniVersion":"1.0.0","name":"-bad"}', 7, /invalid name/],
    ['{"cniVersion":"1.0.0","name":"n","type":3}', 7, /invalid type/],
    ['{"cniVersion":"1.0.0","name":"n","ipam":[]}', 7, /invalid ipam/],
    ['{"cniVersion":"1.0.0","name":"n","runtimeConfig":"x"}', 7, /invalid runtimeConfig/],
  ])('rejects %s with code %d', (input, code, msg) => {
    let err: CniError | undefined;
    try {
      decodeNetConf(input);
    } catch (e) {
      err = e as CniError;
    }
    expect(err).toBeInstanceOf(CniError);
    expect(err!.code).toBe(code);
    expect(err!.message).toMatch(msg);
  });

  it('reads prevResult of any version into the current schema', () => {
    const conf = decodeNetConf(JSON.stringify({ cniVersion: '0.4.0', name: 'n', prevResult: { cniVersion: '0.4.0', ips: [{ version: '4', address: '10.0.0.2/24' }] } }));
    expect(readPrevResult(conf)).toEqual({ cniVersion: '1.1.0', ips: [{ address: '10.0.0.2/24' }] });
    expect(readPrevResult(decodeNetConf('{"name":"n"}'))).toBeUndefined();
    expect(() => readPrevResult(decodeNetConf('{"cniVersion":"1.0.0","name":"n","prevResult":{"ips":[{"address":1}]}}'))).toThrow(expect.objectContaining({ code: 6 }));
  });

  it('gates CHECK, STATUS and GC by version', () => {
    expect(configAllows('0.3.1', 'CHECK')).toBe(false);
    expect(configAllows('0.4.0', 'CHECK')).toBe(true);
    expect(configAllows('1.0.0', 'GC')).toBe(false);
    expect(configAllows('1.1.0', 'STATUS')).toBe(true);
    expect(configAllows('0.1.0', 'ADD')).toBe(true);
  });
});

describe('CNI_ARGS', () => {
  it('parses pairs and rejects malformed ones', () => {
    expect(parseCniArgs('IP=10.0.0.1;K8S_POD_NAME=p;')).toEqual([['IP', '10.0.0.1'], ['K8S_POD_NAME', 'p']]);
    expect(parseCniArgs(undefined)).toEqual([]);
    expect(() => parseCniArgs('A=b=c')).toThrow(/invalid pair "A=b=c"/);
    expect(getCniArg(parseCniArgs('A=1;A=2'), 'A')).toBe('2');
  });

  it('reads only the well-formed pairs for a DEL', () => {
    expect(parseCniArgsForDel('K8S_POD_NAME=p;A=b=c;;B')).toEqual([['K8S_POD_NAME', 'p']]);
    expect(parseCniArgsForDel(undefined)).toEqual([]);
  });

  it('rejects unknown keys unless IgnoreUnknown is true', () => {
    expect(() => checkKnownCniArgs(parseCniArgs('FOO=bar'), ['IP'])).toThrow(/unknown args \["FOO=bar"\]/);
    expect(() => checkKnownCniArgs(parseCniArgs('FOO=bar;IgnoreUnknown=1'), ['IP'])).not.toThrow();
    expect(() => checkKnownCniArgs(parseCniArgs('FOO=bar;IgnoreUnknown=TRUE'), ['IP'])).not.toThrow();
    expect(() => checkKnownCniArgs(parseCniArgs('FOO=bar;IgnoreUnknown=0'), ['IP'])).toThrow();
    expect(() => checkKnownCniArgs(parseCniArgs('IgnoreUnknown=maybe'), [])).toThrow(/boolean/);
  });
});

describe('names', () => {
  it.each([['eth0', undefined], ['', 'is empty'], ['a'.repeat(16), 'is longer than 15 characters'], ['..', 'is reserved'], ['a/b', 'contains "/", ":" or whitespace'], ['a b', 'contains "/", ":" or whitespace']])('ifNameProblem(%j)', (n, p) => {
    expect(ifNameProblem(n)).toBe(p);
  });
  // Issue 11: names the kernel refuses (dev_valid_name on the UTF-8 bytes) made sandboxes undeletable.
  it.each([
    ['\u0000', 'contains a NUL byte'],
    ['eth\u00000', 'contains a NUL byte'],
    ['eth\u00e0', 'contains byte 0xA0 in its UTF-8 form, which the kernel counts as a space'],
    ['a\u00a0', 'contains "/", ":" or whitespace'],
    ['a\tb', 'contains "/", ":" or whitespace'],
    ['a\u3000', 'contains "/", ":" or whitespace'],
    ['a\u0085', 'contains "/", ":" or whitespace'],
    ['net%d', 'contains "%", which the kernel takes as a name template'],
    ['\ud800x', 'is not valid UTF-8'],
    ['eth\ufffd', 'is not valid UTF-8'],
    ['\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9', 'is longer than 15 characters (16 bytes in UTF-8; the kernel counts bytes)'],
    ['.', 'is reserved'],
  ])('refuses what the kernel refuses: ifNameProblem(%j)', (n, p) => {
    expect(ifNameProblem(n)).toBe(p);
  });
  it.each(['eth0', 'a'.repeat(15), 'net1-0', '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e97', 'caf\u00e9', 'x.y_z@1', '\u{1f600}ab'])('accepts %j (1..15 bytes, no refused byte)', (n) => {
    expect(ifNameProblem(n)).toBeUndefined();
  });
  it('tells DEL which names nothing can exist under (all refused names but the % templates)', () => {
    expect(unusableIfNameProblem('eth\u00e0')).toMatch(/0xA0/);
    expect(unusableIfNameProblem('\u0000')).toBe('contains a NUL byte');
    expect(unusableIfNameProblem('net%d')).toBeUndefined();
    expect(unusableIfNameProblem('a b%d')).toBe('contains "/", ":" or whitespace');
  });
  it('names the field and escapes the name in the error', () => {
    expect(() => validateIfName('\u0000')).toThrow(expect.objectContaining({ code: 4, msg: 'invalid CNI_IFNAME', details: 'interface name "\\u0000" contains a NUL byte' }));
    expect(() => validateIfName('eth\u00e0', 'interface', 7)).toThrow(expect.objectContaining({ code: 7, msg: 'invalid interface' }));
  });
  it('validates container ids with code 4', () => {
    expect(() => validateContainerId('abc-1.2_3')).not.toThrow();
    expect(() => validateContainerId('-x')).toThrow(expect.objectContaining({ code: 4 }));
  });
  it('wraps unknown throws as 999 but never wraps a CniError twice', () => {
    const e = new CniError(7, 'invalid x', 'why');
    expect(toCniError(e)).toBe(e);
    expect(toCniError(new Error('boom'))).toMatchObject({ code: 999, msg: 'boom' });
    expect(e.toJSON('1.0.0')).toEqual({ cniVersion: '1.0.0', code: 7, msg: 'invalid x', details: 'why' });
  });
});
