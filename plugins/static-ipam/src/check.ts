import { CniError, invalidConfig, readPrevResult } from '@plexus/cni-spec';
import { findPrevResultMismatches } from '@plexus/ipam-config';
import type { CmdArgs } from '@plexus/skel';
import { loadStaticIpamConfig } from './config';
import { StaticIpamCode } from './errors';

/**
 * checkStatic verifies that prevResult holds every address this config yields, each with its configured gateway.
 * Stricter than the reference, which reports only a gateway mismatch and never a missing address.
 */
export async function checkStatic(args: CmdArgs): Promise<void> {
  const answer = loadStaticIpamConfig(args.conf, args.args);
  const prev = readPrevResult(args.conf);
  if (!prev) throw invalidConfig('prevResult', 'missing: CHECK compares the configuration with the result of ADD');
  const problems = findPrevResultMismatches(prev, answer.addresses);
  if (problems.length) {
    throw new CniError(StaticIpamCode.PrevResultMismatch, `static-ipam: prevResult does not match the configuration on interface ${args.ifName}`, problems.join('; '));
  }
}
