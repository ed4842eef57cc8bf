import { parseNetworkConfig, type NetworkConfigList } from '@plexus/conflist';
import type { Checkpoint } from './checkpoint';

/** A conflist in use, and every attachment (containerID, ifname) that uses a conflist of the same network name. */
export interface ConfigInUse {
  list: NetworkConfigList;
  attachments: Array<{ containerID: string; ifname: string }>;
}

/**
 * configsInUse lists the distinct conflists of the checkpoints (pure), each with the attachments of its network
 * name. Grouping by name, not by bytes, matters for GC: plugins keep state per network name (host-local's
 * `<dataDir>/<name>`), so two NADs sharing a name must not each GC away the other's attachments.
 */
export function configsInUse(checkpoints: readonly Checkpoint[]): ConfigInUse[] {
  const lists = new Map<string, NetworkConfigList>();
  const byName = new Map<string, Array<{ containerID: string; ifname: string }>>();
  for (const cp of checkpoints) {
    for (const att of cp.attachments) {
      if (att.config === undefined) continue;
      const list = lists.get(att.config) ?? parseNetworkConfig(att.config);
      lists.set(att.config, list);
      const group = byName.get(list.name) ?? [];
      group.push({ containerID: cp.containerId, ifname: att.ifName });
      byName.set(list.name, group);
    }
  }
  return [...lists.values()].map((list) => ({ list, attachments: byName.get(list.name) ?? [] }));
}
