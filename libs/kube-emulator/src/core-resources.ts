import type { ResourceInfo } from './types';

/** The core/v1 kinds the emulator serves (namespaced or cluster-scoped as in a real cluster). */
export const CORE_RESOURCES: ResourceInfo[] = [
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, subresources: ['status'] },
  { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true, subresources: ['status'] },
  { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false, subresources: ['status'] },
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, subresources: ['status'] },
];

/** Custom resources the project uses, known up front so their kinds and scope are right without registration. */
export const WELL_KNOWN_CUSTOM_RESOURCES: ResourceInfo[] = [
  { group: 'k8s.cni.cncf.io', version: 'v1', plural: 'network-attachment-definitions', kind: 'NetworkAttachmentDefinition', namespaced: true },
];
