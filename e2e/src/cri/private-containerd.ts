import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CriClient } from './cri-client';
import { PAUSE_ENTRYPOINT } from './pause-image';
import { containerdConfig, type ContainerdPaths, type CriSettings } from './containerd-config';

/** What the lane hands a private containerd: its base dir and the CNI dirs prepared for the run. */
export interface ContainerdOptions {
  /** A fresh temp dir that holds root, state, socket, config and log (removed by destroy). */
  baseDir: string;
  binDir: string;
  confDir: string;
  sandboxImage: string;
}

/**
 * PrivateContainerd is one containerd of the lane's own: started from a config in its temp dir, never a system
 * instance (own root/state/socket). destroy() removes every sandbox through CRI (so the CNI DELs run), stops
 * containerd, kills the runc shims that belong to this socket (they outlive containerd by design), unmounts what
 * is left under the base dir and removes it.
 */
export class PrivateContainerd {
  readonly paths: ContainerdPaths;
  readonly configPath: string;
  readonly logPath: string;
  readonly snapshotter: CriSettings['snapshotter'];
  private readonly createdRunDir: boolean;
  private started = false;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private clientInstance?: CriClient;

  constructor(private readonly opts: ContainerdOptions) {
    const b = opts.baseDir;
    this.paths = { root: join(b, 'root'), state: join(b, 'state'), socket: join(b, 'containerd.sock'), opt: join(b, 'opt'), runcRoot: join(b, 'runc') };
    this.createdRunDir = !existsSync(SHIM_SOCKET_PARENT);
    for (const d of [this.paths.root, this.paths.state, this.paths.opt]) mkdirSync(d, { recursive: true });
    this.configPath = join(b, 'config.toml');
    this.logPath = join(b, 'containerd.log');
    this.snapshotter = overlayWorksIn(b) ? 'overlayfs' : 'native';
    writeFileSync(this.configPath, containerdConfig(this.paths, { binDir: opts.binDir, confDir: opts.confDir, sandboxImage: opts.sandboxImage, snapshotter: this.snapshotter }));
  }

  /** cri is the CRI client on this instance's socket (one channel, reconnecting across restarts). */
  get cri(): CriClient {
    this.clientInstance ??= new CriClient(this.paths.socket);
    return this.clientInstance;
  }

  /** start launches containerd and waits until its CRI service answers. */
  async start(): Promise<void> {
    if (this.child) throw new Error('containerd already running');
    this.started = true;
    const log = openSync(this.logPath, 'a');
    const child = spawn('containerd', ['--config', this.configPath], { stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    let spawnError: Error | undefined;
    child.once('error', (e) => {
      spawnError = e;
      if (this.child === child) this.child = undefined;
    });
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (spawnError) throw new Error(`cannot start containerd (${spawnError.message}); install it with: apt-get install containerd runc`);
      if (!this.child) throw new Error(`containerd exited during start-up:\n${this.logTail()}`);
      try {
        await this.cri.version();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`containerd's CRI did not answer in 30 s (${(err as Error).message}):\n${this.logTail()}`);
        await sleep(100);
      }
    }
  }

  /** stop ends containerd (SIGTERM, SIGKILL after 10 s); the shims and their sandboxes keep running, as in a real restart. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  /** restart stops and starts containerd with the same root and state: it must recover its sandboxes. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** importImage loads an image archive into the CRI namespace (k8s.io) with ctr over this socket. */
  importImage(archive: string): void {
    const out = spawnSync('ctr', ['--address', this.paths.socket, '-n', 'k8s.io', 'images', 'import', '--all-platforms', archive], { encoding: 'utf8', timeout: 60_000 });
    if (out.status !== 0) throw new Error(`ctr images import failed: ${out.stderr}${out.stdout}`);
  }

  /** logTail is the end of containerd's log, for failure messages. */
  logTail(lines = 40): string {
    return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n') : '';
  }

  /** shimPids lists the runc v2 shims started for this instance (their command line names our socket). */
  shimPids(): number[] {
    return processesWithArg(this.paths.socket);
  }

