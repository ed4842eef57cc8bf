export * from './types';
export * from './dispatch';
export * from './run-main';
export * from './required-env';
export * from './gc-args';
export * from './abandoned-work';
export * from './invocation-signal';
