import { invalidConfig, type NetConf } from '@plexus/cni-spec';
import { readIpamSection, readString } from '@plexus/ipam-config';
import { join } from 'node:path';
import { DEFAULT_DATA_DIR } from './multi-nic-config';

/**
 * readStoreDir finds `<dataDir>/<network>` and nothing else. DEL and GC use it instead of the full config check, so
 * that an attachment whose ADD failed on a bad request (a master outside the pool, say) can still be deleted: a
 * DEL that fails for the same reason as the ADD leaves the pod stuck terminating (multi-nic-cni#69).
 */
export function readStoreDir(conf: NetConf): string {
  const ipam = readIpamSection(conf);
  const dataDir = readString(ipam.dataDir, 'ipam.dataDir') || DEFAULT_DATA_DIR;
  if (!dataDir.startsWith('/')) throw invalidConfig('ipam.dataDir', `"${dataDir}" must be an absolute path`);
  return join(dataDir, conf.name);
}
