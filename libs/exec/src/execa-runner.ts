import type { CommandOutput, CommandRunner, RunOptions } from './command-runner';
import { ExecError } from './command-runner';

import type * as ExecaNs from 'execa';

type ExecaModule = typeof ExecaNs;
let execaModule: Promise<ExecaModule> | undefined;

/** loadExeca imports execa on first use only, so plugins that never start a process don't pay for it. */
function loadExeca(): Promise<ExecaModule> {
  execaModule ??= import('execa');
  return execaModule;
}

/** ExecaRunner is the production CommandRunner. */
export class ExecaRunner implements CommandRunner {
  async run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandOutput> {
    const { execa } = await loadExeca();
    const r = await execa(file, args, {
      input: opts.input ?? '',
      env: opts.env,
      extendEnv: opts.env === undefined,
      timeout: opts.timeoutMs,
      cwd: opts.cwd,
      reject: false,
      stripFinalNewline: false,
      encoding: 'utf8',
    });
    if (r.timedOut) throw new ExecError(`${file} timed out after ${opts.timeoutMs} ms`, file, 'timeout');
    if (r.exitCode === undefined) {
      const code = (r as { code?: string }).code;
      if (code === 'ENOENT') throw new ExecError(`${file}: not found`, file, 'not-found');
      if (code === 'EACCES') throw new ExecError(`${file}: permission denied`, file, 'not-executable');
      if (code === 'ETXTBSY') throw new ExecError(`${file}: text file busy`, file, 'busy');
      if (r.signal) throw new ExecError(`${file} was killed by ${r.signal}`, file, 'killed');
      throw new ExecError(`${file} could not run: ${r.message}`, file, 'other');
    }
    return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode };
  }
}

const _check: CommandRunner = new ExecaRunner();
void _check;
