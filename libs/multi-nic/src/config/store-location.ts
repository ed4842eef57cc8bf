import { readAbsolutePath, type NetConf } from '@plexus/cni-spec';
import { readIpamSection } from '@plexus/ipam-config';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_DATA_DIR } from './multi-nic-config';

/** Network names up to this many bytes are their own directory name (every name the store has used so far). */
const MAX_PLAIN_DIR_BYTES = 128;

/**
 * networkDir is `<dataDir>/<network>`. A longer name (the spec sets no limit; a file name over 255 bytes is
 * ENAMETOOLONG, which made even the DEL of a never-added attachment fail) becomes its first 64 characters plus a
 * hash of the whole name: still one directory per network, still readable at a glance.
 */
export function networkDir(dataDir: string, network: string): string {
  if (Buffer.byteLength(network) <= MAX_PLAIN_DIR_BYTES) return join(dataDir, network);
  return join(dataDir, `${network.slice(0, 64)}.${createHash('sha256').update(network).digest('hex').slice(0, 32)}`);
}

/**
 * readStoreDir finds `<dataDir>/<network>` and nothing else. DEL and GC use it instead of the full config check, so
 * that an attachment whose ADD failed on a bad request (a master outside the pool, say) can still be deleted: a
 * DEL that fails for the same reason as the ADD leaves the pod stuck terminating (multi-nic-cni#69).
 */
export function readStoreDir(conf: NetConf): string {
  const ipam = readIpamSection(conf);
  const dataDir = readAbsolutePath(ipam.dataDir, 'ipam.dataDir') ?? DEFAULT_DATA_DIR;
  return networkDir(dataDir, conf.name);
}
