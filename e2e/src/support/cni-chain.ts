import { join } from 'node:path';
import { execCni, execCniAsync, type CniOutput } from './exec-cni';

/** A network configuration list (conflist) as a runtime reads it. */
export interface ConfList {
  cniVersion: string;
  name: string;
  plugins: Array<Record<string, unknown> & { type: string }>;
}

/** The attachment a chain operation is for. */
export interface Attachment {
  containerId: string;
  netns: string;
  ifName: string;
  /** The CNI bin dir holding every plugin `type` of the list. */
  binDir: string;
  cniArgs?: string;
  /** Run the plugins inside this netns path instead of the test's own (see CniInvocation.hostNetns). */
  hostNetns?: string;
}

/** The outcome of a chain operation: the last output and the plugin that failed, if any. */
export interface ChainOutcome {
  ok: boolean;
  /** The final result of ADD (parsed JSON), as a runtime would cache it. */
  result?: Record<string, unknown>;
  failedPlugin?: string;
  outputs: Array<{ type: string; out: CniOutput }>;
}

/**
 * runChain does what libcni does with a conflist, minus caching: ADD runs the plugins in order, each getting the
 * previous result as `prevResult`; CHECK runs them in order and DEL in reverse, each with the final ADD result as
 * `prevResult` (none when `prevResult` is undefined, like a DEL after the cache is gone). Stops at the first
 * failure for ADD and CHECK; DEL goes on through every plugin and fails if any failed.
 */
export function runChain(list: ConfList, command: 'ADD' | 'CHECK' | 'DEL', at: Attachment, prevResult?: unknown): ChainOutcome {
  const steps = walkChain(list, command, prevResult);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(execCni(join(at.binDir, step.value.type), invocation(command, step.value.stdin, at)));
  }
}

/** describeFailure renders a chain failure for an assertion message. */
export function describeFailure(o: ChainOutcome): string {
  return o.outputs.map(({ type, out }) => `${type}: exit ${out.status} ${out.stdout.trim()} ${out.stderr.trim()}`).join('\n');
}

/**
 * runChainAsync is runChain without blocking the event loop: for chains whose plugins call a server of this very
 * process (the API emulator), which a spawnSync would leave unanswered. `env` is added to every plugin's env.
 */
export async function runChainAsync(list: ConfList, command: 'ADD' | 'CHECK' | 'DEL', at: Attachment & { env?: Record<string, string> }, prevResult?: unknown): Promise<ChainOutcome> {
  const steps = walkChain(list, command, prevResult);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(await execCniAsync(join(at.binDir, step.value.type), { ...invocation(command, step.value.stdin, at), env: at.env }));
  }
}

/**
 * walkChain is libcni's walk over a conflist, one plugin at a time, for both runners: it yields each plugin's type
 * and stdin, is handed back that plugin's output, and returns the outcome (see runChain for the rules).
 */
function* walkChain(list: ConfList, command: 'ADD' | 'CHECK' | 'DEL', prevResult: unknown): Generator<{ type: string; stdin: Record<string, unknown> }, ChainOutcome, CniOutput> {
  const plugins = command === 'DEL' ? [...list.plugins].reverse() : list.plugins;
  const outputs: ChainOutcome['outputs'] = [];
  let prev = command === 'ADD' ? undefined : prevResult;
  let failedPlugin: string | undefined;
  for (const plugin of plugins) {
    const stdin: Record<string, unknown> = { ...plugin, cniVersion: list.cniVersion, name: list.name };
    if (prev !== undefined) stdin.prevResult = prev;
    const out = yield { type: plugin.type, stdin };
    outputs.push({ type: plugin.type, out });
    if (out.status !== 0) {
      failedPlugin ??= plugin.type;
      if (command !== 'DEL') return { ok: false, failedPlugin, outputs };
      continue;
    }
    if (command === 'ADD') prev = out.json;
  }
  return { ok: failedPlugin === undefined, failedPlugin, outputs, result: command === 'ADD' ? (prev as Record<string, unknown>) : undefined };
}

/** invocation is one plugin's exec parameters for the attachment. */
function invocation(command: 'ADD' | 'CHECK' | 'DEL', stdin: Record<string, unknown>, at: Attachment) {
  return { command, stdin, containerId: at.containerId, netns: at.netns, ifName: at.ifName, cniArgs: at.cniArgs, path: at.binDir, hostNetns: at.hostNetns };
}