  /**
   * destroy leaves nothing behind: every sandbox stopped and removed through CRI (restarting containerd first if a
   * test left it stopped, so the CNI DELs still run), containerd stopped; then, for whatever survived (a broken
   * runtime), the sandbox processes and our shims killed, their sockets removed, mounts under the base dir
   * unmounted, the dir removed. Returns what had to be forced.
   */
  async destroy(): Promise<string[]> {
    const problems: string[] = [];
    if (this.started && !this.child) await this.start().catch((e: Error) => problems.push(`restart for teardown: ${e.message}`));
    if (this.child) {
      try {
        for (const s of await this.cri.listPodSandbox()) {
          await this.cri.stopPodSandbox(s.id).catch((e: Error) => problems.push(`stop ${s.name}: ${e.message}`));
          await this.cri.removePodSandbox(s.id).catch((e: Error) => problems.push(`remove ${s.name}: ${e.message}`));
        }
      } catch (e) {
        problems.push(`list sandboxes: ${(e as Error).message}`);
      }
    }
    this.clientInstance?.close();
    this.clientInstance = undefined;
    await this.stop();
    const tasks = this.leftoverTasks();
    for (const t of tasks) {
      // Only a live pause process of ours: a stale init.pid may name a pid the kernel has since reused.
      if (!isPauseProcess(t.pid)) continue;
      problems.push(`sandbox task ${t.id.slice(0, 12)} left running`);
      killPid(t.pid);
    }
    const shims = this.shimPids();
    for (const pid of shims) killPid(pid);
    if (!(await waitUntil(() => this.shimPids().length === 0, 10_000))) problems.push(`shims still running: ${this.shimPids().join(', ')}`);
    for (const t of tasks) if (t.socket) rmSync(t.socket, { force: true });
    unmountUnder(this.opts.baseDir);
    rmSync(this.opts.baseDir, { recursive: true, force: true });
    // containerd 1.6 puts shim sockets under /run/containerd/s whatever its config says; leave no empty dirs we made.
    if (this.createdRunDir) for (const d of [SHIM_SOCKET_DIR, SHIM_SOCKET_PARENT]) rmdirIfEmpty(d);
    return problems;
  }

  /** leftoverTasks reads the runc v2 task bundles still in our state dir: each one's init pid and shim socket. */
  private leftoverTasks(): Array<{ id: string; pid: number; socket?: string }> {
    const dir = join(this.paths.state, 'io.containerd.runtime.v2.task', 'k8s.io');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((id) => {
      const pidFile = join(dir, id, 'init.pid');
      const addressFile = join(dir, id, 'address');
      if (!existsSync(pidFile)) return [];
      const socket = existsSync(addressFile) ? readFileSync(addressFile, 'utf8').trim().replace(/^unix:\/\//, '') : undefined;
      return [{ id, pid: Number(readFileSync(pidFile, 'utf8').trim()), socket }];
    });
  }
}

/** Where containerd 1.6 always puts shim sockets (not configurable). */
const SHIM_SOCKET_PARENT = '/run/containerd';
const SHIM_SOCKET_DIR = '/run/containerd/s';

/** isPauseProcess tells whether pid runs the lane's pause entrypoint (busybox `sleep infinity`). */
function isPauseProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `${PAUSE_ENTRYPOINT.join('\0')}\0`;
  } catch {
    return false;
  }
}

function killPid(pid: number): void {
  try {
    if (pid > 1) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function rmdirIfEmpty(dir: string): void {
  try {
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // not ours to force
  }
}

/** processesWithArg finds pids whose command line contains `arg` as a whole argument. */
export function processesWithArg(arg: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** mountsUnder lists mount points at or below dir, deepest first (from /proc/self/mountinfo). */
export function mountsUnder(dir: string): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => !!p && (p === dir || p.startsWith(`${dir}/`)))
    .map((p) => p.replace(/\\040/g, ' '));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** unmountUnder unmounts everything below dir (lazily when busy), so removing it cannot fail or leak a mount. */
function unmountUnder(dir: string): void {
  for (const m of mountsUnder(dir)) if (spawnSync('umount', [m]).status !== 0) spawnSync('umount', ['-l', m]);
}

/**
 * overlayWorksIn probes an overlay mount in dir, as containerd's overlayfs snapshotter does at start-up (it
 * declines to load when the backing filesystem cannot host overlay, e.g. overlay on overlay).
 */
export function overlayWorksIn(dir: string): boolean {
  const probe = join(dir, 'overlay-probe');
  const [lower, upper, work, merged] = ['lower', 'upper', 'work', 'merged'].map((d) => join(probe, d));
  for (const d of [lower, upper, work, merged]) mkdirSync(d, { recursive: true });
  const ok = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work}`, merged]).status === 0;
  if (ok) spawnSync('umount', [merged]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** waitUntil polls cond until it holds or ms pass; returns whether it held. */
export async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}
