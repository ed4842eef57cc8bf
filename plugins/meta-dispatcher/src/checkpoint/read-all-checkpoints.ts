// Reading every checkpoint past damaged ones lives in @plexus/checkpoint, shared with cnictl.
export { readAllCheckpoints, type AllCheckpoints } from '@plexus/checkpoint';
