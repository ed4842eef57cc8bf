export * from './delegator';
export * from './find-in-path';
export * from './in-process';
export * from './parse-output';
export * from './plugin-delegator';
export * from './log-delegate-calls';
