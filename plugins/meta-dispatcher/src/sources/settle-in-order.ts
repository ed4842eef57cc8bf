/**
 * settleInOrder runs independent lookups concurrently (a pod's NAD GETs overlap instead of adding up) but reports
 * deterministically: the results in input order, or the error of the first failed task in input order, whichever
 * finished first in time.
 */
export async function settleInOrder<T>(tasks: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(tasks.map((t) => t()));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
