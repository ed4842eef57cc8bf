import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { CniCode, CniError } from '@plexus/cni-spec';

/**
 * findInPath returns the first executable file named `type` in the CNI_PATH directories. A type with a path
 * separator is refused (SPEC: "type" is a binary name), so a config cannot make us run an arbitrary file.
 */
export function findInPath(type: string, dirs: readonly string[]): string {
  if (!type || /[/\\]/.test(type) || type === '.' || type === '..') {
    throw new CniError(CniCode.InvalidConfig, 'invalid plugin type', `"${type}" is not a plain binary name`);
  }
  if (dirs.length === 0) throw new CniError(CniCode.InvalidEnvironment, 'required env variables [CNI_PATH] missing', `needed to find plugin "${type}"`);
  for (const dir of dirs) {
    const p = join(dir, type);
    try {
      if (statSync(p).isFile()) {
        accessSync(p, constants.X_OK);
        return p;
      }
    } catch {
      // Not here (or not executable): keep looking, as Go's FindInPath does.
    }
  }
  throw new CniError(CniCode.InvalidConfig, `failed to find plugin "${type}" in path`, `[${dirs.join(' ')}]`);
}
