import { ifNameProblem } from '@plexus/cni-spec';
import { randomSuffix, tempLinkName } from './temp-name';

describe('tempLinkName', () => {
  it('is a valid interface name made of the prefix and 8 hex digits', () => {
    for (let i = 0; i < 200; i++) {
      const name = tempLinkName(randomSuffix);
      expect(name).toMatch(/^plxiv[0-9a-f]{8}$/);
      expect(ifNameProblem(name)).toBeUndefined();
    }
  });

  it('keeps a long suffix within 15 characters', () => {
    expect(tempLinkName(() => '0123456789abcdef')).toBe('plxiv0123456789');
  });
});
