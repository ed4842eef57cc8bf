export * from './elf64';
export * from './elf-notes';
export * from './inject-elf-note';
export * from './sea-fuse';
export * from './sea-main';
export * from './build-sea';
export * from './measure-startup';
