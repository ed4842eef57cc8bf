import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { builtPluginPath, createNetns, deleteNetns, type CniOutput, type TestNetns } from '../support';
import { contractViolations } from './cni-contract';
import { assertNoFailure, fuzzParameters, fuzzSeed } from './fuzz-settings';
import { binDirWith, makeSandbox, netnsState, runPlugin, type Sandbox } from './fuzz-world';
import { cniEnv, hostileStdin, mutatedConfig, sharpConfig, type CniEnvValid, type Pinned } from './hostile';


/** How to fuzz one plugin: a valid base config, the world it needs, and where its state lives. */
export interface PluginProfile {
  plugin: string;
  /** Default number of runs (scaled by PLEXUS_FUZZ_RUNS). */
  runs: number;
  /** Plexus plugins and reference plugins (/usr/lib/cni) its CNI_PATH holds. */
  plexusBin?: string[];
  referenceBin?: string[];
  /** Run the plugin in a throwaway "host" netns prepared by this hook. */
  prepareHost?(host: TestNetns): void;
  /** Prepare the pod netns (e.g. an interface a chained plugin expects). */
  preparePod?(pod: TestNetns): void;
  /** The valid base config; paths inside it must be under ctx.sandbox. */
  config(ctx: { sandbox: Sandbox; podPath: string }): Record<string, unknown>;
  ifName?: string;
  cniArgs?: string;
  /** Violations found in the plugin's stores after the closing DEL (nothing allocated, no temp or lock files). */
  storeViolations?(sandbox: Sandbox): string[];
  /** Empties the stores between runs. */
  resetStores?(sandbox: Sandbox): void;
  /** Config paths that default to a system directory: mutations only point them elsewhere in the sandbox. */
  pinned?: Pinned;
  /** Whether the unmutated config's ADD succeeds here (default true; ipvlan needs a kernel module). */
  baseAddSucceeds?: boolean;
}

/** One generated case: the CNI_* env and stdin of the first invocation. */
interface FuzzCase {
  env: Record<string, string | undefined>;
  stdin: string;
}

/**
 * fuzzPlugin checks, for generated configs, env and stdin: the first invocation and the closing DEL (same env and
 * stdin, CNI_COMMAND=DEL) each keep the CNI output contract; a DEL after a successful ADD succeeds; and afterwards
 * the pod netns, the host netns and the plugin's stores are as they were.
 */
