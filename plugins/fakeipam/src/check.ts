import { CniError, invalidConfig, readPrevResult } from '@plexus/cni-spec';
import { findPrevResultMismatches } from '@plexus/ipam-config';
import type { CmdArgs } from '@plexus/skel';
import { loadFakeIpamConfig } from './config';
import { FakeIpamCode } from './errors';

/**
 * checkFake verifies that prevResult holds every address in `ipam`, each with its gateway when one is given (DANM's
 * CHECK is a no-op; the addresses are all fakeipam knows, so it checks those).
 */
export async function checkFake(args: CmdArgs): Promise<void> {
  const answer = loadFakeIpamConfig(args.conf);
  const prev = readPrevResult(args.conf);
  if (!prev) throw invalidConfig('prevResult', 'missing: CHECK compares the configuration with the result of ADD');
  const problems = findPrevResultMismatches(prev, answer.addresses);
  if (problems.length) {
    throw new CniError(FakeIpamCode.PrevResultMismatch, `fakeipam: prevResult does not match ipam on interface ${args.ifName}`, problems.join('; '));
  }
}
