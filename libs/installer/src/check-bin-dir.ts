import { InstallerError } from './errors';
import type { InstallerFs } from './installer-fs';

/** Options of checkBinDir. */
export interface BinDirOptions {
  /** `--create`: make the directory (0755) when it does not exist. */
  create?: boolean;
  /** The caller's uid, for a message that says why writing is refused (undefined: unknown). */
  uid?: number;
}

/**
 * checkBinDir runs before anything is written or locked (the lock file would create the directory): a bin dir that
 * does not exist is a usage error — a mistyped `--bin-dir` must not silently become a new directory the runtime
 * never looks in — unless `--create`; one this process cannot write to is a permission error that says what to do
 * (installing into a runtime's plugin dir needs root).
 */
export async function checkBinDir(fs: InstallerFs, binDir: string, opts: BinDirOptions = {}): Promise<void> {
  const state = await fs.dirState(binDir);
  if (state === 'not-dir') throw new InstallerError('usage', `--bin-dir "${binDir}" is not a directory`);
  if (state === 'absent') {
    if (!opts.create) throw new InstallerError('usage', `--bin-dir "${binDir}" does not exist (mistyped?); nothing was changed. Pass --create to create it`);
    try {
      await fs.mkdirp(binDir, 0o755);
    } catch (e) {
      throw permissionError(binDir, opts.uid, (e as Error).message);
    }
  }
  if (!(await fs.canWrite(binDir))) throw permissionError(binDir, opts.uid);
}

function permissionError(binDir: string, uid: number | undefined, cause?: string): InstallerError {
  const who = uid !== undefined && uid !== 0 ? ` as uid ${uid} (not root)` : '';
  return new InstallerError(
    'permission',
    `cannot write to "${binDir}"${who}${cause ? ` (${cause})` : ''}: installing CNI plugins needs root — run it with sudo, or pass a --bin-dir you own`,
  );
}
