export * from './command-runner';
export * from './execa-runner';
export * from './spawn-runner';
