// The surface the dispatcher core uses: config parsing, the one resolver, the DANM IPAM and the renderers.
export * from '../config/dispatcher-config';
export * from '../config/parse-dispatcher-config';
export { matchesNicPattern } from '../config/parse-multi-nic-options';
export * from '../errors/dispatcher-errors';
export * from './resolve-context';
export * from './source-deps';
export * from './resolve-networks';
export { readPodIdentity } from './pod-identity';
export { CRI_POD_ANNOTATIONS, loadPodAnnotations, type PodAnnotations } from './pod-annotations';
export { NETWORKS_ANNOTATION, DEFAULT_NETWORK_ANNOTATION } from './multus/network-selection';
export * from '../plan/danm-network';
export { allocateDanmIps, type DanmAllocation, type DanmIpamOptions } from '../reserve/danm/allocate-danm-ips';
export { releaseDanmIps } from '../reserve/danm/release-danm-ips';
export type { DanmIpPair } from '../reserve/danm/plan-allocation';
export { renderDanmConfList } from '../reserve/danm-render/render-danm-conf-list';
export { renderDanmDelegate, type RenderDanmOptions } from '../reserve/danm-render/render-danm-delegate';
export { renderDanmStaticDelegate } from '../reserve/danm-render/render-danm-static-delegate';
export { renderDockinDelegate } from './dockin/render-dockin-delegate';
