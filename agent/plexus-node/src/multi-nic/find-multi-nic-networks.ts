import type { NetConf } from '@plexus/cni-spec';
import { NETWORK_ATTACHMENT_DEFINITIONS, type NetworkAttachmentDefinition } from '@plexus/k8s';
import { readNetworkConfigs } from '@plexus/multi-nic';
import type { NodeCacheReader } from '@plexus/node-cache';
import type { FileStore } from '@plexus/store';
import { join } from 'node:path';

/** Where multi-nic-ipam networks are declared on a node. */
export interface NetworkSources {
  files: Pick<FileStore, 'list' | 'read'>;
  /** The CNI conf dir: every `*.conf` / `*.conflist` but ours (`ignore`) and dot/temp files. */
  confDir: string;
  ignore: string;
  /** The node cache: the NetworkAttachmentDefinitions the dispatcher reads (skipped while the cache is untrusted). */
  cache?: Pick<NodeCacheReader, 'list'>;
}

/** The networks found, and the sources that could not be read (reported, never fatal for the others). */
export interface FoundNetworks {
  confs: NetConf[];
  problems: Array<{ source: string; error: unknown }>;
}

/**
 * findMultiNicNetworks lists every multi-nic-ipam network this node may serve: the conf files of the CNI conf dir
 * and the NADs in the node cache, one entry per network name (the first source wins; the same network is usually
 * declared by a NAD in several namespaces). A source that is not valid JSON is reported and skipped.
 */
export async function findMultiNicNetworks(s: NetworkSources): Promise<FoundNetworks> {
  const found: FoundNetworks = { confs: [], problems: [] };
  const seen = new Set<string>();
  const add = (text: string, source: string) => {
    try {
      for (const conf of readNetworkConfigs(text, source)) {
        if (seen.has(conf.name)) continue;
        seen.add(conf.name);
        found.confs.push(conf);
      }
    } catch (error) {
      found.problems.push({ source, error });
    }
  };
  const names = (await s.files.list(s.confDir)).filter((n) => /\.(conf|conflist)$/.test(n) && !n.startsWith('.') && n !== s.ignore);
  for (const name of names) {
    const text = await s.files.read(join(s.confDir, name));
    if (text !== undefined) add(text, `"${join(s.confDir, name)}"`);
  }
  const nads = await s.cache?.list<NetworkAttachmentDefinition>(NETWORK_ATTACHMENT_DEFINITIONS);
  if (nads?.kind === 'listed') {
    const sorted = [...nads.objects].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    for (const nad of sorted) {
      if (typeof nad.spec?.config === 'string' && nad.spec.config.includes('multi-nic-ipam')) add(nad.spec.config, `NAD ${nad.metadata.namespace}/${nad.metadata.name}`);
    }
  }
  return found;
}
