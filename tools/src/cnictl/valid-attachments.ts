import type { GcAttachment } from '@plexus/conflist';
import { CnictlError } from './errors';

/** parseValidAttachments reads `--valid containerID/ifname,…`. */
export function parseValidAttachments(spec: string | undefined): GcAttachment[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec.split(',').map((item) => {
    const [containerID, ifname, ...rest] = item.trim().split('/');
    if (!containerID || !ifname || rest.length) throw new CnictlError(`--valid: "${item}" is not containerID/ifname`);
    return { containerID, ifname };
  });
}
