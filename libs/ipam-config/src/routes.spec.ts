import { catchCniError } from '@plexus/cni-spec/testing';
import { parseRoutes } from './routes';

const spec11 = { withSpec11Fields: true };
const spec10 = { withSpec11Fields: false };

describe('parseRoutes', () => {
  it('canonicalises dst and gw, keeping host bits as Go does', () => {
    expect(parseRoutes([{ dst: '10.1.0.5/16', gw: '::ffff:10.0.0.1' }, { dst: 'FD00:1::/48', gw: '' }], 'ipam.routes', spec10)).toEqual([
      { dst: '10.1.0.5/16', gw: '10.0.0.1' },
      { dst: 'fd00:1::/48' },
    ]);
  });

  it('passes 1.1.0 route fields through only when asked', () => {
    const raw = [{ dst: '0.0.0.0/0', mtu: 1400, advmss: 1360, priority: 10, table: 0, scope: 253 }];
    expect(parseRoutes(raw, 'ipam.routes', spec11)).toEqual([{ dst: '0.0.0.0/0', mtu: 1400, advmss: 1360, priority: 10, table: 0, scope: 253 }]);
    expect(parseRoutes(raw, 'ipam.routes', spec10)).toEqual([{ dst: '0.0.0.0/0' }]);
  });

  it('treats absent and null as no routes', () => {
    expect(parseRoutes(undefined, 'ipam.routes', spec11)).toEqual([]);
    expect(parseRoutes(null, 'ipam.routes', spec11)).toEqual([]);
  });

  it.each([
    [{ not: 'a list' }, 'invalid ipam.routes'],
    [['x'], 'invalid ipam.routes[0]'],
    [[{ gw: '10.0.0.1' }], 'invalid ipam.routes[0].dst'],
    [[{ dst: '10.0.0.0/8' }, { dst: '10.0.0.0' }], 'invalid ipam.routes[1].dst'],
    [[{ dst: '10.0.0.0/8', gw: 'x' }], 'invalid ipam.routes[0].gw'],
    [[{ dst: '10.0.0.0/8', mtu: -1 }], 'invalid ipam.routes[0].mtu'],
    [[{ dst: '10.0.0.0/8', scope: 256 }], 'invalid ipam.routes[0].scope'],
    [[{ dst: '10.0.0.0/8', table: '5' }], 'invalid ipam.routes[0].table'],
  ])('rejects %j with code 7 naming the field', (raw, msg) => {
    const err = catchCniError(() => parseRoutes(raw, 'ipam.routes', spec11));
    expect(err.code).toBe(7);
    expect(err.msg).toBe(msg);
  });
});
