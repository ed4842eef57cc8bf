import type { CommandOutput, CommandRunner, RunOptions } from './command-runner';

/** A recorded call to the fake runner. */
export interface RecordedCall {
  file: string;
  args: string[];
  opts: RunOptions;
}

type Responder = (call: RecordedCall) => CommandOutput | Promise<CommandOutput>;

/**
 * FakeCommandRunner records calls and answers from a list of (matcher, responder) rules; the first matching rule
 * wins, and an unmatched call succeeds with empty output.
 */
export class FakeCommandRunner implements CommandRunner {
  readonly calls: RecordedCall[] = [];
  private readonly rules: Array<[(c: RecordedCall) => boolean, Responder]> = [];

  /** on adds a rule: when `match` (a predicate or a substring of "file args…") holds, answer with `respond`. */
  on(match: string | ((c: RecordedCall) => boolean), respond: Responder | Partial<CommandOutput>): this {
    const pred = typeof match === 'string' ? (c: RecordedCall) => commandLine(c).includes(match) : match;
    const fn: Responder = typeof respond === 'function' ? respond : () => ({ stdout: '', stderr: '', exitCode: 0, ...respond });
    this.rules.push([pred, fn]);
    return this;
  }

  async run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandOutput> {
    const call = { file, args: [...args], opts };
    this.calls.push(call);
    for (const [pred, fn] of this.rules) if (pred(call)) return fn(call);
    return { stdout: '', stderr: '', exitCode: 0 };
  }

  /** commandLines lists every call as one string, for assertions. */
  commandLines(): string[] {
    return this.calls.map(commandLine);
  }
}

/** commandLine joins a call into "file arg arg…". */
export function commandLine(c: RecordedCall): string {
  return [c.file, ...c.args].join(' ');
}
