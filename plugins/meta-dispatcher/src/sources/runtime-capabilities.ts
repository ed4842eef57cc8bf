import { CRI_POD_ANNOTATIONS } from './pod-annotations';

/**
 * runtimeCapabilityArgs is what the primary network receives of the runtime's runtimeConfig: everything
 * (portMappings, bandwidth, ips…) except the pod annotations, which were passed for the dispatcher itself.
 */
export function runtimeCapabilityArgs(runtimeConfig: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(runtimeConfig ?? {}).filter(([k]) => k !== CRI_POD_ANNOTATIONS));
}
