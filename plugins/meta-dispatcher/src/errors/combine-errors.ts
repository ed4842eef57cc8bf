import { CniError } from '@plexus/cni-spec';

/**
 * combineErrors returns the first error, its details extended with how many other steps failed and why: the code
 * is the first failure's (what the runtime acts on), the rest is for the operator.
 */
export function combineErrors(errors: readonly CniError[]): CniError {
  const [first, ...rest] = errors;
  if (!first) throw new Error('combineErrors: no errors');
  if (!rest.length) return first;
  const more = `${rest.length} more step(s) failed: ${rest.map((e) => e.message).join(' | ')}`;
  return new CniError(first.code, first.msg, first.details ? `${first.details} (${more})` : more);
}
