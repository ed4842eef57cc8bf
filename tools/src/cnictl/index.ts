// cnictl's own parts; the list engine (loading a list, ADD/CHECK/DEL/STATUS/GC, the result cache) is @plexus/conflist.
export * from './errors';
export * from './container-id';
export * from './load-network';
export * from './valid-attachments';
export * from './settings';
export * from './run-cnictl';
export * from './validate-attachment';
export * from './checkpoints';
