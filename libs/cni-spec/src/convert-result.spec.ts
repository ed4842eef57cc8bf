import { ALL_SPEC_VERSIONS } from './versions';
import { formatResult, parseResult } from './convert-result';
import type { Result } from './result';

const full: Result = {
  cniVersion: '1.1.0',
  interfaces: [
    { name: 'br0', mac: '00:11:22:33:44:55' },
    { name: 'eth0', mac: '02:00:00:00:00:01', sandbox: '/var/run/netns/x', mtu: 1400, pciID: '0000:00:01.0' },
  ],
  ips: [
    { address: '10.1.0.5/24', gateway: '10.1.0.1', interface: 1 },
    { address: '10.1.0.6/24', interface: 1 },
    { address: 'fd00::5/64', gateway: 'fd00::1', interface: 1 },
  ],
  routes: [
    { dst: '0.0.0.0/0' },
    { dst: '10.9.0.0/16', gw: '10.1.0.254', mtu: 1300, table: 100, scope: 0 },
    { dst: 'fd01::/64', gw: 'fd00::1' },
  ],
  dns: { nameservers: ['10.1.0.1'], search: ['svc.local'] },
};

describe('formatResult', () => {
  it('prints 1.1.0 and 1.0.0 unchanged apart from cniVersion', () => {
    expect(formatResult(full, '1.1.0')).toEqual(full);
    expect(formatResult(full, '1.0.0')).toEqual({ ...full, cniVersion: '1.0.0' });
  });

  it.each(['0.3.0', '0.3.1', '0.4.0'])('converts to %s: adds version, drops 1.1 interface fields, keeps routes verbatim', (v) => {
    const out = formatResult(full, v) as Record<string, unknown>;
    expect(out.cniVersion).toBe(v);
    expect(out.interfaces).toEqual([
      { name: 'br0', mac: '00:11:22:33:44:55' },
      { name: 'eth0', mac: '02:00:00:00:00:01', sandbox: '/var/run/netns/x' },
    ]);
    expect(out.ips).toEqual([
      { version: '4', address: '10.1.0.5/24', gateway: '10.1.0.1', interface: 1 },
      { version: '4', address: '10.1.0.6/24', interface: 1 },
      { version: '6', address: 'fd00::5/64', gateway: 'fd00::1', interface: 1 },
    ]);
    expect(out.routes).toEqual(full.routes);
  });

  it.each(['0.1.0', '0.2.0'])('converts to %s: first address per family, routes split by family with every route field (libcni ≥ 1.2)', (v) => {
    expect(formatResult(full, v)).toEqual({
      cniVersion: v,
      ip4: { ip: '10.1.0.5/24', gateway: '10.1.0.1', routes: [{ dst: '0.0.0.0/0' }, { dst: '10.9.0.0/16', gw: '10.1.0.254', mtu: 1300, table: 100, scope: 0 }] },
      ip6: { ip: 'fd00::5/64', gateway: 'fd00::1', routes: [{ dst: 'fd01::/64', gw: 'fd00::1' }] },
      dns: { nameservers: ['10.1.0.1'], search: ['svc.local'] },
    });
  });

  it('refuses 0.2.0 without any address and unknown versions', () => {
    expect(() => formatResult({ cniVersion: '1.1.0' }, '0.2.0')).toThrow(/no valid IP addresses/);
    expect(() => formatResult(full, '2.0.0')).toThrow(expect.objectContaining({ code: 1 }));
  });

  it.each(ALL_SPEC_VERSIONS)('keeps priority/advmss/table/scope through parse and print at %s, omitting Go\'s zero values', (v) => {
    const withFields: Result = { cniVersion: '1.1.0', ips: [{ address: '10.1.0.5/24' }], routes: [{ dst: '10.9.0.0/16', gw: '10.1.0.254', priority: 7, advmss: 1360, mtu: 0, table: 0, scope: 253 }] };
    const printed = formatResult(withFields, v) as { routes?: unknown[]; ip4?: { routes: unknown[] } };
    const want = [{ dst: '10.9.0.0/16', gw: '10.1.0.254', priority: 7, advmss: 1360, table: 0, scope: 253 }];
    expect(printed.routes ?? printed.ip4!.routes).toEqual(want);
    expect(parseResult(printed).routes).toEqual(want);
  });

  it('prints dns {} and omits empty lists like Go', () => {
    expect(formatResult({ cniVersion: '1.1.0', ips: [], routes: [] }, '1.0.0')).toEqual({ cniVersion: '1.0.0', dns: {} });
  });
});

describe('parseResult', () => {
  it.each(ALL_SPEC_VERSIONS.filter((v) => v >= '0.3.0'))('round-trips through %s without losing what that version can carry', (v) => {
    const back = parseResult(formatResult(full, v));
    expect(back.ips).toEqual(full.ips);
    expect(back.routes).toEqual(full.routes);
    expect(back.interfaces!.map((i) => i.name)).toEqual(['br0', 'eth0']);
    if (v === '1.1.0') expect(back).toEqual(full);
  });

  it('reads 0.2.0 ip4/ip6 blocks', () => {
    const r = parseResult({ cniVersion: '0.2.0', ip4: { ip: '10.0.0.2/8', gateway: '10.0.0.1', routes: [{ dst: '0.0.0.0/0' }] }, ip6: { ip: 'fd::2/64' } });
    expect(r).toEqual({ cniVersion: '1.1.0', ips: [{ address: '10.0.0.2/8', gateway: '10.0.0.1' }, { address: 'fd::2/64' }], routes: [{ dst: '0.0.0.0/0' }] });
  });

  it('takes the fallback version when cniVersion is missing and rejects garbage', () => {
    expect(parseResult({ ips: [{ address: '10.0.0.2/8', version: '4' }] }, '0.4.0').ips).toEqual([{ address: '10.0.0.2/8' }]);
    expect(() => parseResult('nope')).toThrow(expect.objectContaining({ code: 6 }));
    expect(() => parseResult({ cniVersion: '7.0.0' })).toThrow(expect.objectContaining({ code: 1 }));
    expect(() => parseResult({ cniVersion: '1.0.0', ips: [{ address: 5 }] })).toThrow(/ips\[\]\.address/);
  });
});

describe('parseResult on malformed lists (issue 11 item 7: no 999 and no TypeError text for a bad prevResult)', () => {
  it.each<[unknown, string]>([
    [{ interfaces: [null] }, 'interfaces[0] must be an object'],
    [{ ips: [{ address: '10.0.0.1/24' }, null] }, 'ips[1] must be an object'],
    [{ routes: [5] }, 'routes[0] must be an object'],
    [{ ips: 'x' }, 'ips must be a list'],
    [{ cniVersion: '0.2.0', ip4: { ip: '10.0.0.1/24', routes: [null] } }, 'ip4.routes[0] must be an object'],
  ])('%j → code 6 naming the field', (raw, details) => {
    expect(() => parseResult(raw)).toThrow(expect.objectContaining({ code: 6, msg: 'failed to decode result', details }));
  });

  it('still reads absent and null lists as empty', () => {
    expect(parseResult({ cniVersion: '1.0.0', ips: null, routes: undefined })).toEqual({ cniVersion: '1.1.0' });
  });
});
