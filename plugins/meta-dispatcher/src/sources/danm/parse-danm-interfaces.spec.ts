import { CniCode } from '@plexus/cni-spec';
import { caughtSync } from '../testing/source-fixture';
import { parseDanmInterfaces } from './parse-danm-interfaces';

const pod = { namespace: 'team', name: 'p' };
const A = 'danm.io/interfaces';
const parse = (v: unknown) => parseDanmInterfaces(typeof v === 'string' ? v : JSON.stringify(v), pod);

describe('parseDanmInterfaces', () => {
  it('reads the three kinds of reference, ip requests and policy routes', () => {
    expect(
      parse([
        { network: 'data', ip: 'dynamic', ip6: '2001:db8::5/64', proutes: { '10.9.0.0/16': '10.0.0.1' }, proutes6: { '2001:db8:9::/64': '2001:db8::1' } },
        { tenantNetwork: 'tenant', ip: '10.0.0.7' },
        { clusterNetwork: 'shared', ip: 'none', ip6: 'dynamic' },
      ]),
    ).toEqual([
      {
        network: { kind: 'DanmNet', namespace: 'team', name: 'data' },
        ip: 'dynamic',
        ip6: '2001:db8::5',
        proutes: [
          { family: 4, dst: '10.9.0.0/16', gw: '10.0.0.1' },
          { family: 6, dst: '2001:db8:9::/64', gw: '2001:db8::1' },
        ],
        field: `${A}[0]`,
      },
      { network: { kind: 'TenantNetwork', namespace: 'team', name: 'tenant' }, ip: '10.0.0.7', ip6: 'none', proutes: [], field: `${A}[1]` },
      { network: { kind: 'ClusterNetwork', name: 'shared' }, ip: 'none', ip6: 'dynamic', proutes: [], field: `${A}[2]` },
    ]);
    expect(parse([])).toEqual([]);
  });

  it.each<[string, unknown, string, string]>([
    ['not JSON', '[{', A, 'is not JSON'],
    ['an object', { network: 'a' }, A, 'must be a list'],
    ['a string entry', ['a'], `${A}[0]`, 'must be an object'],
    ['no network', [{ ip: 'dynamic' }], `${A}[0].network`, 'exactly one'],
    ['two networks', [{ network: 'a', clusterNetwork: 'b' }], `${A}[0].network`, 'exactly one'],
    ['unknown field', [{ network: 'a', ips: 'dynamic' }], `${A}[0].ips`, 'unknown field'],
    ['network number', [{ network: 3 }], `${A}[0].network`, 'must be a string'],
    ['network bad name', [{ tenantNetwork: '../x' }], `${A}[0].tenantNetwork`, 'lower case'],
    ['ip word', [{ network: 'a', ip: 'auto' }], `${A}[0].ip`, 'not "dynamic", "none"'],
    ['ip v6 in ip', [{ network: 'a', ip: '2001:db8::1' }], `${A}[0].ip`, 'IPv4'],
    ['ip6 v4', [{ network: 'a', ip6: '10.0.0.1' }], `${A}[0].ip6`, 'IPv6'],
    ['ip bad prefix', [{ network: 'a', ip: '10.0.0.1/99' }], `${A}[0].ip`, 'IPv4'],
    ['ip number', [{ network: 'a', ip: 4 }], `${A}[0].ip`, 'must be "dynamic"'],
    ['proutes list', [{ network: 'a', proutes: [] }], `${A}[0].proutes`, 'must be an object'],
    ['proutes v6 dst', [{ network: 'a', proutes: { '2001:db8::/64': '10.0.0.1' } }], `${A}[0].proutes["2001:db8::/64"]`, 'IPv4'],
    ['proutes6 v4 gw', [{ network: 'a', proutes6: { '2001:db8::/64': '10.0.0.1' } }], `${A}[0].proutes6["2001:db8::/64"]`, 'IPv6'],
  ])('refuses %s with code 7 naming the field', (_n, value, field, problem) => {
    const e = caughtSync(() => parse(value));
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(`invalid ${field}`);
    expect(e.details).toContain('pod "team/p"');
    expect(e.details).toContain(problem);
  });
});
