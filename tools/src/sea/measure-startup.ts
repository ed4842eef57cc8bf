import type { CommandRunner } from '@plexus/exec';

/** One command to time. */
export interface StartupProbe {
  label: string;
  file: string;
  args: string[];
  env: Record<string, string | undefined>;
  input: string;
}

/** A timing: the median and spread of `runs` wall-clock times, in ms. */
export interface StartupTiming {
  label: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * measureStartup times the probes in interleaved rounds (each round runs every probe once, so load from other
 * work on the machine hits them alike): `warmup` rounds untimed (page cache), then `runs` timed. Each run must
 * exit 0, so a broken binary cannot look fast. Reports median, min and max wall time.
 */
export async function measureStartup(runner: CommandRunner, now: () => number, probes: StartupProbe[], runs = 10, warmup = 2): Promise<StartupTiming[]> {
  const times = probes.map(() => [] as number[]);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, p] of probes.entries()) {
      const t0 = now();
      const r = await runner.run(p.file, p.args, { env: p.env, input: p.input, timeoutMs: 30_000 });
      const dt = now() - t0;
      if (r.exitCode !== 0) throw new Error(`${p.label}: exit ${r.exitCode}: ${(r.stdout + r.stderr).trim().slice(0, 300)}`);
      if (round >= warmup) times[i]!.push(dt);
    }
  }
  return probes.map((p, i) => ({ label: p.label, runs, medianMs: median(times[i]!), minMs: Math.min(...times[i]!), maxMs: Math.max(...times[i]!) }));
}

/** median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
