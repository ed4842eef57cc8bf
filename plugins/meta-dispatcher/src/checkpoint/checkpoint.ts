// The checkpoint format has one home, @plexus/checkpoint, shared with cnictl (which lists, shows and purges
// checkpoints); this module keeps the dispatcher's import paths.
export { CHECKPOINT_KIND, CHECKPOINT_VERSION, type Checkpoint } from '@plexus/checkpoint';
