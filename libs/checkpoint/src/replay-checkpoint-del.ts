import { CniCode, CniError, unusableIfNameProblem } from '@plexus/cni-spec';
import { delNetworkList, parseNetworkConfig, pluginEnv, type ChainDeps } from '@plexus/conflist';
import { describeDanmRef, type Checkpoint, type DanmReservation, type MultiNicReservation } from './checkpoint-types';
import { runtimeOf, type Sandbox } from './runtime-of';
import { UndoStack } from '@plexus/undo';

/** Options of replayCheckpointDel. */
export interface ReplayOptions {
  /** Whose sandbox: the DEL's own, or the checkpoint's (GC, a purge). */
  sandbox: Sandbox;
  /** Only attachments up to this plan index (an ADD rolling back the ones it reached). Default: all. */
  upTo?: number;
  /**
   * Frees a DANM reservation (addresses held in Kubernetes objects, by owner). Without it — a caller with no API
   * client, such as cnictl — each DANM reservation is reported as a step that could not be undone.
   */
  releaseDanm?: (res: DanmReservation) => Promise<void>;
}

/** One undo step of a checkpoint: an attachment's DEL or a reservation's release. */
export interface ReplayStep {
  op: 'delete' | 'release';
  network: string;
  ifName: string;
}

/** A step that failed, with why. */
export interface ReplayFailure extends ReplayStep {
  error: unknown;
}

/** A step skipped because it can have nothing to undo, with why. */
export interface ReplaySkip extends ReplayStep {
  reason: string;
}

/** What a replay did: the steps that succeeded and those that failed (empty = fully undone). */
export interface ReplayReport {
  done: ReplayStep[];
  failed: ReplayFailure[];
  /** Steps whose interface name no kernel accepts (a checkpoint written before names were validated). */
  skipped: ReplaySkip[];
  /** Every step in the order it ran, failed ones with their error. */
  steps: Array<ReplayStep & { error?: unknown }>;
}

/**
 * replayCheckpointDel undoes a checkpointed plan from the checkpoint alone, best effort: every attachment that has
 * a config gets DEL in reverse order (its exact conflist bytes, interface, CNI_ARGS and capability args, and its
 * final result as prevResult when recorded), then every reservation is released, newest first — a multi-NIC
 * group's IPAM gets DEL with the config, CNI_IFNAME and CNI_ARGS of its ADD. It never stops early: each failure is
 * collected and the rest still runs. Every step is idempotent, so replaying a plan twice (or one that never fully
 * ran) is safe.
 *
 * A checkpoint is a persisted undo stack, so the replay is @plexus/undo's: the steps are pushed in the order their
 * side effects were made (reservations before the attachments that use them) and unwound newest first.
 */
export async function replayCheckpointDel(chain: ChainDeps, cp: Checkpoint, opts: ReplayOptions): Promise<ReplayReport> {
  const undo = checkpointUndoStack(chain, cp, opts);
  const report: ReplayReport = { done: [], failed: [], skipped: [], steps: [] };
  await undo.unwind((o) => {
    const { skip, ...step } = o.label;
    if (skip !== undefined) report.skipped.push({ ...step, reason: skip });
    else if (o.undone) {
      report.done.push(step);
      report.steps.push(step);
    } else {
      report.failed.push({ ...step, error: o.error });
      report.steps.push({ ...step, error: o.error });
    }
  });
  return report;
}

/** A replay step as pushed: `skip` says why it has nothing to undo (its run is then a no-op). */
type PushedStep = ReplayStep & { skip?: string };

/**
 * checkpointUndoStack rebuilds the undo stack of a checkpoint: every reservation, oldest first, then every attachment
 * up to `upTo` that has a config and was reached (no config: rendered after a reservation that never completed, so
 * the delegate never ran; `notRun`: an ADD rolled back before reaching it).
 */
function checkpointUndoStack(chain: ChainDeps, cp: Checkpoint, opts: ReplayOptions): UndoStack<PushedStep> {
  const undo = new UndoStack<PushedStep>();
  const push = (step: ReplayStep, run: () => Promise<void>, checkName: boolean) => {
    const problem = checkName ? unusableNameProblem(step.ifName) : undefined;
    if (problem === undefined) undo.push(step, run);
    else undo.push({ ...step, skip: problem }, async () => undefined);
  };
  for (const res of cp.reservations) {
    if (res.kind === 'danm') push({ op: 'release', network: describeDanmRef(res.network), ifName: res.owner.ifName }, () => releaseDanm(res, opts), false);
    else push({ op: 'release', network: res.network, ifName: res.ifName }, () => releaseMultiNic(chain, opts.sandbox, res), true);
  }
  const upTo = opts.upTo ?? cp.attachments.length - 1;
  for (const att of cp.attachments) {
    const config = att.config;
    if (att.index > upTo || config === undefined || att.notRun) continue;
    const run = () => delNetworkList(chain, parseNetworkConfig(config), runtimeOf(opts.sandbox, att), { prevResult: att.result });
    push({ op: 'delete', network: att.network, ifName: att.ifName }, run, true);
  }
  return undo;
}

/**
 * unusableNameProblem tells why a checkpointed interface name is one the kernel refuses (a NUL, a 0xA0 byte…). Such
 * names are refused before any plan since issue 11, but a checkpoint written before could hold one: no interface of
 * that name can exist, and its delegate cannot even be started with it (a NUL in the env fails the spawn), so the DEL
 * has nothing to undo — trying would fail for ever and keep the pod Terminating. DANM releases are by owner in the
 * API, not by interface, so they are never skipped.
 */
function unusableNameProblem(ifName: string): string | undefined {
  const problem = unusableIfNameProblem(ifName);
  return problem === undefined ? undefined : `the interface name could never have been created: ${problem}`;
}

async function releaseDanm(res: DanmReservation, opts: ReplayOptions): Promise<void> {
  if (!opts.releaseDanm) {
    throw new CniError(CniCode.TryAgainLater, 'cannot release DANM addresses', `${describeDanmRef(res.network)}: addresses owned by ${res.owner.containerId}/${res.owner.ifName} are kept in the Kubernetes API; free them with a DEL through the dispatcher`);
  }
  await opts.releaseDanm(res);
}

function releaseMultiNic(chain: ChainDeps, sandbox: Sandbox, res: MultiNicReservation): Promise<void> {
  const req = {
    type: res.type,
    command: 'DEL' as const,
    stdin: res.config,
    env: pluginEnv(chain.baseEnv, 'DEL', runtimeOf(sandbox, res), chain.cniPath),
    ...(chain.timeoutMs !== undefined ? { timeoutMs: chain.timeoutMs } : {}),
    ...(chain.writeStderr ? { onStderr: chain.writeStderr } : {}),
  };
  return chain.delegator.run(req);
}
