import { basename } from 'node:path';
import { CniCode, CniError } from '@plexus/cni-spec';
import type { CommandOutput, RunOptions } from '@plexus/exec';
import { FakeCommandRunner, type RecordedCall } from '@plexus/exec/testing';
import { PluginDelegator } from '@plexus/invoke';
import { MemoryFileStore } from '@plexus/store/testing';
import { runCnictl, type CnictlCommand } from './run-cnictl';
import { readSettings } from './settings';
import { parseValidAttachments } from './valid-attachments';

/** One plugin call as a test sees it: which plugin, which command, the parsed stdin and the env. */
export interface PluginCall {
  type: string;
  command: string;
  stdin: Record<string, unknown>;
  env: Record<string, string | undefined>;
}

type PluginScript = (call: PluginCall) => CommandOutput | Record<string, unknown> | void;

/**
 * CnictlHarness runs cnictl against an in-memory NETCONFPATH and cache, with plugins scripted per type through a
 * FakeCommandRunner behind the real PluginDelegator (so env building, stdin, exec retries and error parsing are
 * the production code). Unscripted plugins succeed with empty output; ADD of an unscripted plugin echoes its
 * prevResult (like a pass-through chained plugin).
 */
export class CnictlHarness {
  readonly fs = new MemoryFileStore();
  readonly runner = new FakeCommandRunner();
  readonly stderr: string[] = [];
  readonly sleeps: number[] = [];
  private readonly scripts = new Map<string, PluginScript>();
  private readonly known = new Set<string>();

  constructor(readonly confDir = '/etc/cni/net.d', readonly cacheDir = '/var/lib/cni') {
    this.runner.on(() => true, (c) => this.answer(c));
  }

  /** plugin declares a plugin type in CNI_PATH, optionally with a script answering its calls. */
  plugin(type: string, script?: PluginScript): this {
    this.known.add(type);
    if (script) this.scripts.set(type, script);
    return this;
  }

  /** conf writes a file into NETCONFPATH (objects are JSON-encoded). */
  async conf(name: string, content: unknown): Promise<this> {
    await this.fs.writeAtomic(`${this.confDir}/${name}`, typeof content === 'string' ? content : JSON.stringify(content));
    return this;
  }

  /** run runs one cnictl command with extra environment. */
  run(command: CnictlCommand, network: string, netns?: string, env: Record<string, string> = {}, valid = ''): Promise<string> {
    const delegator = new PluginDelegator({
      runner: this.runner,
      inProcess: false,
      findPlugin: (type) => {
        if (!this.known.has(type)) throw new CniError(CniCode.InvalidConfig, `failed to find plugin "${type}" in path`, '[/opt/cni/bin]');
        return `/opt/cni/bin/${type}`;
      },
      sleep: async (ms) => void this.sleeps.push(ms),
    });
    const settings = readSettings({ NETCONFPATH: this.confDir, CNI_PATH: '/opt/cni/bin', PLEXUS_CNI_CACHE_DIR: this.cacheDir, ...env });
    return runCnictl(
      { fs: this.fs, delegator, baseEnv: { PATH: '/usr/bin', HOME: '/root' }, writeStderr: (t) => void this.stderr.push(t) },
      { command, network, netns, settings, valid: parseValidAttachments(valid), cwd: '/work' },
    );
  }

  /** calls lists every plugin exec so far. */
  calls(): PluginCall[] {
    return this.runner.calls.map(toPluginCall);
  }

  /** order lists "type COMMAND" per exec. */
  order(): string[] {
    return this.calls().map((c) => `${c.type} ${c.command}`);
  }

  /** cacheFiles lists the result cache. */
  async cacheFiles(): Promise<string[]> {
    return this.fs.list(`${this.cacheDir}/results`);
  }

  private answer(c: RecordedCall): CommandOutput {
    const call = toPluginCall(c);
    const out = this.scripts.get(call.type)?.(call);
    if (out && 'exitCode' in out && 'stdout' in out) return out as CommandOutput;
    if (out) return { stdout: JSON.stringify(out), stderr: '', exitCode: 0 };
    if (call.command === 'ADD') return { stdout: JSON.stringify(call.stdin.prevResult ?? { cniVersion: call.stdin.cniVersion }), stderr: '', exitCode: 0 };
    return { stdout: '', stderr: '', exitCode: 0 };
  }
}

function toPluginCall(c: { file: string; opts: RunOptions }): PluginCall {
  return {
    type: basename(c.file),
    command: c.opts.env?.CNI_COMMAND ?? '',
    stdin: JSON.parse(c.opts.input ?? '{}') as Record<string, unknown>,
    env: c.opts.env ?? {},
  };
}

/** failWith builds a plugin's error output (JSON on stdout, exit 1), as Go's skel prints it. */
export function failWith(code: number, msg: string, details?: string): CommandOutput {
  return { stdout: JSON.stringify({ code, msg, ...(details ? { details } : {}) }), stderr: '', exitCode: 1 };
}
