import { CniCode, CniError, parseResult, type Result } from '@plexus/cni-spec';

/** The raw outcome of running a plugin once. */
export interface RawOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * errorFromOutcome turns a failed run into the delegate's own CniError (its code passes through unchanged), the
 * way libcni's pluginErr reads stdout first and falls back to stderr.
 */
export function errorFromOutcome(type: string, out: RawOutcome): CniError {
  const text = out.stdout.trim();
  if (text) {
    try {
      const e = JSON.parse(text) as { code?: unknown; msg?: unknown; details?: unknown };
      if (typeof e.code === 'number') {
        return new CniError(e.code, typeof e.msg === 'string' ? e.msg : `plugin "${type}" failed`, typeof e.details === 'string' && e.details ? e.details : undefined);
      }
    } catch {
      // fall through: not an error object
    }
    return new CniError(CniCode.Internal, `plugin "${type}" failed but its error could not be parsed`, text.slice(0, 500));
  }
  return new CniError(CniCode.Internal, `plugin "${type}" failed`, `"${out.stderr.trim().slice(0, 500)}": exit status ${out.exitCode}`);
}

/** resultFromOutcome parses a successful ADD's stdout; a result without cniVersion takes the request's. */
export function resultFromOutcome(type: string, out: RawOutcome, requestVersion: string): Result {
  let json: unknown;
  try {
    json = JSON.parse(out.stdout);
  } catch (e) {
    throw new CniError(CniCode.DecodingFailure, `failed to decode result of plugin "${type}"`, (e as Error).message);
  }
  return parseResult(json, requestVersion);
}
