/**
 * pickNextFree is DANM's next-fit (pure): the first free address after `cursor` up to `end`, then wrapping from
 * `start`, so a just-freed address is not handed out again at once. `takenCount` bounds the search: among
 * takenCount+1 consecutive candidates one is free, so a huge IPv6 pool is never walked address by address.
 * Undefined when every address of the pool is taken.
 */
export function pickNextFree(start: bigint, end: bigint, cursor: bigint | undefined, isTaken: (v: bigint) => boolean, takenCount: number): bigint | undefined {
  const size = end - start + 1n;
  const steps = size < BigInt(takenCount) + 1n ? size : BigInt(takenCount) + 1n;
  let candidate = cursor !== undefined && cursor >= start && cursor < end ? cursor + 1n : start;
  for (let i = 0n; i < steps; i++) {
    if (!isTaken(candidate)) return candidate;
    candidate = candidate >= end ? start : candidate + 1n;
  }
  return undefined;
}
