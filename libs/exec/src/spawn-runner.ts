import { spawn } from 'node:child_process';
import type { CommandOutput, CommandRunner, RunOptions } from './command-runner';
import { ExecError } from './command-runner';

/**
 * SpawnRunner is a CommandRunner on bare `node:child_process`, with ExecaRunner's contract (output whatever the
 * exit code; ExecError for not-found, not-executable, busy, timeout, killed). It exists for plugins on the hot
 * path: execa and its dependencies are ~270 KB of a bundle, which every plugin start must load (about 0.3 s
 * under qemu TCG), and each of its runs costs more than a bare spawn. Plugins that import only SpawnRunner get
 * no execa in their bundle.
 */
export class SpawnRunner implements CommandRunner {
  run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandOutput> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let timedOut = false;
      const timers: NodeJS.Timeout[] = [];
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        fn();
      };
      const timed = opts.timeoutMs !== undefined;
      // With a timeout the command leads its own process group, so the timeout reaches what it started too (a
      // shell's `sleep`), not only the command: killing the command alone left its children holding our pipes.
      const child = spawn(file, [...args], { env: opts.env as NodeJS.ProcessEnv | undefined, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: timed });
      const timeoutError = (): ExecError => new ExecError(`${file} timed out after ${opts.timeoutMs} ms`, file, 'timeout');
      if (timed) {
        timers.push(
          setTimeout(() => {
            timedOut = true;
            killGroup(child.pid, 'SIGTERM');
            timers.push(
              setTimeout(() => {
                killGroup(child.pid, 'SIGKILL');
                // SIGKILL cannot be ignored, but a grandchild that left the group could still hold the pipes: the
                // run ends now whatever they do.
                child.stdout.destroy();
                child.stderr.destroy();
                settle(() => reject(timeoutError()));
              }, opts.killGraceMs ?? 500),
            );
          }, opts.timeoutMs),
        );
      }
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => stdout.push(d));
      child.stderr.on('data', (d: Buffer) => stderr.push(d));
      // A command that exits without reading its stdin makes our write fail with EPIPE: not an error of the run.
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input ?? '');
      child.on('error', (e: NodeJS.ErrnoException) => settle(() => reject(spawnError(file, e))));
      child.on('close', (code, signal) =>
        settle(() => {
          if (timedOut) return reject(timeoutError());
          if (code === null) return reject(new ExecError(`${file} was killed by ${signal ?? 'a signal'}`, file, 'killed'));
          resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: code });
        }),
      );
    });
  }
}

/** killGroup signals a process group led by `pid` (gone already is fine). */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group has exited.
  }
}

function spawnError(file: string, e: NodeJS.ErrnoException): ExecError {
  if (e.code === 'ENOENT') return new ExecError(`${file}: not found`, file, 'not-found');
  if (e.code === 'EACCES') return new ExecError(`${file}: permission denied`, file, 'not-executable');
  if (e.code === 'ETXTBSY') return new ExecError(`${file}: text file busy`, file, 'busy');
  return new ExecError(`${file} could not run: ${e.message}`, file, 'other');
}

const _check: CommandRunner = new SpawnRunner();
void _check;
