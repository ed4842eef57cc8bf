import { basename, dirname, join, resolve } from 'node:path';
import { MANIFEST_FILE } from './manifest';

/** manifestPath is where the manifest of a bin dir lives. */
export function manifestPath(binDir: string): string {
  return join(binDir, MANIFEST_FILE);
}

/** lockPath serializes installers working on the same bin dir (two `install` runs must not interleave). */
export function lockPath(binDir: string): string {
  return join(binDir, '.plexus-installed.lock');
}

/**
 * defaultFromDir finds dist/bin from where the CLI runs: the bundle lives in `<root>/dist/tools/`, the sources in
 * `<root>/tools/src/cli/`; anything else falls back to `./dist/bin` under the working directory.
 */
export function defaultFromDir(scriptDir: string, cwd: string): string {
  const dir = resolve(scriptDir);
  if (basename(dir) === 'tools' && basename(dirname(dir)) === 'dist') return join(dirname(dir), 'bin');
  if (basename(dir) === 'cli' && basename(dirname(dir)) === 'src' && basename(dirname(dirname(dir))) === 'tools') {
    return join(dirname(dirname(dirname(dir))), 'dist', 'bin');
  }
  return join(cwd, 'dist', 'bin');
}
