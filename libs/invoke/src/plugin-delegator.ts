import { CniCode, CniError, type Result } from '@plexus/cni-spec';
import { ExecError, type CommandRunner } from '@plexus/exec';
import { abandonWork, DEADLINE_ENV, type Env, type InProcessPlugin } from '@plexus/skel';
import type { DelegateRequest, Delegator } from './delegator';
import { findInPath } from './find-in-path';
import { isPlexusBundle, loadInProcessPlugin } from './in-process';
import { errorFromOutcome, resultFromOutcome, type RawOutcome } from './parse-output';

export interface PluginDelegatorOptions {
  runner: CommandRunner;
  /** Load Plexus bundles in-process (default true; env PLEXUS_DELEGATE_MODE=exec turns it off per call). */
  inProcess?: boolean;
  /** Test seams. */
  findPlugin?: (type: string, dirs: readonly string[]) => string;
  loadPlugin?: (path: string) => InProcessPlugin | undefined;
  isPlexusBundle?: (path: string) => boolean;
  sleep?: (ms: number) => Promise<void>;
  /**
   * How long an in-process delegate past its timeout gets to honour the abort before it is abandoned (default
   * 1000 ms). Also the SIGTERM→SIGKILL grace of an exec'd one (capped at 500 ms).
   */
  abandonGraceMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_ABANDON_GRACE_MS = 1000;
const BUSY_RETRIES = 5;

/** PluginDelegator finds delegates in CNI_PATH and runs them in-process when they are Plexus bundles. */
export class PluginDelegator implements Delegator {
  constructor(private readonly opts: PluginDelegatorOptions) {}

  locate(type: string, dirs: readonly string[]): string {
    return (this.opts.findPlugin ?? findInPath)(type, dirs);
  }

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
    const out = plugin ? await this.runInProcess(plugin, env, req, timeoutMs) : await this.exec(path, env, req, timeoutMs);
    if (out.stderr) req.onStderr?.(out.stderr);
    return out;
  }

  /**
   * runInProcess runs a Plexus bundle in this process. At the timeout the call cannot be killed, and simply walking
   * away from it (the old behaviour) let it act after our caller had rolled back and freed its checkpoint: an IPAM
   * ADD waiting for its lock allocated after the rollback's DEL had found nothing to release — a leak. So:
   * 1. the call's AbortSignal fires; a plugin that honours it (lock waits do) stops before changing anything;
   * 2. we wait for the call to settle, up to the grace: then whatever it did is done, and the caller's rollback
   *    DEL sees it and undoes it;
   * 3. a call still running after the grace is recorded as abandoned work (abandonWork): the caller must keep its
   *    record of the attachment (the meta-dispatcher keeps its checkpoint), and the process ends once it has
   *    replied, so the work stops there; the runtime's DEL, in a new process, then finds and frees what it left.
   * Either way the timeout is code 11.
   */
  private async runInProcess(plugin: InProcessPlugin, env: Env, req: DelegateRequest, timeoutMs: number): Promise<RawOutcome> {
    const abort = new AbortController();
    const call = plugin.invoke(env, req.stdin, { signal: abort.signal });
    const first = await settleWithin(call, timeoutMs);
    if (first.settled) return first.value;
    abort.abort(timeoutError(req, timeoutMs));
    const graceMs = this.opts.abandonGraceMs ?? DEFAULT_ABANDON_GRACE_MS;
    // Settled either way counts: a rejection is the plugin giving up on the abort.
    const late = await settleWithin(call.catch((): undefined => undefined), graceMs);
    if (late.settled) {
      if (late.value?.stderr) req.onStderr?.(late.value.stderr);
      throw timeoutError(req, timeoutMs, 'it stopped after the abort; nothing of it is left running');
    }
    abandonWork(call);
    throw timeoutError(req, timeoutMs, `it ignored the abort for ${graceMs} ms and is abandoned; its effects are undone by the runtime's DEL`);
  }

  private async exec(path: string, env: Env, req: DelegateRequest, timeoutMs: number): Promise<RawOutcome> {
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const killGraceMs = Math.min(this.opts.abandonGraceMs ?? DEFAULT_ABANDON_GRACE_MS, 500);
    // The retries of a busy binary count against the same timeout: delegateTimeoutMs bounds the whole call.
    const deadline = Date.now() + timeoutMs;
    // A Plexus bundle learns the deadline, to end its own waits (code 11) just before we would kill it; any other
    // plugin gets exactly the caller's env.
    const plexus = (this.opts.isPlexusBundle ?? isPlexusBundle)(path);
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) throw timeoutError(req, timeoutMs);
      try {
        return await this.opts.runner.run(path, [], { input: req.stdin, env: plexus ? { ...env, [DEADLINE_ENV]: String(deadline) } : env, timeoutMs: left, killGraceMs });
      } catch (e) {
        // A binary being replaced (installer's rename, or a copy still open) gives ETXTBSY: libcni retries 5× 1 s.
        if (e instanceof ExecError && e.reason === 'busy' && attempt < BUSY_RETRIES) {
          await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
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

function timeoutError(req: DelegateRequest, ms: number, what?: string): CniError {
  return new CniError(CniCode.TryAgainLater, `plugin "${req.type}" timed out`, `${req.command} took longer than ${ms} ms${what ? `; ${what}` : ''}`);
}

type Settled<T> = { settled: true; value: T } | { settled: false };

/** settleWithin waits for `p` up to `ms`: its value, its rejection (rethrown), or "not yet". */
async function settleWithin<T>(p: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.then((value) => ({ settled: true as const, value })), new Promise<Settled<T>>((r) => (timer = setTimeout(() => r({ settled: false }), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
