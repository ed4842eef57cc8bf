export * from './find-checkpoint';
export * from './list-checkpoints';
export * from './purge-checkpoint';
