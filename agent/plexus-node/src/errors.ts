/** Why plexus-node stopped; each kind maps to one exit code so an init container's logs and status agree. */
export type AgentErrorKind = 'usage' | 'input' | 'api' | 'timeout';

const EXIT_CODES: Record<AgentErrorKind, number> = { usage: 2, input: 3, api: 4, timeout: 5 };

/**
 * AgentError is a failure reported on purpose: the message names the flag, file or field at fault and is printed
 * as is (no stack trace); `exitCode` is what `--once` exits with.
 */
export class AgentError extends Error {
  override name = 'AgentError';
  readonly exitCode: number;
  constructor(
    readonly kind: AgentErrorKind,
    message: string,
  ) {
    super(message);
    this.exitCode = EXIT_CODES[kind];
  }
}
