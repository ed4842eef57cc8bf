import { randomInt } from 'node:crypto';
import type fc from 'fast-check';

/**
 * fuzzSeed is the seed of this run: PLEXUS_FUZZ_SEED when set (to replay a failure), else a fresh one. It is printed
 * so every failure report carries what reproduces it.
 */
export function fuzzSeed(label: string): number {
  const fromEnv = process.env.PLEXUS_FUZZ_SEED;
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : randomInt(0, 2 ** 31 - 1);
  if (!Number.isInteger(seed)) throw new Error(`PLEXUS_FUZZ_SEED must be an integer, got "${fromEnv}"`);
  // stderr, not console.log: jest --json keeps stdout for the report.
  process.stderr.write(`[fuzz] ${label}: seed ${seed} (replay with PLEXUS_FUZZ_SEED=${seed})\n`);
  return seed;
}

/** fuzzRuns scales a file's default number of runs by PLEXUS_FUZZ_RUNS (a factor, e.g. 0.2 for a smoke run, 10 for a soak). */
export function fuzzRuns(defaultRuns: number): number {
  const factor = Number(process.env.PLEXUS_FUZZ_RUNS ?? '1');
  return Math.max(1, Math.round(defaultRuns * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

/**
 * fuzzParameters: the seed, the scaled number of runs, and a bound on the whole property (shrinking included, 35 s
 * unless PLEXUS_FUZZ_TIME_LIMIT_MS says otherwise) so a slow machine or a long shrink keeps the lane in its budget. PLEXUS_FUZZ_SHRINK=0 reports the first failure
 * unshrunk.
 */
export function fuzzParameters<T>(seed: number, defaultRuns: number): fc.Parameters<T> {
  return { seed, numRuns: fuzzRuns(defaultRuns), interruptAfterTimeLimit: Number(process.env.PLEXUS_FUZZ_TIME_LIMIT_MS ?? 35_000), endOnFailure: process.env.PLEXUS_FUZZ_SHRINK === '0' };
}

/** assertNoFailure throws a readable report of a failed property: seed, path, the case with long strings elided. */
export function assertNoFailure<T>(label: string, d: fc.RunDetails<T>): void {
  if (!d.failed) {
    process.stderr.write(`[fuzz] ${label}: ${d.numRuns} run(s) passed${d.interrupted ? ' (stopped by the time limit)' : ''}\n`);
    return;
  }
  const cause = d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance);
  const report = [
    `${label}: property failed after ${d.numRuns} run(s), shrunk ${d.numShrinks} time(s)${d.interrupted ? ' (interrupted)' : ''}`,
    `replay: PLEXUS_FUZZ_SEED=${d.seed} (path ${d.counterexamplePath})`,
    `case: ${elide(d.counterexample)}`,
    `violations:\n${elideText(cause)}`,
  ].join('\n');
  process.stderr.write(`[fuzz] ${report}\n`);
  throw new Error(report);
}

/** elide renders a value as JSON with every string over 1000 characters shortened to its head and length. */
export function elide(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' ? elideText(x) : x));
}

function elideText(s: string): string {
  return s.length > 1000 ? `${s.slice(0, 300)}…<${s.length} chars>` : s;
}
