/**
 * A problem in one field of a document the dispatcher reads (a selection element, a conf text, a DANM object or
 * annotation). `field` is relative to that document (`ips[1]`, `plugins[1].type`); the caller, which knows the pod,
 * the network and where the document sits, turns it into a CNI error naming the full field path.
 */
export class FieldProblem extends Error {
  override name = 'FieldProblem';
  constructor(
    /** Path relative to the document, e.g. `ips[1]`. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
