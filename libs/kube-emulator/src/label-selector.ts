import { matchesLabelSelector, parseLabelSelector, type LabelRequirement } from '@plexus/kube-model';
import { badRequest } from './status';

// The grammar is the one the client's fake uses, from the pure libs/kube-model: the emulator must not import
// libs/k8s itself (libs/k8s's specs start this emulator, so the project graph would get a cycle).

/**
 * compileLabelSelector turns a `labelSelector` query value into a predicate over an object's labels, with the
 * apiserver's semantics: `a=b`/`a==b`, `a!=b` (absent matches), `a in (x,y)`, `a notin (x)` (absent matches),
 * `a`, `!a`; comma = AND. A malformed selector is a 400 like the real server's.
 */
export function compileLabelSelector(selector: string): (labels: Record<string, string> | undefined) => boolean {
  let reqs: LabelRequirement[];
  try {
    reqs = parseLabelSelector(selector);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return (labels) => matchesLabelSelector(reqs, labels);
}
