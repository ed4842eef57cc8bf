import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { resultFamilyOf } from '@plexus/cni-spec';
import { parseAddressCidr } from './address';
import { checkAddressesFitVersion } from './address-limits';

const twoV4 = [parseAddressCidr('10.0.0.1/24', 'ipam.addresses[0].address'), parseAddressCidr('10.0.1.1/24', 'CNI_ARGS IP[0]')];
const dual = [parseAddressCidr('10.0.0.1/24', 'a'), parseAddressCidr('fd00::1/64', 'b')];

describe.each(ALL_SPEC_VERSIONS)('checkAddressesFitVersion at %s', (version) => {
  it('accepts one address per family', () => {
    expect(() => checkAddressesFitVersion(dual, version)).not.toThrow();
  });

  it(resultFamilyOf(version) === '020' ? 'refuses two of a family, naming both fields' : 'accepts two of a family', () => {
    if (resultFamilyOf(version) === '020') {
      expect(() => checkAddressesFitVersion(twoV4, version)).toThrow('invalid ipam.addresses[0].address, CNI_ARGS IP[0]');
    } else {
      expect(() => checkAddressesFitVersion(twoV4, version)).not.toThrow();
    }
  });
});
