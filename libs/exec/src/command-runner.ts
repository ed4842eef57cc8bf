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
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
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
