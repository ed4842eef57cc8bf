import { CHECKPOINT_KIND, CHECKPOINT_VERSION, type Checkpoint, type PlannedAttachment } from './checkpoint-types';

/** checkpointOf builds a valid `added` checkpoint for tests, with the given attachments (and overrides). */
export function checkpointOf(containerId: string, attachments: PlannedAttachment[], over: Partial<Checkpoint> = {}): Checkpoint {
  return {
    kind: CHECKPOINT_KIND,
    version: CHECKPOINT_VERSION,
    containerId,
    netns: '/var/run/netns/test',
    ifName: 'eth0',
    cniVersion: '1.1.0',
    phase: 'added',
    attachments,
    reservations: [],
    ...over,
  };
}

/** attachmentOf builds a planned attachment for tests; `config` is the conflist bytes it ran with (none = never ran). */
export function attachmentOf(index: number, ifName: string, config?: string, over: Partial<PlannedAttachment> = {}): PlannedAttachment {
  return {
    index,
    ifName,
    network: 'n',
    source: 'multus',
    isPrimary: index === 0,
    cniArgs: [],
    capabilityArgs: {},
    requested: {},
    ...(config ? { config } : {}),
    ...over,
  };
}
