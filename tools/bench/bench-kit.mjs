// Helpers the benchmarks share, so every bench computes its numbers the same way and fails the same way.
import { spawn, spawnSync } from 'node:child_process';

/** sh runs a program to completion (text output); only a failure to start throws, the caller judges the status. */
export function sh(file, args, opts = {}) {
  const r = spawnSync(file, args, { encoding: 'utf8', ...opts });
  if (r.error) throw r.error;
  return r;
}

/** ipOk runs `ip <args>` in the current netns and throws with its stderr unless it exits 0. */
export function ipOk(args) {
  const r = sh('ip', args);
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
}

/** median of the samples; the mean of the middle two for an even count. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * timeProcess runs a program without blocking the event loop (an emulator or a concurrent batch may need it) and
 * resolves with its wall time in ms, spawn to exit. `input` goes to stdin (none: stdin is closed). A non-zero exit
 * rejects with `label` (default: the command line) and the program's output, so a failed run aborts the bench
 * instead of being timed.
 */
export function timeProcess(file, args, { env, input, label = `${file} ${args.join(' ')}` } = {}) {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(file, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (status !== 0) reject(new Error(`${label} exited ${status}: ${out}`));
      else resolvePromise(ms);
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

/**
 * parseRunArgs reads the options every benchmark takes: `--runs N` (timed runs), `--warmup N` (untimed first runs)
 * and `--json` (machine-readable output), with the benchmark's own default run count.
 */
export function parseRunArgs(argv, defaults = { runs: 11, warmup: 2 }) {
  const o = { runs: defaults.runs, warmup: defaults.warmup, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--warmup') o.warmup = Number(argv[++i]);
    else if (a === '--json') o.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.runs > 0) || !(o.warmup >= 0)) throw new Error('--runs must be > 0 and --warmup >= 0');
  return o;
}
