import { spawnSync } from 'node:child_process';

/** One exec of a CNI plugin binary, the way libcni runs it. */
export interface CniInvocation {
  command: 'ADD' | 'CHECK' | 'DEL' | 'STATUS' | 'GC' | 'VERSION';
  /** The plugin's stdin: a config object (serialised) or raw text. */
  stdin: unknown;
  containerId?: string;
  netns?: string;
  ifName?: string;
  cniArgs?: string;
  /** CNI_PATH. */
  path?: string;
  /** Extra env (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /**
   * Run the plugin process inside this netns path (`nsenter --net=PATH`) instead of the test's own: a throwaway
   * netns standing in for the host, holding e.g. an ipvlan master and a default route.
   */
  hostNetns?: string;
}

/** What one plugin run produced. */
export interface CniOutput {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON; undefined when empty, the raw text when not JSON. */
  json: unknown;
}

/** execCni runs a plugin binary with the six CNI_* variables set (empty where unused, as libcni does). */
export function execCni(binary: string, inv: CniInvocation): CniOutput {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    CNI_COMMAND: inv.command,
    CNI_CONTAINERID: inv.containerId ?? '',
    CNI_NETNS: inv.netns ?? '',
    CNI_IFNAME: inv.ifName ?? '',
    CNI_ARGS: inv.cniArgs ?? '',
    CNI_PATH: inv.path ?? '',
    ...inv.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const input = typeof inv.stdin === 'string' ? inv.stdin : JSON.stringify(inv.stdin);
  const [file, args] = inv.hostNetns ? ['nsenter', [`--net=${inv.hostNetns}`, '--', binary]] : [binary, []];
  const out = spawnSync(file, args, { input, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 30_000 });
  if (out.error) throw out.error;
  let json: unknown;
  if (out.stdout.trim() !== '') {
    try {
      json = JSON.parse(out.stdout);
    } catch {
      json = out.stdout;
    }
  }
  return { status: out.status, stdout: out.stdout, stderr: out.stderr, json };
}
