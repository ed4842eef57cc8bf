/** What a finished command produced. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** Text fed to the command's stdin. */
  input?: string;
  /** Environment to run with (replaces, does not extend, the parent's). */
  env?: Record<string, string | undefined>;
  /**
   * Kill the command after this many milliseconds. SpawnRunner makes it a hard bound: the command runs in its own
   * process group, which gets SIGTERM at the timeout and SIGKILL `killGraceMs` later, and the run ends then even if
   * a grandchild still holds the output pipes.
   */
  timeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL after a timeout (default 500 ms). */
  killGraceMs?: number;
  cwd?: string;
}

/**
 * CommandRunner starts processes. `run` resolves with the output whatever the exit code (callers decide what a
 * non-zero exit means); it rejects with ExecError only when the command could not run at all or timed out.
 */
export interface CommandRunner {
  run(file: string, args: readonly string[], opts?: RunOptions): Promise<CommandOutput>;
}

/** ExecError: the command could not be started, was killed, or timed out. */
export class ExecError extends Error {
  override name = 'ExecError';
  constructor(
    message: string,
    readonly file: string,
    readonly reason: 'not-found' | 'not-executable' | 'busy' | 'timeout' | 'killed' | 'other',
  ) {
    super(message);
  }
}
