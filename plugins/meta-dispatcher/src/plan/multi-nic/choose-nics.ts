import { DispatcherCode, dispatcherError } from '../../errors/dispatcher-errors';
import type { NetworkRequest, PodIdentity } from '../network-request';
import type { HostNic } from './select-pool-nics';

/**
 * chooseNics applies a multi-NIC request to the host pool (pure): named `masters` (each must be in the pool, in the
 * order asked), the first `nics` of the pool, or the whole pool. Too few NICs, or a name outside the pool, is code
 * 103 naming pod, network and field.
 */
export function chooseNics(multiNic: NonNullable<NetworkRequest['multiNic']>, pool: readonly HostNic[], network: string, pod?: PodIdentity): string[] {
  const s = { pod, network };
  const names = pool.map((n) => n.name);
  const described = names.length ? names.join(', ') : 'none';
  if (multiNic.masters) {
    return multiNic.masters.map((m, i) => {
      if (!names.includes(m)) throw dispatcherError(DispatcherCode.NicPoolTooSmall, `invalid masters[${i}]`, s, `NIC "${m}" is not in this host's multi-NIC pool (${described})`);
      return m;
    });
  }
  if (multiNic.nics !== undefined) {
    if (multiNic.nics > names.length) throw dispatcherError(DispatcherCode.NicPoolTooSmall, 'invalid nics', s, `asks for ${multiNic.nics} NICs but this host's pool has ${names.length} (${described})`);
    return names.slice(0, multiNic.nics);
  }
  if (names.length === 0) throw dispatcherError(DispatcherCode.NicPoolTooSmall, 'invalid masters', s, 'this host has no NIC in its multi-NIC pool (up, with an IPv4 address, off the default-route subnet)');
  return names;
}
