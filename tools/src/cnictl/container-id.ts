import { createHash } from 'node:crypto';

/**
 * containerIdForNetns derives the container id the way cnitool does: "cnitool-" + the first 10 bytes (20 hex
 * digits) of sha512(absolute netns path). The same netns path always gives the same id, which is what lets a later
 * DEL or CHECK find the ADD's cache file.
 */
export function containerIdForNetns(absNetnsPath: string): string {
  return `cnitool-${createHash('sha512').update(absNetnsPath).digest('hex').slice(0, 20)}`;
}
