import { invalidConfig, type NetConf } from '@plexus/cni-spec';
import type { JsonObject } from '@plexus/json-fields';

/**
 * readIpamSection returns the config's `ipam` object. An IPAM plugin is handed its caller's whole config, and
 * without `ipam` there is nothing to answer (code 7 naming `ipam`; containernetworking/plugins#593 is the crash this
 * check avoids).
 */
export function readIpamSection(conf: NetConf): JsonObject {
  const ipam = conf.ipam;
  if (ipam === undefined || ipam === null) throw invalidConfig('ipam', 'missing: an IPAM plugin needs the "ipam" section of its config');
  // decodeNetConf already refused a non-object ipam.
  return ipam as JsonObject;
}
