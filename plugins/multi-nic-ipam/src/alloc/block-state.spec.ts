import { parseBlockState, serializeBlockState, emptyBlockState } from './block-state';

const P = '/data/net/block-10.0.1.0-24.json';

describe('block state files', () => {
  it('round-trips what it writes', () => {
    const s = emptyBlockState('10.0.1.0/24', '10.0.0.0/16');
    s.allocations['10.0.1.5'] = { containerId: 'c', ifName: 'net1', master: 'eth1' };
    s.lastReserved = '10.0.1.5';
    expect(parseBlockState(serializeBlockState(s), P)).toEqual({ state: s, taken: new Set([0x0a000105n]) });
  });

  it.each([
    ['{"version":1,', /not JSON/],
    ['[]', /not a JSON object/],
    ['{"version":2}', /unknown version 2/],
    ['{"version":1,"block":"x","interfaceBlock":"10.0.0.0/16","allocations":{}}', /"block" is not a CIDR/],
    ['{"version":1,"block":"10.0.1.0/24","allocations":{}}', /"interfaceBlock" is not a CIDR/],
    ['{"version":1,"block":"10.0.1.0/24","interfaceBlock":"10.0.0.0/16","lastReserved":7,"allocations":{}}', /"lastReserved" is not an address/],
    ['{"version":1,"block":"10.0.1.0/24","interfaceBlock":"10.0.0.0/16"}', /"allocations" is not an object/],
    ['{"version":1,"block":"10.0.1.0/24","interfaceBlock":"10.0.0.0/16","allocations":{"10.0.2.1":{"containerId":"c","ifName":"i","master":"m"}}}', /"10\.0\.2\.1" is not an address of 10\.0\.1\.0\/24/],
    ['{"version":1,"block":"10.0.1.0/24","interfaceBlock":"10.0.0.0/16","allocations":{"10.0.1.1":{"containerId":"c"}}}', /needs string containerId, ifName and master/],
    ['{"version":1,"block":"10.0.1.0/24","interfaceBlock":"10.0.0.0/16","allocations":{"10.0.1.01":{"containerId":"c","ifName":"i","master":"m"}}}', /"10\.0\.1\.01" is not an address/],
    ['{"version":1,"block":"fd00::/64","interfaceBlock":"fd00::/56","allocations":{"fd00:0::1":{"containerId":"c","ifName":"i","master":"m"}}}', /"fd00:0::1" is not an address/],
  ])('refuses %s as a corrupt store file naming it', (text, why) => {
    let err: unknown;
    try {
      parseBlockState(text, P);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 102, msg: 'corrupt store file' });
    expect((err as { details: string }).details).toMatch(new RegExp(`^"${P.replace(/[.]/g, '\\.')}": `));
    expect((err as { details: string }).details).toMatch(why);
  });
});
