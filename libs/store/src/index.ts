export * from './file-store';
export * from './node-file-store';
export * from './bounded-file-name';
