import { canonicalCidr, canonicalIp } from '@plexus/ip';
import type { Result } from '@plexus/cni-spec';
import type { PlannedAttachment } from '../plan/attachment-plan';

/** What differs between the request and the result, and which request field it is about. */
export interface RequestProblem {
  field: 'ips' | 'mac';
  text: string;
}

/**
 * requestProblem compares what the pod asked for with what the delegate returned (pure) and says what differs, or
 * undefined. Multus passes `ips`/`mac` on and never looks (NPWG spec §4.1.2.1.3.2 says it must); here an address
 * asked with a prefix must come back with that prefix, one without only needs the address. Addresses count when
 * they belong to the attachment's interface (or name no interface). `kernelMac` is the link's MAC when the result
 * does not report one.
 */
export function requestProblem(att: Pick<PlannedAttachment, 'ifName' | 'requested' | 'fixedAddresses'>, result: Result, kernelMac?: string): RequestProblem | undefined {
  const iface = interfaceIndexOf(result, att.ifName);
  const got = (result.ips ?? []).filter((ip) => ip.interface === undefined || ip.interface === iface).map((ip) => ip.address);
  const wanted = [...(att.requested.ips ?? []), ...(att.fixedAddresses ?? []).map((a) => a.address)];
  for (const want of wanted) {
    if (!got.some((g) => sameAddress(want, g))) {
      return { field: 'ips', text: `asked for address ${want} but the delegate configured ${got.length ? got.join(', ') : 'no address'} on ${att.ifName}` };
    }
  }
  if (att.requested.mac) {
    const mac = (iface >= 0 ? result.interfaces![iface]!.mac : undefined) ?? kernelMac;
    if (!mac || mac.toLowerCase() !== att.requested.mac.toLowerCase()) {
      return { field: 'mac', text: `asked for MAC ${att.requested.mac} but ${att.ifName} has ${mac ?? 'no reported MAC'}` };
    }
  }
  return undefined;
}

/** needsKernelMac tells whether requestProblem would need the link's MAC from the kernel. */
export function needsKernelMac(att: Pick<PlannedAttachment, 'ifName' | 'requested'>, result: Result): boolean {
  const iface = interfaceIndexOf(result, att.ifName);
  return att.requested.mac !== undefined && (iface < 0 || !result.interfaces![iface]!.mac);
}

/** interfaceIndexOf finds the result's sandbox interface of that name (-1 when the result lists none). */
export function interfaceIndexOf(result: Result, ifName: string): number {
  const all = result.interfaces ?? [];
  const inSandbox = all.findIndex((i) => i.name === ifName && !!i.sandbox);
  return inSandbox >= 0 ? inSandbox : all.findIndex((i) => i.name === ifName);
}

function sameAddress(want: string, got: string): boolean {
  if (want.includes('/')) return canonicalCidr(want) !== undefined && canonicalCidr(want) === canonicalCidr(got);
  return canonicalIp(want) !== undefined && canonicalIp(want) === canonicalIp(got.split('/')[0]!);
}
