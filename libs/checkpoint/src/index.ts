export * from './checkpoint-types';
export * from './parse-checkpoint';
export * from './checkpoint-store';
export * from './read-all-checkpoints';
export * from './runtime-of';
export * from './replay-checkpoint-del';
