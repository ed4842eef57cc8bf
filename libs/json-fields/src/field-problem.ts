import { CniCode, CniError } from '@plexus/cni-spec';

/**
 * FieldProblem is what every field reader throws: a code-7 CniError (`invalid <field>`, the problem as details) that
 * also keeps the field path and the problem apart. A caller that knows nothing more lets it cross the plugin
 * boundary as it is; one that knows more (the pod, the network, the object the fields sit under) re-roots it with
 * `within` or restates it from `field` and `problem`. It stays a CniError (same name, code, msg and details as
 * `invalidConfig(field, problem)`), so nothing that reports or tests CniErrors can tell the difference.
 */
export class FieldProblem extends CniError {
  constructor(
    /** The path of the offending field, e.g. `ipam.routes[1].dst`. */
    readonly field: string,
    /** What is wrong with it, e.g. `must be a string, got a list`. */
    readonly problem: string,
  ) {
    super(CniCode.InvalidConfig, `invalid ${field}`, problem);
  }

  /** within returns the same problem with its path under `parent` (`ips[1]` within `networks[0]` → `networks[0].ips[1]`). */
  within(parent: string): FieldProblem {
    return new FieldProblem(joinFieldPath(parent, this.field), this.problem);
  }
}

/** isFieldProblem narrows an unknown throw to a FieldProblem. */
export function isFieldProblem(e: unknown): e is FieldProblem {
  return e instanceof FieldProblem;
}

/** joinFieldPath appends a child path to a parent one: `a` + `b` → `a.b`, `a` + `[0]` → `a[0]`, `` + `b` → `b`. */
export function joinFieldPath(parent: string, child: string): string {
  if (parent === '') return child;
  if (child === '') return parent;
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`;
}
