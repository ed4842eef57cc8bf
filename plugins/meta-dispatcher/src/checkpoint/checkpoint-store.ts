// The store (one file per sandbox, hashed names for over-long ids) lives in @plexus/checkpoint, shared with cnictl.
export { CheckpointStore } from '@plexus/checkpoint';
