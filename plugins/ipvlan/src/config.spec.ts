import { ALL_SPEC_VERSIONS, decodeNetConf, type CniError } from '@plexus/cni-spec';
import { ipamTypeOf, parseIpvlanConf } from './config';

function parse(extra: Record<string, unknown>, cniVersion = '1.1.0') {
  return parseIpvlanConf(decodeNetConf(JSON.stringify({ cniVersion, name: 'n', type: 'ipvlan', ...extra })));
}

function errorOf(extra: Record<string, unknown>): CniError {
  try {
    parse(extra);
  } catch (e) {
    return e as CniError;
  }
  throw new Error('expected a config error');
}

describe('parseIpvlanConf', () => {
  it.each(ALL_SPEC_VERSIONS)('applies the reference defaults in %s', (v) => {
    const conf = parse({ ipam: { type: 'static' } }, v);
    expect(conf).toEqual({ cniVersion: v, mode: 'l2', linkInContainer: false, ipamType: 'static' });
  });

  it.each(['l2', 'l3', 'l3s'])('accepts mode %s', (mode) => {
    expect(parse({ mode }).mode).toBe(mode);
  });

  it('treats an empty mode, master and a zero mtu as unset (Go zero values)', () => {
    expect(parse({ mode: '', master: '', mtu: 0 })).toEqual({ cniVersion: '1.1.0', mode: 'l2', linkInContainer: false });
  });

  it.each([
    [{ mode: 'l4' }, 'invalid mode', /unknown ipvlan mode "l4"/],
    [{ mode: 2 }, 'invalid mode', /unknown ipvlan mode 2/],
    [{ master: 'a-very-long-interface' }, 'invalid master', /longer than 15 characters/],
    [{ master: 'eth0/1' }, 'invalid master', /contains "\/"/],
    [{ master: 7 }, 'invalid master', /must be a string/],
    [{ mtu: 1500.5 }, 'invalid mtu', /must be an integer/],
    [{ mtu: '1500' }, 'invalid mtu', /must be an integer/],
    [{ mtu: -1 }, 'invalid mtu', /outside 68\.\.65535/],
    [{ mtu: 67 }, 'invalid mtu', /outside/],
    [{ mtu: 65536 }, 'invalid mtu', /outside/],
    [{ linkInContainer: 'yes' }, 'invalid linkInContainer', /true or false/],
    [{ ipam: { type: 3 } }, 'invalid ipam.type', /must be a string/],
    [{ dns: 'x' }, 'invalid dns', /must be an object/],
  ])('rejects %j with code 7 naming the field', (extra, msg, details) => {
    const e = errorOf(extra);
    expect(e.code).toBe(7);
    expect(e.msg).toBe(msg);
    expect(e.details).toMatch(details);
  });

  it('keeps master, mtu, linkInContainer and dns', () => {
    const conf = parse({ master: 'eth1', mtu: 1400, linkInContainer: true, dns: { nameservers: ['10.0.0.53'] } });
    expect(conf).toMatchObject({ master: 'eth1', mtu: 1400, linkInContainer: true, dns: { nameservers: ['10.0.0.53'] } });
  });

  it.each(ALL_SPEC_VERSIONS)('reads a %s prevResult into the current schema', (v) => {
    const prevResult =
      v === '0.1.0' || v === '0.2.0'
        ? { cniVersion: v, ip4: { ip: '10.1.0.5/24', gateway: '10.1.0.1' } }
        : { cniVersion: v, interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24', gateway: '10.1.0.1', ...(v < '1' ? { version: '4' } : {}) }] };
    const conf = parse({ prevResult }, v);
    expect(conf.prevResult?.ips).toEqual([{ address: '10.1.0.5/24', gateway: '10.1.0.1' }]);
  });

  it('reports an unreadable prevResult as a decoding failure (6)', () => {
    const e = errorOf({ prevResult: { cniVersion: '1.0.0', ips: [{ address: 5 }] } });
    expect(e.code).toBe(6);
  });
});

describe('ipamTypeOf', () => {
  it('is undefined without ipam or with an empty type (chained use)', () => {
    expect(ipamTypeOf(decodeNetConf('{"cniVersion":"1.0.0","name":"n","type":"ipvlan"}'))).toBeUndefined();
    expect(ipamTypeOf(decodeNetConf('{"cniVersion":"1.0.0","name":"n","type":"ipvlan","ipam":{}}'))).toBeUndefined();
    expect(ipamTypeOf(decodeNetConf('{"cniVersion":"1.0.0","name":"n","type":"ipvlan","ipam":{"type":"host-local"}}'))).toBe('host-local');
  });
});
