import { parseNetworkConfig, type ChainDeps } from '@plexus/conflist';
import type { PlannedAttachment } from '../plan/attachment-plan';

/**
 * checkDelegatesExist refuses a plan whose delegate binaries are not in CNI_PATH, before the checkpoint is written:
 * such an ADD could only fail, and its rollback and every later DEL would fail the same way (the binary still
 * cannot be found), keeping the checkpoint and the pod Terminating for ever. Attachments rendered later (DANM,
 * multi-NIC) are checked when they run. A delegator that cannot locate binaries (a fake) skips the check.
 */
export function checkDelegatesExist(chain: ChainDeps, attachments: readonly PlannedAttachment[]): void {
  const locate = chain.delegator.locate?.bind(chain.delegator);
  if (!locate) return;
  const seen = new Set<string>();
  for (const att of attachments) {
    if (att.config === undefined) continue;
    for (const plugin of parseNetworkConfig(att.config).plugins) {
      if (seen.has(plugin.type)) continue;
      seen.add(plugin.type);
      locate(plugin.type, chain.cniPath);
    }
  }
}
