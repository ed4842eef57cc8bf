import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { CNICTL, runProcess, type Run } from '../meta-dispatcher/md-world';
import { REFERENCE_PLUGIN_DIR, WORKSPACE_ROOT, createNetns, deleteNetns, ip, uniqueName, type TestNetns } from '../support';

/** The bundled agent, as `node tools/build/build-plugin.mjs plexus-node` writes it. */
export const PLEXUS_NODE = resolve(WORKSPACE_ROOT, 'dist', 'tools', 'plexus-node');
export { CNICTL, type Run };

/**
 * NodeWorld is one throwaway "node" for plexus-node: empty host CNI bin and conf dirs, a service-account dir with a
 * token, the API emulator accepting that token, and pod netns. The primary network is the reference bridge on a
 * bridge of its own (`plxnbr…`), deleted by cleanup with the pods.
 */
export class NodeWorld {
  readonly tmp = mkdtempSync(join(tmpdir(), 'plxnode-'));
  readonly binDir = join(this.tmp, 'opt-cni-bin');
  readonly confDir = join(this.tmp, 'etc-cni-net.d');
  readonly saDir = join(this.tmp, 'serviceaccount');
  readonly runDir = join(this.tmp, 'run-plexus');
  readonly cacheDir = join(this.tmp, 'cni-cache');
  readonly bridge = uniqueName('plxnbr', 6).replace('-', '');
  readonly token = `tok-${randomBytes(6).toString('hex')}`;
  api?: Emulator;
  private readonly pods: TestNetns[] = [];
  private readonly cleanups: Array<() => void> = [];

  /** onCleanup registers something to undo first at cleanup (e.g. kill a daemon). */
  onCleanup(fn: () => void): void {
    this.cleanups.push(fn);
  }

  constructor() {
    for (const d of [this.binDir, this.confDir, this.saDir]) mkdirSync(d);
    writeFileSync(join(this.saDir, 'token'), this.token);
    writeFileSync(join(this.saDir, 'namespace'), 'plexus-system');
  }

  async startApi(): Promise<Emulator> {
    this.api = await startEmulator({ tokens: [this.token] });
    return this.api;
  }

  /** primaryConf writes the primary network (reference bridge + static IPAM) into the conf dir. */
  primaryConf(file = '10-pods.conflist', address = '10.197.1.5/24'): string {
    const path = join(this.confDir, file);
    writeFileSync(path, JSON.stringify({ cniVersion: '1.0.0', name: 'pods', plugins: [{ type: 'bridge', bridge: this.bridge, ipam: { type: 'static', addresses: [{ address }] } }] }));
    return path;
  }

  /** agent runs plexus-node with the world's dirs and API, plus `args`. */
  agent(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const base = ['--cni-bin-dir', this.binDir, '--cni-conf-dir', this.confDir, '--sa-dir', this.saDir, '--run-dir', this.runDir];
    if (this.api) base.push('--api-server', this.api.url);
    return runProcess(PLEXUS_NODE, [...base, ...args], { PATH: process.env.PATH ?? '', ...env });
  }

  pod(): TestNetns {
    const ns = createNetns('plxnode');
    this.pods.push(ns);
    return ns;
  }

  /** cniEnv is what cnictl gets: the runtime's view of this node (installed plugins, then the reference ones). */
  cniEnv(pod: { namespace: string; name: string; uid: string }): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      NETCONFPATH: this.confDir,
      CNI_PATH: `${this.binDir}:${REFERENCE_PLUGIN_DIR}`,
      PLEXUS_CNI_CACHE_DIR: this.cacheDir,
      CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=${pod.namespace};K8S_POD_NAME=${pod.name};K8S_POD_UID=${pod.uid}`,
    };
  }

  async cleanup(): Promise<void> {
    for (const fn of this.cleanups) fn();
    for (const ns of this.pods) deleteNetns(ns);
    ip(undefined, ['link', 'del', this.bridge]);
    await this.api?.stop();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** A running daemon: its process, the stderr so far, the /healthz port, and a way to wait for a log line. */
export interface RunningAgent {
  child: ChildProcess;
  stderr: () => string;
  port: number;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** stop sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** startAgent spawns the daemon and resolves once /healthz listens. */
export async function startAgent(world: NodeWorld, args: string[]): Promise<RunningAgent> {
  const base = ['--cni-bin-dir', world.binDir, '--cni-conf-dir', world.confDir, '--sa-dir', world.saDir, '--run-dir', world.runDir, '--metrics-port', '0', '--poll-interval', '100'];
  if (world.api) base.push('--api-server', world.api.url);
  const child = spawn(PLEXUS_NODE, [...base, ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(err)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`plexus-node never logged ${pattern}: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor(/on 127\.0\.0\.1:\d+/);
  const port = Number(/on 127\.0\.0\.1:(\d+)/.exec(err)![1]);
  world.onCleanup(() => child.kill('SIGKILL'));
  return {
    child,
    stderr: () => err,
    port,
    waitFor,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
