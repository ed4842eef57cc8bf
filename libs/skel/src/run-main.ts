import { statSync } from 'node:fs';
import { abandonedWorkCount } from './abandoned-work';
import { dispatch, pluginVersion } from './dispatch';
import { invocationSignal } from './invocation-signal';
import type { Env, InProcessPlugin, PluginDefinition } from './types';

/**
 * servePlugin is a plugin's whole `main`: when the bundle is executed it runs one CNI invocation on the process'
 * env/stdin/stdout; when it is `require`d (a meta plugin delegating in-process) it only returns the handle.
 */
export function servePlugin(mainModule: NodeModule | undefined, plugin: PluginDefinition): InProcessPlugin {
  const handle = toInProcessPlugin(plugin);
  if (mainModule && require.main === mainModule) void runPluginMain(plugin);
  return handle;
}

/** toInProcessPlugin wraps a plugin so it can be invoked with explicit env and stdin. */
export function toInProcessPlugin(plugin: PluginDefinition): InProcessPlugin {
  return {
    plexusPluginApi: 1,
    name: plugin.name,
    invoke: (env: Env, stdin: string, opts?: { signal?: AbortSignal }) => dispatch(plugin, env, stdin, { sameNetnsAsSelf, signal: opts?.signal }),
  };
}

/** runPluginMain runs one invocation against the real process. */
export async function runPluginMain(plugin: PluginDefinition): Promise<void> {
  const env = process.env;
  // Run by hand with --version (never by a runtime: it always sets CNI_COMMAND and passes no arguments).
  if (!env.CNI_COMMAND && process.argv.slice(2).includes('--version')) {
    process.stdout.write(`${plugin.name} ${pluginVersion(plugin) ?? 'unknown'}\n`);
    return;
  }
  const stdin = env.CNI_COMMAND ? await readStdin() : '';
  const { signal, dispose } = invocationSignal(env);
  const out = await dispatch(plugin, env, stdin, { sameNetnsAsSelf, signal }).finally(dispose);
  if (out.stderr) process.stderr.write(out.stderr);
  if (out.stdout) process.stdout.write(out.stdout);
  process.exitCode = out.exitCode;
  // An in-process delegate we gave up on would keep the process (and so the runtime, which waits for our exit)
  // alive and act after our answer: end it now. Writes to pipes and files are synchronous on Linux, so the reply
  // is out; the abandoned work dies as under kill -9, which the stores survive, and its state stays recorded.
  if (abandonedWorkCount() > 0) process.exit(out.exitCode);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** sameNetnsAsSelf compares a netns path with the process' own netns by device and inode. */
export function sameNetnsAsSelf(path: string): boolean {
  try {
    const a = statSync(path);
    const b = statSync('/proc/self/ns/net');
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}