export async function fuzzPlugin(p: PluginProfile): Promise<void> {
  const sandbox = makeSandbox(`plxfz-${p.plugin}`);
  const bin = binDirWith(p.plexusBin ?? [p.plugin], p.referenceBin ?? []);
  const notNetns = join(sandbox.root, 'not-a-netns');
  writeFileSync(notNetns, '');
  // The pod netns path is only known per run; the arbitrary is built on a placeholder replaced at run time.
  const POD = '@@POD@@';
  const base = p.config({ sandbox, podPath: POD });
  const valid: CniEnvValid = { command: 'ADD', containerId: 'fuzz0123456789abcdef', netns: POD, ifName: p.ifName ?? 'net1', args: p.cniArgs ?? 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=fuzz', path: bin.dir };
  const caseArb: fc.Arbitrary<FuzzCase> = fc.record({
    env: cniEnv(valid, sandbox.root, notNetns),
    stdin: fc.oneof(
      { weight: 6, arbitrary: mutatedConfig(base, sandbox.root, p.pinned).map((c) => JSON.stringify(c)) },
      { weight: 3, arbitrary: sharpConfig(base, p.pinned).map((c) => JSON.stringify(c)) },
      { weight: 1, arbitrary: hostileStdin },
    ),
  });
  const seed = fuzzSeed(p.plugin);
  try {
    // The base config must work (else only error paths would be fuzzed): one plain ADD + DEL first.
    const sanity = runCase(p, { env: validEnv(valid), stdin: JSON.stringify(base) }, sandbox, POD);
    if (sanity.violations.length || (sanity.addStatus === 0) !== (p.baseAddSucceeds ?? true)) {
      throw new Error(`${p.plugin}: the base config's ADD ${sanity.addStatus === 0 ? 'succeeded' : 'failed'} (${sanity.first}); ${sanity.violations.join('; ')}`);
    }
    const details = await fc.check(
      fc.asyncProperty(caseArb, async (c) => {
        const { violations } = runCase(p, c, sandbox, POD);
        if (violations.length) throw new Error(violations.join('\n'));
      }),
      fuzzParameters(seed, p.runs),
    );
    assertNoFailure(p.plugin, details);
  } finally {
    bin.remove();
    sandbox.remove();
  }
}

function runCase(p: PluginProfile, c: FuzzCase, sandbox: Sandbox, placeholder: string): { violations: string[]; addStatus: number | null; first: string } {
  const pod = createNetns('plxfz');
  const host = p.prepareHost ? createNetns('plxfzh') : undefined;
  try {
    p.preparePod?.(pod);
    if (host) p.prepareHost!(host);
    const before = { pod: netnsState(pod), host: host && netnsState(host) };
    const fill = (s: string | undefined): string | undefined => s?.split(placeholder).join(pod.path);
    const env = Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fill(v)]));
    const stdin = fill(c.stdin)!;
    const binary = builtPluginPath(p.plugin);
    const v: string[] = [];
    const t0 = performance.now();
    const first = runPlugin({ binary, env, stdin, cwd: sandbox.cwd, hostNetns: host });
    const t1 = performance.now();
    v.push(...contractViolations(env.CNI_COMMAND ?? '', first).map((x) => `${env.CNI_COMMAND}: ${x}`));
    const del = runPlugin({ binary, env: { ...env, CNI_COMMAND: 'DEL' }, stdin, cwd: sandbox.cwd, hostNetns: host });
    v.push(...contractViolations('DEL', del).map((x) => `DEL: ${x}`));
    if (env.CNI_COMMAND === 'ADD' && first.status === 0 && del.status !== 0) v.push(`DEL after a successful ADD failed: ${brief(del)}`);
    const t2 = performance.now();
    const after = { pod: netnsState(pod), host: host && netnsState(host) };
    if (process.env.PLEXUS_FUZZ_DEBUG) {
      process.stderr.write(`[fuzz] ${p.plugin} ${env.CNI_COMMAND} exit ${first.status}: ${Math.round(t1 - t0)} ms, DEL exit ${del.status}: ${Math.round(t2 - t1)} ms, state ${Math.round(performance.now() - t2)} ms\n`);
    }
    v.push(...stateDiff('pod netns', before.pod, after.pod));
    if (host) v.push(...stateDiff('host netns', before.host!, after.host!));
    v.push(...(p.storeViolations?.(sandbox) ?? []));
    if (v.length) v.push(`(first run: ${brief(first)}; DEL: ${brief(del)})`);
    return { violations: v, addStatus: first.status, first: brief(first) };
  } finally {
    deleteNetns(pod);
    deleteNetns(host);
    p.resetStores?.(sandbox);
    // Whatever a hostile path made inside the sandbox's working dir goes with the run.
    rmSync(join(sandbox.cwd, '..', '..', '..'), { recursive: true, force: true });
    mkdirSync(sandbox.cwd, { recursive: true });
  }
}

function validEnv(v: CniEnvValid): Record<string, string> {
  return { CNI_COMMAND: v.command, CNI_CONTAINERID: v.containerId, CNI_NETNS: v.netns, CNI_IFNAME: v.ifName, CNI_ARGS: v.args, CNI_PATH: v.path };
}

function stateDiff(where: string, before: ReturnType<typeof netnsState>, after: ReturnType<typeof netnsState>): string[] {
  const out: string[] = [];
  for (const k of ['links', 'addrs', 'routes', 'rules'] as const) {
    const added = after[k].filter((x) => !before[k].includes(x));
    const removed = before[k].filter((x) => !after[k].includes(x));
    if (added.length) out.push(`${where}: ${k} left behind: ${added.join(', ')}`);
    if (removed.length) out.push(`${where}: ${k} removed: ${removed.join(', ')}`);
  }
  return out;
}

function brief(o: CniOutput): string {
  return `exit ${o.status} ${o.stdout.trim().slice(0, 400)}`;
}
