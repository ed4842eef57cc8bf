import { isCniError } from '@plexus/cni-spec';

/** CnictlError is a failure cnictl reports as one line on stderr with exit code 1 (as cnitool's exit(err)). */
export class CnictlError extends Error {
  override name = 'CnictlError';
}

/** The operation names libcni puts in "plugin … failed (<op>)". */
export type ChainOp = 'add' | 'delete' | 'check' | 'status' | 'gc';

/** describeError renders an error as Go's types.Error does: "msg; details". */
export function describeError(e: unknown): string {
  if (isCniError(e)) return e.details ? `${e.msg}; ${e.details}` : e.msg;
  return e instanceof Error ? e.message : String(e);
}

/** pluginDescription names a plugin like libcni: `type="bridge"`, plus ` name="x"` when the object has a name. */
export function pluginDescription(plugin: { type: string; name?: string }): string {
  return plugin.name ? `type="${plugin.type}" name="${plugin.name}"` : `type="${plugin.type}"`;
}

/** pluginFailure wraps a plugin's error as libcni does: `plugin type="X" failed (add): <msg>`. */
export function pluginFailure(plugin: { type: string; name?: string }, op: ChainOp, e: unknown): CnictlError {
  return new CnictlError(`plugin ${pluginDescription(plugin)} failed (${op}): ${describeError(e)}`);
}
