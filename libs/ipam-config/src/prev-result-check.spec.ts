import { parseAddressCidr } from './address';
import { findPrevResultMismatches } from './prev-result-check';

const withGw = { ...parseAddressCidr('10.0.0.5/24', 'ipam.addresses[0].address'), gateway: '10.0.0.1' };
const noGw = parseAddressCidr('fd00::5/64', 'ipam.addresses[1].address');

describe('findPrevResultMismatches', () => {
  it('is empty when every address is there with its gateway (any gateway when none is configured)', () => {
    const prev = { cniVersion: '1.1.0', ips: [{ address: '10.0.0.5/24', gateway: '10.0.0.1', interface: 0 }, { address: 'FD00::5/64', gateway: 'fd00::1' }] };
    expect(findPrevResultMismatches(prev, [withGw, noGw])).toEqual([]);
  });

  it('reports a missing address, a wrong prefix and a wrong gateway', () => {
    const prev = { cniVersion: '1.1.0', ips: [{ address: '10.0.0.5/24', gateway: '10.0.0.254' }, { address: 'fd00::5/80' }] };
    expect(findPrevResultMismatches(prev, [withGw, noGw])).toEqual([
      'address 10.0.0.5/24 has gateway 10.0.0.254 in prevResult, configured 10.0.0.1',
      'address fd00::5/64 (ipam.addresses[1].address) is missing from prevResult',
    ]);
  });

  it('reports a configured gateway missing from prevResult', () => {
    expect(findPrevResultMismatches({ cniVersion: '1.1.0', ips: [{ address: '10.0.0.5/24' }] }, [withGw])).toEqual([
      'address 10.0.0.5/24 has gateway (none) in prevResult, configured 10.0.0.1',
    ]);
  });

  it('has nothing to verify for an empty answer', () => {
    expect(findPrevResultMismatches({ cniVersion: '1.1.0' }, [])).toEqual([]);
  });
});
