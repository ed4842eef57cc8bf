import type { AttachmentPlan } from '../plan/attachment-plan';
import type { PodIdentity } from '../plan/network-request';

/** The `kind` of a checkpoint file; anything else in the cache dir is not ours. */
export const CHECKPOINT_KIND = 'plexus.meta-dispatcher/checkpoint';
/** The format version; a reader refuses versions it does not know rather than guess. */
export const CHECKPOINT_VERSION = 1;

/**
 * A pod's checkpoint: the whole plan, written before the first reservation or delegate and updated as reservations,
 * renders and the ADD complete. DEL, CHECK and GC work from it alone (never recomputed from the API: what the
 * pod got is what is undone, even if a NAD changed since).
 */
export interface Checkpoint extends AttachmentPlan {
  kind: typeof CHECKPOINT_KIND;
  version: typeof CHECKPOINT_VERSION;
  containerId: string;
  netns: string;
  /** CNI_IFNAME of the ADD (the primary interface). */
  ifName: string;
  /** The dispatcher config's cniVersion. */
  cniVersion: string;
  pod?: PodIdentity;
  /** `planned`: ADD in progress (or killed); `added`: ADD completed and every attachment has its result. */
  phase: 'planned' | 'added';
}
