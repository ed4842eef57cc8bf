import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The workspace root (e2e/src/static-ipam → ../../..). */
export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');
/** Debian's containernetworking-plugins build of the reference `static` IPAM (spec ≤ 1.0.0). */
export const REFERENCE_STATIC = '/usr/lib/cni/static';
/** Our bundle, as `node tools/build/build-plugin.mjs static-ipam` writes it. */
export const OUR_STATIC = resolve(WORKSPACE_ROOT, 'dist', 'bin', 'static-ipam');

/** What one exec of a plugin produced. */
export interface PluginRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON; undefined when stdout is empty. */
  json: unknown;
}

/** One invocation: command, stdin and CNI_ARGS, plus env changes (a value of undefined removes the variable). */
export interface Invocation {
  command: 'ADD' | 'CHECK' | 'DEL';
  stdin: string;
  cniArgs?: string;
  env?: Record<string, string | undefined>;
}

/**
 * runPlugin execs a CNI plugin binary the way libcni does: the six CNI_* variables set (empty where unused), the
 * config on stdin. A non-JSON stdout is kept as text so the assertion shows it.
 */
export function runPlugin(binary: string, inv: Invocation): PluginRun {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    CNI_COMMAND: inv.command,
    CNI_CONTAINERID: 'plexus-e2e-static',
    CNI_NETNS: '/var/run/netns/plexus-e2e-static-does-not-exist',
    CNI_IFNAME: 'eth0',
    CNI_ARGS: inv.cniArgs ?? '',
    CNI_PATH: '/usr/lib/cni',
    ...inv.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const out = spawnSync(binary, [], { input: inv.stdin, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 20_000 });
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

/** buildStaticIpam bundles our plugin so the test runs the current source. */
export function buildStaticIpam(): void {
  const out = spawnSync(process.execPath, ['tools/build/build-plugin.mjs', 'static-ipam'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`build-plugin static-ipam failed: ${out.stderr}${out.stdout}`);
}
