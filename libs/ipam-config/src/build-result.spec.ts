import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { formatResult, parseResult } from '@plexus/cni-spec';
import { parseAddressCidr } from './address';
import { buildIpamResult } from './build-result';

describe('buildIpamResult', () => {
  const answer = {
    addresses: [{ ...parseAddressCidr('10.0.0.5/24', 'a'), gateway: '10.0.0.1' }, parseAddressCidr('fd00::5/64', 'b')],
    routes: [{ dst: '0.0.0.0/0' }],
    dns: { nameservers: ['10.0.0.53'] },
  };

  it('builds an abbreviated IPAM result: no interfaces, no interface index', () => {
    expect(buildIpamResult(answer)).toEqual({
      cniVersion: '1.1.0',
      ips: [{ address: '10.0.0.5/24', gateway: '10.0.0.1' }, { address: 'fd00::5/64' }],
      routes: [{ dst: '0.0.0.0/0' }],
      dns: { nameservers: ['10.0.0.53'] },
    });
    expect(buildIpamResult({ addresses: [], routes: [] })).toEqual({ cniVersion: '1.1.0' });
  });

  it.each(ALL_SPEC_VERSIONS)('round-trips through the %s result format', (version) => {
    const back = parseResult(formatResult(buildIpamResult(answer), version));
    expect(back.ips).toEqual([{ address: '10.0.0.5/24', gateway: '10.0.0.1' }, { address: 'fd00::5/64' }]);
    expect(back.dns).toEqual({ nameservers: ['10.0.0.53'] });
  });
});
