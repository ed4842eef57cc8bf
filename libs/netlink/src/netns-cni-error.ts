import { CniCode, CniError } from '@plexus/cni-spec';
import { isNetnsError } from './errors';

/**
 * netnsCniError is the one mapping of a netns error to CNI: a CNI_NETNS that is missing or not a network namespace
 * is code 4 (InvalidEnvironment) naming the variable, with the error's own words ("netns "/x" does not exist",
 * ""/x" is not a network namespace") as details. Anything else gives undefined, for the caller to map.
 */
export function netnsCniError(e: unknown): CniError | undefined {
  if (isNetnsError(e)) return new CniError(CniCode.InvalidEnvironment, 'invalid CNI_NETNS', e.message);
  return undefined;
}
