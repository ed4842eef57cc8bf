export * from './types';
export * from './kube-client';
export * from './errors';
export * from './create-kube-client';
export * from './clock';
export * from './kube-fs';
// The grammar lives in the pure libs/kube-model (the API emulator shares it); re-exported for callers of this lib.
export { matchesLabelSelector, parseLabelSelector, type LabelRequirement } from '@plexus/kube-model';
export * from './describe-object';
export * from './kubeconfig-source';
export * from './api-call-counter';
export * from './kube-watcher';
