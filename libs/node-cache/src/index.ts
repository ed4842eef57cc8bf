export * from './cache-layout';
export * from './node-cache-writer';
export * from './node-cache-reader';
export * from './cached-kube-client';
export * from './write-behind-protocol';
export * from './hand-off';
