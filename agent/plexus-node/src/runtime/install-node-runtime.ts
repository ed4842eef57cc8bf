import { join } from 'node:path';
import { AgentError } from '../errors';
import type { AgentFs } from '../agent-fs';
import { RUNTIME_DIR_NAME } from '../options';

/** runtimePathIn is where the shared Node runtime lives in a bin dir; bundles' shebangs point at it. */
export function runtimePathIn(binDir: string): string {
  return join(binDir, RUNTIME_DIR_NAME, 'node');
}

/**
 * installNodeRuntime copies one Node binary beside the plugins (atomically, 0755), so every bundle runs on a host
 * without Node through an absolute shebang: one ~95 MiB runtime per node instead of one per self-contained plugin.
 * Unchanged bytes are not rewritten (a DaemonSet restart must not churn the file a running plugin has open).
 */
export async function installNodeRuntime(fs: AgentFs, source: string, binDir: string): Promise<{ path: string; action: 'installed' | 'unchanged' }> {
  const bytes = await fs.readBytes(source);
  if (bytes === undefined) throw new AgentError('input', `node runtime "${source}" does not exist (--node-runtime)`);
  const target = runtimePathIn(binDir);
  const current = await fs.readBytes(target);
  if (current !== undefined && current.equals(bytes)) return { path: target, action: 'unchanged' };
  await fs.mkdirp(join(binDir, RUNTIME_DIR_NAME), 0o755);
  await fs.writeAtomic(target, bytes, 0o755);
  return { path: target, action: 'installed' };
}
