import type { Result } from '@plexus/cni-spec';
import { planDefaultRoutes, rewriteDefaultRoutes } from '../../execute/apply-default-route';
import { requestProblem } from '../../execute/verify-requested';
import { mergeResults } from './merge-results';

const r = (name: string, address: string, extra: Partial<Result> = {}): Result => ({
  cniVersion: '1.1.0',
  interfaces: [{ name: `host-${name}` }, { name, sandbox: '/n', mac: '02:00:00:00:00:0a' }],
  ips: [{ address, interface: 1 }],
  ...extra,
});

describe('mergeResults', () => {
  it('puts the primary first and shifts the others\' interface indexes; DNS is the primary\'s', () => {
    const merged = mergeResults(1, [r('net1', '10.1.0.2/24', { dns: { nameservers: ['9.9.9.9'] } }), r('eth0', '10.244.0.2/24', { dns: { nameservers: ['10.96.0.10'] } }), { cniVersion: '1.1.0', ips: [{ address: '10.2.0.2/24' }] }]);
    expect(merged.interfaces!.map((i) => i.name)).toEqual(['host-eth0', 'eth0', 'host-net1', 'net1']);
    expect(merged.ips).toEqual([{ address: '10.244.0.2/24', interface: 1 }, { address: '10.1.0.2/24', interface: 3 }, { address: '10.2.0.2/24' }]);
    expect(merged.dns).toEqual({ nameservers: ['10.96.0.10'] });
  });
});

describe('requestProblem', () => {
  const att = { ifName: 'net1', requested: { ips: ['10.1.0.2/24'] } };
  it('accepts the asked address (with or without prefix) and the asked MAC in any case', () => {
    expect(requestProblem(att, r('net1', '10.1.0.2/24'))).toBeUndefined();
    expect(requestProblem({ ifName: 'net1', requested: { ips: ['10.1.0.2'], mac: '02:00:00:00:00:0A' } }, r('net1', '10.1.0.2/16'))).toBeUndefined();
    expect(requestProblem({ ifName: 'net1', requested: { ips: ['fd00::0002'] } }, r('net1', 'fd00::2/64'))).toBeUndefined();
  });

  it('names what differs: another address or prefix, another MAC, a fixed address missing', () => {
    expect(requestProblem(att, r('net1', '10.1.0.2/16'))).toEqual({ field: 'ips', text: 'asked for address 10.1.0.2/24 but the delegate configured 10.1.0.2/16 on net1' });
    expect(requestProblem({ ifName: 'net1', requested: { mac: '02:00:00:00:00:0b' } }, r('net1', '10.1.0.2/24'))).toEqual({ field: 'mac', text: 'asked for MAC 02:00:00:00:00:0b but net1 has 02:00:00:00:00:0a' });
    expect(requestProblem({ ifName: 'net1', requested: {}, fixedAddresses: [{ address: '10.5.0.5/24' }] }, r('net1', '10.1.0.2/24'))!.field).toBe('ips');
    expect(requestProblem({ ifName: 'net1', requested: { mac: '02:00:00:00:00:0b' } }, { cniVersion: '1.1.0' }, '02:00:00:00:00:0b')).toBeUndefined();
  });

  it('only counts addresses of the attachment\'s own interface', () => {
    const other: Result = { cniVersion: '1.1.0', interfaces: [{ name: 'x', sandbox: '/n' }, { name: 'net1', sandbox: '/n' }], ips: [{ address: '10.1.0.2/24', interface: 0 }] };
    expect(requestProblem(att, other)!.field).toBe('ips');
  });
});

describe('default-route results', () => {
  it('removes other attachments\' default routes of the family and gives the chosen one its gateway', () => {
    const moves = planDefaultRoutes([
      { index: 0, ifName: 'eth0', requested: {} },
      { index: 1, ifName: 'net1', requested: { defaultRoute: ['10.1.0.1'] } },
    ] as never);
    expect(moves).toEqual([{ index: 1, ifName: 'net1', family: 4, gw: '10.1.0.1' }]);
    const out = rewriteDefaultRoutes([r('eth0', '10.244.0.2/24', { routes: [{ dst: '0.0.0.0/0', gw: '10.244.0.1' }, { dst: '::/0', gw: 'fd00::1' }] }), r('net1', '10.1.0.2/24')], moves);
    expect(out[0]!.routes).toEqual([{ dst: '::/0', gw: 'fd00::1' }]);
    expect(out[1]!.routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.1.0.1' }]);
  });
});
