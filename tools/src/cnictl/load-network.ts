import { extname, join } from 'node:path';
import { parseConfList, parsePluginConfig, wrapSingleConf, type NetworkConfigList, type PluginConfig } from '@plexus/conflist';
import type { FileStore } from '@plexus/store';
import { CnictlError } from './errors';

type ConfReader = Pick<FileStore, 'list' | 'read'>;

/**
 * loadNetworkList finds network `name` in `dir` as libcni's LoadNetworkConf does: `*.conflist` in lexical order,
 * first whose name matches (unless `loadOnlyInlinedPlugins`, plugin objects from `<dir>/<name>/*.conf` are
 * appended); else `*.conf`/`*.json` single-plugin configs, wrapped into a list. A file that does not parse on
 * the way is an error, as in libcni.
 */
export async function loadNetworkList(fs: ConfReader, dir: string, name: string): Promise<NetworkConfigList> {
  const lists = await readConfFiles(fs, dir, ['.conflist']);
  for (const { path, text } of lists) {
    const list = withFileContext(path, () => parseConfList(text));
    if (list.name !== name) continue;
    if (!list.loadOnlyInlinedPlugins) list.plugins.push(...(await loadPluginDir(fs, join(dir, name))));
    if (list.plugins.length === 0) throw new CnictlError(`${path}: no plugin configs found`);
    return list;
  }
  const singles = await readConfFiles(fs, dir, ['.conf', '.json']);
  if (singles.length === 0) {
    throw new CnictlError(lists.length ? `no net configuration with name "${name}" in ${dir}` : `no net configurations found in ${dir}`);
  }
  for (const { path, text } of singles) {
    const conf = withFileContext(path, () => parsePluginConfig(text));
    if (conf.raw.name === name) return wrapSingleConf(conf);
  }
  throw new CnictlError(`no net configuration with name "${name}" in ${dir}`);
}

/** loadPluginDir reads the extra plugin objects of a network from `<dir>/<name>/*.conf`, in lexical order. */
async function loadPluginDir(fs: ConfReader, dir: string): Promise<PluginConfig[]> {
  const files = await readConfFiles(fs, dir, ['.conf']);
  return files.map(({ path, text }) => withFileContext(path, () => parsePluginConfig(text)));
}

async function readConfFiles(fs: ConfReader, dir: string, exts: string[]): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of [...(await fs.list(dir))].sort()) {
    if (!exts.includes(extname(entry))) continue;
    const path = join(dir, entry);
    let text: string | undefined;
    try {
      text = await fs.read(path);
    } catch (e) {
      // A directory named like a config file is skipped, as libcni's ConfFiles skips directories.
      if ((e as NodeJS.ErrnoException).code === 'EISDIR') continue;
      throw new CnictlError(`error reading ${path}: ${(e as Error).message}`);
    }
    if (text !== undefined) out.push({ path, text });
  }
  return out;
}

function withFileContext<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new CnictlError(`${path}: ${(e as Error).message}`);
  }
}
