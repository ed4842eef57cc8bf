export * from './command-runner';
export * from './execa-runner';
