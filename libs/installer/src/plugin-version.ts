import type { CommandRunner } from '@plexus/exec';

/**
 * parseAboutVersion reads the version from a CNI plugin's about line, printed to stderr when it runs without
 * CNI_COMMAND: Go's skel prints "CNI static plugin version v1.1.1", Plexus' "CNI static-ipam plugin 0.1.0 (Plexus)".
 * "version unknown" and anything unreadable give undefined.
 */
export function parseAboutVersion(stderr: string): string | undefined {
  const m = /^CNI \S+ plugin (?:version )?(\S+)/m.exec(stderr);
  if (!m || m[1] === 'unknown') return undefined;
  return m[1];
}

/** readPluginVersion runs a plugin once without CNI_COMMAND and returns its version, or "unknown". */
export async function readPluginVersion(runner: CommandRunner, path: string, env: Record<string, string | undefined>): Promise<string> {
  const cleanEnv: Record<string, string | undefined> = {};
  // Only the variables a shebang needs; any CNI_* of the caller would make the plugin do real work.
  for (const key of ['PATH', 'HOME', 'LANG']) if (env[key] !== undefined) cleanEnv[key] = env[key];
  try {
    const out = await runner.run(path, [], { env: cleanEnv, timeoutMs: 10_000 });
    return parseAboutVersion(out.stderr) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
