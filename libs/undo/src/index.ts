export * from './undo-stack';
