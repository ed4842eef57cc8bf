export * from './logger';
export * from './log-options';
export * from './rotate-log-file';
