import { invalidConfig, type NetConf } from '@plexus/cni-spec';

/** An attachment the runtime still considers valid (GC input). */
export interface Attachment {
  containerID: string;
  ifname: string;
}

/**
 * readValidAttachments reads `cni.dev/valid-attachments`, falling back to the spec-v1.1.0 tag's
 * `cni.dev/attachments` (libcni ≥ 1.2.3 sends both). Absent means "none valid".
 */
export function readValidAttachments(conf: NetConf): Attachment[] {
  const raw = conf['cni.dev/valid-attachments'] ?? conf['cni.dev/attachments'] ?? [];
  if (!Array.isArray(raw)) throw invalidConfig('cni.dev/valid-attachments', 'must be a list');
  return raw.map((a, i) => {
    const o = a as Record<string, unknown>;
    if (typeof o?.containerID !== 'string' || typeof o?.ifname !== 'string') {
      throw invalidConfig(`cni.dev/valid-attachments[${i}]`, 'needs string "containerID" and "ifname"');
    }
    return { containerID: o.containerID, ifname: o.ifname };
  });
}
