import { join } from 'node:path';
import type { AgentFs } from '../agent-fs';
import { DISPATCHER_CONF_NAME } from '../options';
import { findPrimaryConfName } from './find-primary-conf';
import { parsePrimaryConf } from './parse-primary-conf';
import { renderDispatcherConf } from './render-dispatcher-conf';

/** What one reconcile pass of the dispatcher conf found. */
export type ConfReconcile =
  | { action: 'unchanged' | 'written'; primaryPath: string }
  | { action: 'no-primary' }
  | { action: 'invalid-primary'; error: Error };

/**
 * reconcileDispatcherConf rewrites `00-plexus.conflist` when what it should contain changed: another primary took
 * the first place, the primary's cniVersion or capabilities changed, or our file was removed or edited. An invalid
 * or missing primary leaves our conf as it is (pods keep working on the last good primary) and is reported.
 */
export async function reconcileDispatcherConf(fs: AgentFs, confDir: string, kubeconfigPath: string, nodeCacheDir?: string, checkpointDir?: string): Promise<ConfReconcile> {
  const name = findPrimaryConfName(await fs.list(confDir));
  if (name === undefined) return { action: 'no-primary' };
  const path = join(confDir, name);
  const text = await fs.read(path);
  if (text === undefined) return { action: 'no-primary' };
  let wanted: string;
  try {
    wanted = renderDispatcherConf({ primary: parsePrimaryConf(path, text), kubeconfigPath, nodeCacheDir, checkpointDir });
  } catch (e) {
    return { action: 'invalid-primary', error: e as Error };
  }
  const ours = join(confDir, DISPATCHER_CONF_NAME);
  if ((await fs.read(ours)) === wanted) return { action: 'unchanged', primaryPath: path };
  await fs.writeAtomic(ours, wanted, 0o644);
  return { action: 'written', primaryPath: path };
}
