export * from './start-emulator';
export * from './types';
export * from './faults';
export * from './request-log';
export * from './object-store';
export * from './kubeconfig';
export * from './status';
export { ResourceRegistry } from './resource-registry';
export * from './loopback-tls';
