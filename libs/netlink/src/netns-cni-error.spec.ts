import { CniError } from '@plexus/cni-spec';
import { isNetnsError, LinkNotFoundError, NetlinkError, NetnsNotFoundError, NotANetnsError } from './errors';
import { netnsCniError } from './netns-cni-error';

describe('netnsCniError', () => {
  it('maps a missing path and a non-netns to code 4 naming CNI_NETNS, with the error as details', () => {
    expect(netnsCniError(new NetnsNotFoundError('/run/netns/x'))).toEqual(new CniError(4, 'invalid CNI_NETNS', 'netns "/run/netns/x" does not exist'));
    expect(netnsCniError(new NotANetnsError('/tmp/f'))).toEqual(new CniError(4, 'invalid CNI_NETNS', '"/tmp/f" is not a network namespace'));
  });

  it('leaves every other error to the caller', () => {
    for (const e of [new LinkNotFoundError('eth0', '/run/netns/x'), new NetlinkError('boom', 'x', '', 'other'), new Error('x'), 'x']) {
      expect(netnsCniError(e)).toBeUndefined();
      expect(isNetnsError(e)).toBe(false);
    }
    expect(isNetnsError(new NotANetnsError('/tmp/f'))).toBe(true);
  });
});
