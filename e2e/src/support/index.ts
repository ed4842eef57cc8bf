/** Helpers shared by the e2e suites: throwaway netns, `ip -j`, built binaries in a temp CNI bin dir, a chain runner. */
export * from './workspace';
export * from './netns';
export * from './cni-bin';
export * from './exec-cni';
export * from './cni-chain';
export * from './process-group';
export * from './relay';
