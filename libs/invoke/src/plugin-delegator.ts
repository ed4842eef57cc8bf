import { CniCode, CniError, type Result } from '@plexus/cni-spec';
import { ExecError, type CommandRunner } from '@plexus/exec';
import type { Env, InProcessPlugin } from '@plexus/skel';
import type { DelegateRequest, Delegator } from './delegator';
import { findInPath } from './find-in-path';
import { loadInProcessPlugin } from './in-process';
import { errorFromOutcome, resultFromOutcome, type RawOutcome } from './parse-output';

export interface PluginDelegatorOptions {
  runner: CommandRunner;
  /** Load Plexus bundles in-process (default true; env PLEXUS_DELEGATE_MODE=exec turns it off per call). */
  inProcess?: boolean;
  /** Test seams. */
  findPlugin?: (type: string, dirs: readonly string[]) => string;
  loadPlugin?: (path: string) => InProcessPlugin | undefined;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const BUSY_RETRIES = 5;

/** PluginDelegator finds delegates in CNI_PATH and runs them in-process when they are Plexus bundles. */
export class PluginDelegator implements Delegator {
  constructor(private readonly opts: PluginDelegatorOptions) {}

  async add(req: Omit<DelegateRequest, 'command'>): Promise<Result> {
    const out = await this.invoke({ ...req, command: 'ADD' });
    if (out.exitCode !== 0) throw errorFromOutcome(req.type, out);
    return resultFromOutcome(req.type, out, requestVersion(req.stdin));
  }

  async run(req: DelegateRequest): Promise<void> {
    const out = await this.invoke(req);
    if (out.exitCode !== 0) throw errorFromOutcome(req.type, out);
  }

  private async invoke(req: DelegateRequest): Promise<RawOutcome> {
    const env = delegateEnv(req);
    const dirs = (env.CNI_PATH ?? '').split(':').filter(Boolean);
    const path = (this.opts.findPlugin ?? findInPath)(req.type, dirs);
    const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const useInProcess = (this.opts.inProcess ?? true) && env.PLEXUS_DELEGATE_MODE !== 'exec';
    const plugin = useInProcess ? (this.opts.loadPlugin ?? loadInProcessPlugin)(path) : undefined;
    const out = plugin ? await withTimeout(plugin.invoke(env, req.stdin), timeoutMs, req) : await this.exec(path, env, req, timeoutMs);
    if (out.stderr) req.onStderr?.(out.stderr);
    return out;
  }

  private async exec(path: string, env: Env, req: DelegateRequest, timeoutMs: number): Promise<RawOutcome> {
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.opts.runner.run(path, [], { input: req.stdin, env, timeoutMs });
      } catch (e) {
        // A binary being replaced (installer's rename, or a copy still open) gives ETXTBSY: libcni retries 5× 1 s.
        if (e instanceof ExecError && e.reason === 'busy' && attempt < BUSY_RETRIES) {
          await sleep(1000);
          continue;
        }
        if (e instanceof ExecError && e.reason === 'timeout') throw timeoutError(req, timeoutMs);
        if (e instanceof ExecError) throw new CniError(CniCode.Internal, `failed to run plugin "${req.type}"`, e.message);
        throw e;
      }
    }
  }
}

/** delegateEnv is the caller's env with CNI_COMMAND (and any requested CNI_* overrides) replaced. */
export function delegateEnv(req: DelegateRequest): Env {
  const env: Env = { ...req.env, CNI_COMMAND: req.command };
  if (req.ifName !== undefined) env.CNI_IFNAME = req.ifName;
  if (req.containerId !== undefined) env.CNI_CONTAINERID = req.containerId;
  if (req.netns !== undefined) env.CNI_NETNS = req.netns;
  if (req.cniArgs !== undefined) env.CNI_ARGS = req.cniArgs;
  return env;
}

function requestVersion(stdin: string): string {
  try {
    const v = (JSON.parse(stdin) as { cniVersion?: unknown }).cniVersion;
    return typeof v === 'string' && v ? v : '0.1.0';
  } catch {
    return '1.1.0';
  }
}

function timeoutError(req: DelegateRequest, ms: number): CniError {
  return new CniError(CniCode.TryAgainLater, `plugin "${req.type}" timed out`, `${req.command} took longer than ${ms} ms`);
}

async function withTimeout<T>(p: Promise<T>, ms: number, req: DelegateRequest): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeoutError(req, ms)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
