import { basename } from 'node:path';
import type { CheckpointStore } from '@plexus/checkpoint';

/** One line of `cnictl checkpoints list`. */
export interface CheckpointRow {
  file: string;
  containerId?: string;
  pod?: string;
  phase?: 'planned' | 'added';
  netns?: string;
  attachments?: string[];
  reservations?: number;
  /** Why the file cannot be read (then only `file` is known). */
  unreadable?: string;
}

/** listCheckpoints summarises every checkpoint file of the dir, damaged ones included (sorted by file name). */
export async function listCheckpoints(store: CheckpointStore): Promise<CheckpointRow[]> {
  return (await store.readEntries()).map((e) => {
    if (!('checkpoint' in e)) return { file: basename(e.path), unreadable: e.error.details ?? e.error.message };
    const cp = e.checkpoint;
    const row: CheckpointRow = {
      file: basename(e.path),
      containerId: cp.containerId,
      phase: cp.phase,
      netns: cp.netns,
      attachments: cp.attachments.map((a) => `${a.ifName}=${a.network}`),
      reservations: cp.reservations.length,
    };
    if (cp.pod) row.pod = `${cp.pod.namespace}/${cp.pod.name}`;
    return row;
  });
}

/** renderCheckpointList prints the rows as a table (one line each; ids over 64 characters are shortened). */
export function renderCheckpointList(rows: readonly CheckpointRow[]): string {
  const lines = [['CONTAINER', 'POD', 'PHASE', 'INTERFACES', 'FILE']];
  for (const r of rows) {
    if (r.unreadable) lines.push(['?', '?', 'UNREADABLE', r.unreadable, r.file]);
    else lines.push([shorten(r.containerId ?? ''), r.pod ?? '-', r.phase ?? '', (r.attachments ?? []).join(',') || '-', r.file]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

function shorten(id: string): string {
  return id.length > 64 ? `${id.slice(0, 61)}...` : id;
}
