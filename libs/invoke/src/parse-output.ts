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
        const msg = typeof e.msg === 'string' ? withoutStackTrace(e.msg) : `plugin "${type}" failed`;
        return new CniError(e.code, msg || `plugin "${type}" failed`, typeof e.details === 'string' && e.details ? withoutStackTrace(e.details) : undefined);
      }
    } catch {
      // fall through: not an error object
    }
    return new CniError(CniCode.Internal, `plugin "${type}" failed but its error could not be parsed`, withoutStackTrace(text).slice(0, 500));
  }
  return new CniError(CniCode.Internal, `plugin "${type}" failed`, `"${withoutStackTrace(out.stderr).slice(0, 500)}": exit status ${out.exitCode}`);
}

const STACK_FRAME = /^\s+at \S.*$/m;
const ERROR_LINE = /^(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception|panic)\b.*$/m;

/**
 * withoutStackTrace keeps what a crashed delegate said and drops its stack: a JavaScript stack (`    at f (file:1:2)`
 * frames, Node's source excerpt) becomes its `Error: message` line, so a 999's msg/details carry the cause, never
 * a stack trace (the delegate's stderr, forwarded to ours, still has it for the operator).
 */
export function withoutStackTrace(text: string): string {
  const t = text.trim();
  if (!STACK_FRAME.test(t)) return t;
  const errorLine = ERROR_LINE.exec(t)?.[0];
  if (errorLine) return errorLine.trim();
  return t.split('\n').filter((l) => !STACK_FRAME.test(l)).join('\n').trim();
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
