import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WORKSPACE_ROOT, createNetns, deleteNetns, ipOk, type TestNetns } from '../support';

/** The bundled cnictl, as `node tools/build/build-plugin.mjs tools` writes it. */
export const CNICTL = resolve(WORKSPACE_ROOT, 'dist', 'tools', 'cnictl');

/** What one cnictl run produced. */
export interface CnictlRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * CnictlWorld is a throwaway setting for cnictl: a temp NETCONFPATH and result cache, and a "host" netns holding
 * a test bridge. cnictl runs inside the host netns (nsenter), so the reference bridge plugin creates its veths
 * there and nothing on the real host — links, routes, /var/lib/cni — is touched. Pods are further netns.
 */
export class CnictlWorld {
  readonly tmp = mkdtempSync(join(tmpdir(), 'plxct-cnictl-'));
  readonly netconf = join(this.tmp, 'net.d');
  readonly cacheDir = join(this.tmp, 'cache');
  readonly host: TestNetns;
  private readonly pods: TestNetns[] = [];

  constructor(
    readonly binDir: string,
    readonly bridge: string,
  ) {
    mkdirSync(this.netconf);
    this.host = createNetns('plxct');
    // A fixed MAC: otherwise the bridge takes its lowest port's, which changes as pods attach, and the reference
    // bridge plugin's CHECK compares it with the MAC cached at ADD.
    ipOk(this.host, ['link', 'add', bridge, 'address', '02:00:00:c7:00:01', 'type', 'bridge']);
    ipOk(this.host, ['link', 'set', bridge, 'up']);
  }

  /** pod makes a pod netns (deleted by cleanup). */
  pod(): TestNetns {
    const ns = createNetns('plxct');
    this.pods.push(ns);
    return ns;
  }

  /** conflist writes a network config file into NETCONFPATH and returns its exact bytes. */
  conflist(file: string, conf: unknown): string {
    const text = JSON.stringify(conf, null, 2);
    writeFileSync(join(this.netconf, file), text);
    return text;
  }

  /** cnictl runs `cnictl <args…>` in the host netns with the world's NETCONFPATH, CNI_PATH and cache dir. */
  cnictl(args: string[], env: Record<string, string> = {}): CnictlRun {
    const out = spawnSync('nsenter', [`--net=${this.host.path}`, '--', CNICTL, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, NETCONFPATH: this.netconf, CNI_PATH: this.binDir, PLEXUS_CNI_CACHE_DIR: this.cacheDir, ...env },
    });
    if (out.error) throw out.error;
    return { status: out.status, stdout: out.stdout, stderr: out.stderr };
  }

  /** cnictlOk runs cnictl and throws with its stderr unless it exits 0. */
  cnictlOk(args: string[], env: Record<string, string> = {}): string {
    const out = this.cnictl(args, env);
    if (out.status !== 0) throw new Error(`cnictl ${args.join(' ')} exited ${out.status}: ${out.stderr}${out.stdout}`);
    return out.stdout;
  }

  /** cleanup deletes the pods, the host netns (and with it the bridge and veths) and the temp dir. */
  cleanup(): void {
    for (const ns of this.pods) deleteNetns(ns);
    deleteNetns(this.host);
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** containerIdFor is the container id cnitool (and cnictl) derive from a netns path. */
export function containerIdFor(netnsPath: string): string {
  return `cnitool-${createHash('sha512').update(netnsPath).digest('hex').slice(0, 20)}`;
}
