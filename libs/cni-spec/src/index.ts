export * from './versions';
export * from './errors';
export * from './result';
export * from './convert-result';
export * from './netconf';
export * from './cni-args';
export * from './names';
export * from './paths';
