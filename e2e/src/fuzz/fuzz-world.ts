import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createNetns, deleteNetns, ip, makeCniBinDir, type CniBinDir, type CniOutput, type TestNetns } from '../support';

/**
 * A fuzz sandbox: a temp tree whose working directory sits four levels deep, so a relative path with up to three
 * "../" that a hostile config smuggles in still lands inside the sandbox (plugins run as root: a generated path must
 * never reach a real system file).
 */
export interface Sandbox {
  root: string;
  /** The plugins' working directory (root/w/o/r/k). */
  cwd: string;
  remove(): void;
}

/** makeSandbox creates a sandbox under the temp dir. */
export function makeSandbox(prefix: string): Sandbox {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const cwd = join(root, 'w', 'o', 'r', 'k');
  mkdirSync(cwd, { recursive: true });
  return { root, cwd, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** One plugin run: the CNI_* env (undefined leaves a variable out), stdin, and where it runs. */
export interface PluginRun {
  binary: string;
  env: Record<string, string | undefined>;
  stdin: string;
  cwd: string;
  /** Run inside this netns (nsenter), a throwaway one standing in for the host. */
  hostNetns?: TestNetns;
  timeoutMs?: number;
}

function argv(run: PluginRun): [string, string[]] {
  return run.hostNetns ? ['nsenter', [`--net=${run.hostNetns.path}`, '--', run.binary]] : [run.binary, []];
}

function envOf(run: PluginRun): NodeJS.ProcessEnv {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' };
  for (const [k, v] of Object.entries(run.env)) if (v !== undefined) env[k] = v;
  return env;
}

/** runPlugin runs a plugin to completion (bounded) and parses its stdout when it is JSON. */
export function runPlugin(run: PluginRun): CniOutput {
  const [file, args] = argv(run);
  const out = spawnSync(file, args, { input: run.stdin, env: envOf(run), cwd: run.cwd, encoding: 'utf8', timeout: run.timeoutMs ?? 30_000, maxBuffer: 64 << 20 });
  if (out.error && (out.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw out.error;
  return { status: out.status, stdout: out.stdout ?? '', stderr: out.stderr ?? '', json: parseJson(out.stdout ?? '') };
}

/**
 * runAndKill starts a plugin in a process group of its own and SIGKILLs the whole group after `delayMs` (a node
 * crash or a runtime killing the plugin's cgroup: exec'd delegates die too). Resolves with how it ended.
 */
export async function runAndKill(run: PluginRun, delayMs: number): Promise<{ killed: boolean; status: number | null; stdout: string }> {
  const [file, args] = argv(run);
  const child = spawn(file, args, { env: envOf(run), cwd: run.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.resume();
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(run.stdin);
  let killed = false;
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
      killed = true;
    } catch {
      // Already gone: it finished before the delay.
    }
  }, delayMs);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  // A grandchild may outlive its parent for a moment: make sure the group is gone before the test looks.
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Nothing left.
  }
  return { killed, status, stdout };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A netns as the cleanliness checks compare it: link names, addresses, routes of every table, rules. */
export interface NetnsState {
  links: string[];
  addrs: string[];
  routes: string[];
  rules: string[];
}

/**
 * netnsState reads what a plugin could have left in a netns. IPv6 link-local addresses and their routes come and go
 * with carrier, and lo's loopback routes with lo: both are left out.
 */
export function netnsState(ns: TestNetns): NetnsState {
  // Two `ip -batch` runs (one per family flag) instead of six processes: one JSON list per line.
  const v4 = batchJson(ns, '-4', ['link show', 'addr show', 'route show table all', 'rule show']);
  const v6 = batchJson(ns, '-6', ['route show table all', 'rule show']);
  const [linkList, addrList, routes4, rules4] = v4 as [Array<{ ifname: string }>, Array<{ ifname: string; addr_info?: Array<{ local: string; prefixlen: number }> }>, Row[], Row[]];
  const [routes6, rules6] = v6 as [Row[], Row[]];
  const links = linkList.map((l) => l.ifname).sort();
  const addrs = addrList
    .flatMap((l) => (l.addr_info ?? []).map((a) => `${l.ifname} ${a.local}/${a.prefixlen}`))
    .filter((a) => !/ fe80:/.test(a))
    .sort();
  const routes = [...routes4, ...routes6]
    .filter((r) => !String(r.dst).startsWith('fe80:') && !String(r.dst).startsWith('ff00:') && r.table !== 'local')
    .map((r) => JSON.stringify(r))
    .sort();
  const rules = [...rules4, ...rules6].map((r) => JSON.stringify(r)).sort();
  return { links, addrs, routes, rules };
}

type Row = Record<string, unknown>;

function batchJson(ns: TestNetns, family: '-4' | '-6', commands: string[]): unknown[][] {
  // -4 would hide IPv6 addresses from `addr show`: the IPv4 run has no family flag.
  const out = ip(ns, [...(family === '-6' ? ['-6'] : []), '-j', '-batch', '-'], `${commands.join('\n')}\n`);
  if (out.status !== 0) throw new Error(`ip -batch in ${ns.name} failed: ${out.stderr}`);
  const lines = out.stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== commands.length) throw new Error(`ip -batch in ${ns.name} printed ${lines.length} lists for ${commands.length} commands`);
  return lines.map((l) => JSON.parse(l) as unknown[]);
}

/** filesUnder lists every file below a directory (relative paths), or [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** withNetns runs `fn` with a fresh throwaway netns and always deletes it. */
export async function withNetns<T>(prefix: string, fn: (ns: TestNetns) => Promise<T> | T): Promise<T> {
  const ns = createNetns(prefix);
  try {
    return await fn(ns);
  } finally {
    deleteNetns(ns);
  }
}

/** binDirWith makes a CNI bin dir holding built Plexus plugins and reference ones. */
export function binDirWith(plexus: string[], reference: string[] = []): CniBinDir {
  return makeCniBinDir({ plexus, reference });
}
