import { spawn, spawnSync } from 'node:child_process';

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

/** cniProcess is the program, arguments, env and stdin of one plugin run. */
function cniProcess(binary: string, inv: CniInvocation): { file: string; args: string[]; env: NodeJS.ProcessEnv; input: string } {
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
  return { file, args, env: env as NodeJS.ProcessEnv, input };
}

function toOutput(status: number | null, stdout: string, stderr: string): CniOutput {
  let json: unknown;
  if (stdout.trim() !== '') {
    try {
      json = JSON.parse(stdout);
    } catch {
      json = stdout;
    }
  }
  return { status, stdout, stderr, json };
}

/** execCni runs a plugin binary with the six CNI_* variables set (empty where unused, as libcni does). */
export function execCni(binary: string, inv: CniInvocation): CniOutput {
  const p = cniProcess(binary, inv);
  const out = spawnSync(p.file, p.args, { input: p.input, env: p.env, encoding: 'utf8', timeout: 30_000 });
  if (out.error) throw out.error;
  return toOutput(out.status, out.stdout, out.stderr);
}

/** execCniAsync is execCni without blocking the event loop (killed after 60 s). */
export function execCniAsync(binary: string, inv: CniInvocation): Promise<CniOutput> {
  const p = cniProcess(binary, inv);
  return new Promise((resolve, reject) => {
    const child = spawn(p.file, p.args, { env: p.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve(toOutput(status, stdout, stderr));
    });
    child.stdin.end(p.input);
  });
}
