import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtPluginPath } from '../support';
import { ensureBuilt } from '../ipvlan/ensure-built';

/** The built plugin under test. */
export const MULTI_NIC_IPAM = builtPluginPath('multi-nic-ipam');

/** buildMultiNicIpam bundles the plugin from the current source unless the bundle is already newer. */
export function buildMultiNicIpam(): void {
  ensureBuilt(['multi-nic-ipam']);
}

/** One run of the built binary. */
export interface MultiNicRun {
  command?: 'ADD' | 'DEL' | 'CHECK' | 'GC' | 'STATUS';
  conf: unknown;
  containerId?: string;
  ifName?: string;
  env?: Record<string, string>;
  /** Run inside this named netns (`ip netns exec`): a throwaway netns standing in for a host. */
  netns?: string;
}

/** What a run produced. */
export interface MultiNicOutput {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  json: unknown;
  ms: number;
}

/**
 * startMultiNic execs the built binary asynchronously — the API emulator serving it lives in the test process, so a
 * synchronous spawn would deadlock — with the CNI_* variables set the way libcni sets them.
 */
export function startMultiNic(run: MultiNicRun): { child: ChildProcess; done: Promise<MultiNicOutput> } {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...run.env };
  if (run.command) {
    Object.assign(env, {
      CNI_COMMAND: run.command,
      CNI_CONTAINERID: run.containerId ?? '',
      CNI_NETNS: run.command === 'ADD' || run.command === 'CHECK' ? '/var/run/netns/plxmn-none' : '',
      CNI_IFNAME: run.ifName ?? (run.command === 'GC' || run.command === 'STATUS' ? '' : 'net1'),
      CNI_ARGS: '',
      CNI_PATH: '/opt/cni/bin',
    });
  }
  const [file, args] = run.netns ? ['ip', ['netns', 'exec', run.netns, MULTI_NIC_IPAM]] : [MULTI_NIC_IPAM, []];
  const started = performance.now();
  const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(typeof run.conf === 'string' ? run.conf : JSON.stringify(run.conf));
  const done = new Promise<MultiNicOutput>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      let json: unknown;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = stdout;
      }
      resolve({ status, signal, stdout, stderr, json, ms: performance.now() - started });
    });
  });
  return { child, done };
}

/** runMultiNic runs the binary to completion. */
export function runMultiNic(run: MultiNicRun): Promise<MultiNicOutput> {
  return startMultiNic(run).done;
}

/** mapLimit runs `fn` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A block file as the plugin writes it. */
export interface BlockFileJson {
  block: string;
  interfaceBlock: string;
  lastReserved?: string;
  allocations: Record<string, { containerId: string; ifName: string; master: string }>;
}

/** readBlockFiles parses every block file of a network dir (throws on a corrupt one: the test then fails). */
export function readBlockFiles(dir: string): BlockFileJson[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^block-.*\.json$/.test(n))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as BlockFileJson);
}

/** allocationsOf lists every (address, holder) pair of a network dir. */
export function allocationsOf(dir: string): Array<{ ip: string; containerId: string; ifName: string; master: string }> {
  return readBlockFiles(dir).flatMap((f) => Object.entries(f.allocations).map(([ip, a]) => ({ ip, ...a })));
}
