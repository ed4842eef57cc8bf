import { ExecaRunner } from '@plexus/exec';
import { createKubeClient, type KubeFs } from '@plexus/k8s';
import { buildComponents } from '../daemon/build-components';
import { runDaemon } from '../daemon/run-daemon';
import { NodeAgentFs } from '../agent-fs';
import { systemSleeper } from '../config/wait-for-primary';
import { AgentError } from '../errors';
import { runOnce } from '../once/run-once';
import { parseAgentArgs } from './parse-args';

/** What the process provides; injected so the CLI is testable without exiting. */
export interface ProcessContext {
  argv: string[];
  env: Record<string, string | undefined>;
  scriptDir: string;
  execPath: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Settles on SIGTERM/SIGINT (the daemon then stops cleanly). */
  stop: Promise<void>;
}

/**
 * runPlexusNode is the whole program: parse the contract CLI, run `--once` or the daemon, and turn every failure
 * into one line on stderr naming the thing at fault plus an exit code (never a stack trace for bad input).
 */
export async function runPlexusNode(ctx: ProcessContext): Promise<number> {
  try {
    const opts = parseAgentArgs(ctx.argv, ctx);
    const log = (line: string) => ctx.stderr(`plexus-node: ${line}\n`);
    const deps = {
      fs: new NodeAgentFs(),
      runner: new ExecaRunner(),
      env: ctx.env,
      sleeper: systemSleeper,
      makeClient: (kubeconfigPath: string, fs: KubeFs) => createKubeClient({ kubeconfigPath, fs, retries: 2, timeoutMs: 5000 }),
      log,
    };
    if (!opts.once) return await runDaemon({ ...deps, stop: ctx.stop, components: buildComponents(deps, opts) }, opts);
    const report = await runOnce(deps, opts);
    const changed = report.plugins.filter((p) => p.action !== 'unchanged').map((p) => `${p.name} (${p.action})`);
    log(`installed into ${opts.cniBinDir}: ${changed.length ? changed.join(', ') : 'all up to date'}`);
    log(`wrote ${report.kubeconfigPath} and ${report.confPath}`);
    return 0;
  } catch (e) {
    ctx.stderr(`plexus-node: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof AgentError ? e.exitCode : 1;
  }
}
