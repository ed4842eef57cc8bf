import { isValidNetworkName, validateContainerId, validateIfName } from '@plexus/cni-spec';
import type { RuntimeConf } from '@plexus/conflist';
import { CnictlError } from './errors';

/**
 * validateNetworkName refuses a network name libcni would refuse (`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`) before any
 * config is looked up: the name becomes part of the cache file name, so `..` or `/` would point outside the cache.
 */
export function validateNetworkName(name: string): void {
  if (!isValidNetworkName(name)) throw new CnictlError(`invalid network name "${name}": must match ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`);
}

/**
 * validateAttachment applies libcni's checks (container id, ifname; the network name is checked on the request)
 * to every command that works on an attachment, before any plugin runs or any cache path is built: libcni checks
 * them on ADD only, and a CNI_IFNAME like `x/../../etc/passwd` made DEL remove a file outside the cache dir.
 */
export function validateAttachment(rt: Pick<RuntimeConf, 'containerId' | 'ifName'>): void {
  validateContainerId(rt.containerId);
  validateIfName(rt.ifName);
}
