import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WORKSPACE_ROOT } from '../support';
import type { FakeHost } from './l3-world';

/** The bundled agent. */
const PLEXUS_NODE = resolve(WORKSPACE_ROOT, 'dist', 'tools', 'plexus-node');

/** A plexus-node daemon running in one stand-in host's netns. */
export interface HostAgent {
  child: ChildProcess;
  /** reports parses every `multi-nic sync {…}` line logged so far. */
  reports: () => Array<Record<string, unknown>>;
  stderr: () => string;
  stop: () => Promise<void>;
}

/**
 * startHostAgent runs plexus-node in a host's netns the way the DaemonSet does on a node (host network): its own
 * CNI bin and conf dirs (a primary conf plus `networkConf`, the multi-nic-ipam network), a service-account token,
 * the API on the netns' 127.0.0.1, and a multi-nic pass every `intervalS` seconds. Only the multi-nic component
 * matters here: GC is off and only multi-nic-ipam is installed.
 */
export function startHostAgent(host: FakeHost, opts: { apiUrl: string; token: string; networkConf: unknown; intervalS: number }): HostAgent {
  const root = join(host.dataDir, '..', `${host.node}-agent`);
  const dirs = Object.fromEntries(['bin', 'conf', 'sa', 'run'].map((d) => [d, join(root, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  writeFileSync(join(dirs.sa!, 'token'), opts.token);
  writeFileSync(join(dirs.conf!, '10-pods.conf'), JSON.stringify({ cniVersion: '1.0.0', name: 'pods', type: 'bridge' }));
  writeFileSync(join(dirs.conf!, '20-multi-nic.conf'), JSON.stringify(opts.networkConf));
  const args = [
    ...['--cni-bin-dir', dirs.bin!, '--cni-conf-dir', dirs.conf!, '--sa-dir', dirs.sa!, '--run-dir', dirs.run!, '--api-server', opts.apiUrl],
    ...['--node-name', host.node, '--plugins', 'multi-nic-ipam', '--node-runtime', 'none', '--metrics-port', '0', '--gc-interval', '0'],
    ...['--multi-nic-interval', String(opts.intervalS), '--poll-interval', '200'],
  ];
  const child = spawn('ip', ['netns', 'exec', host.ns.name, PLEXUS_NODE, ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return {
    child,
    stderr: () => err,
    reports: () =>
      err
        .split('\n')
        .map((l) => /multi-nic sync (\{.*\})$/.exec(l)?.[1])
        .filter((j): j is string => j !== undefined)
        .map((j) => JSON.parse(j) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** waitUntil polls `check` (every 100 ms) until it returns true; on timeout it throws with `describe()`. */
export async function waitUntil(check: () => boolean, describe: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
