import { noopLogger } from '@plexus/log';
import { decodeNetConf, parseResult, type Result } from '@plexus/cni-spec';
import { dispatch } from './dispatch';
import type { CmdArgs, Env, InvocationOutput, PluginDefinition } from './types';

/** EnvOptions sets the CNI_* variables of a test invocation. */
export interface InvokeOptions {
  command: 'ADD' | 'DEL' | 'CHECK' | 'STATUS' | 'GC' | 'VERSION';
  conf: unknown;
  containerId?: string;
  netns?: string;
  ifName?: string;
  cniArgs?: string;
  path?: string;
  extraEnv?: Env;
}

/** invokePlugin runs a plugin in-process the way a runtime would exec it (model: Go testutils.CmdAdd). */
export async function invokePlugin(plugin: PluginDefinition, o: InvokeOptions): Promise<InvocationOutput> {
  const env: Env = {
    CNI_COMMAND: o.command,
    CNI_CONTAINERID: o.containerId ?? 'ctr1',
    CNI_NETNS: o.netns ?? '/var/run/netns/test',
    CNI_IFNAME: o.ifName ?? 'eth0',
    CNI_ARGS: o.cniArgs ?? '',
    CNI_PATH: o.path ?? '/opt/cni/bin',
    ...o.extraEnv,
  };
  return dispatch(plugin, env, typeof o.conf === 'string' ? o.conf : JSON.stringify(o.conf), { sameNetnsAsSelf: () => false });
}

/** addOk runs ADD, fails the test with the plugin's output when it errors, and returns the parsed JSON. */
export async function addOk(plugin: PluginDefinition, o: Omit<InvokeOptions, 'command'>): Promise<Record<string, unknown>> {
  const out = await invokePlugin(plugin, { ...o, command: 'ADD' });
  if (out.exitCode !== 0) throw new Error(`ADD failed: ${out.stdout}${out.stderr}`);
  return JSON.parse(out.stdout) as Record<string, unknown>;
}

/** errorOf runs a command that must fail and returns the parsed error object. */
export async function errorOf(plugin: PluginDefinition, o: InvokeOptions): Promise<{ code: number; msg: string; details?: string; cniVersion?: string }> {
  const out = await invokePlugin(plugin, o);
  if (out.exitCode === 0) throw new Error(`expected ${o.command} to fail, got: ${out.stdout}`);
  return JSON.parse(out.stdout) as { code: number; msg: string; details?: string };
}

/** fakeCmdArgs builds CmdArgs for calling a handler directly. */
export function fakeCmdArgs(conf: unknown, over: Partial<CmdArgs> = {}): CmdArgs {
  const stdin = JSON.stringify(conf);
  return {
    command: 'ADD',
    containerId: 'ctr1',
    netns: '/var/run/netns/test',
    ifName: 'eth0',
    args: '',
    path: ['/opt/cni/bin'],
    stdin,
    conf: decodeNetConf(stdin),
    env: {},
    log: noopLogger,
    writeStderr: () => undefined,
    ...over,
  };
}

/** resultOf parses a printed result back into the current schema. */
export function resultOf(json: unknown): Result {
  return parseResult(json);
}
