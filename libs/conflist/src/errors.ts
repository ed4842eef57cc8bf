import { CniCode, CniError, isCniError } from '@plexus/cni-spec';

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

/**
 * pluginFailure wraps a plugin's error as libcni does (`plugin type="X" failed (add): <msg>`), keeping the plugin's
 * own CNI code so a meta plugin can pass it on (a delegate's code 11 stays "try again later").
 */
export function pluginFailure(plugin: { type: string; name?: string }, op: ChainOp, e: unknown): CniError {
  const code = isCniError(e) ? e.code : CniCode.Internal;
  return new CniError(code, `plugin ${pluginDescription(plugin)} failed (${op}): ${describeError(e)}`);
}

/** confListError is a code-7 error about the list itself (libcni's "error parsing configuration list: …"). */
export function confListError(message: string, code: number = CniCode.InvalidConfig): CniError {
  return new CniError(code, message);
}
