// The runtime of one delegate call is shared with the checkpoint replay in @plexus/checkpoint.
export { runtimeOf, type Sandbox } from '@plexus/checkpoint';
