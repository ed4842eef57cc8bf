export * from './file-store';
export * from './node-file-store';
