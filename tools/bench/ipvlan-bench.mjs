#!/usr/bin/env node
// Benchmark: Plexus ipvlan + static-ipam against the reference ipvlan + static (Debian containernetworking-plugins,
// /usr/lib/cni), ADD then DEL of one pod interface, both exec'd as a runtime execs them, interleaved in one run so
// that both see the same machine. Prints medians and the ratios ours/reference; absolute times only make sense
// within one run (under qemu TCG everything is ~50x slower than on hardware).
//
//   tools/vm/run-kernel-suite.sh -- node tools/bench/ipvlan-bench.mjs [--runs N] [--warmup N] [--scenarios v4,dual] [--json]
//
// Needs root and a kernel with ipvlan and dummy (the VM lane provides one). Uses the bundles in dist/bin (built
// when missing). Everything happens in throwaway netns named plxiv-bench-*: a "host" netns with a dummy master and
// one fresh pod netns per ADD, created and deleted outside the timed region.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFERENCE_DIR = '/usr/lib/cni';

/** The address plans compared; dual stack makes the reference wait for IPv6 DAD, ours adds with nodad. */
const SCENARIOS = {
  v4: { addresses: [{ address: '10.77.0.10/24', gateway: '10.77.0.1' }], routes: [{ dst: '10.99.0.0/16' }] },
  dual: {
    addresses: [
      { address: '10.77.0.10/24', gateway: '10.77.0.1' },
      { address: 'fd00:77::10/64', gateway: 'fd00:77::1' },
    ],
    routes: [{ dst: '10.99.0.0/16' }, { dst: 'fd00:99::/48' }],
  },
};

function parseArgs(argv) {
  const o = { runs: 11, warmup: 2, scenarios: ['v4', 'dual'], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--warmup') o.warmup = Number(argv[++i]);
    else if (a === '--scenarios') o.scenarios = argv[++i].split(',');
    else if (a === '--json') o.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.runs > 0) || !(o.warmup >= 0)) throw new Error('--runs must be > 0 and --warmup >= 0');
  for (const s of o.scenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s} (have ${Object.keys(SCENARIOS).join(', ')})`);
  return o;
}

function sh(file, args, input) {
  const r = spawnSync(file, args, { encoding: 'utf8', input });
  if (r.error) throw r.error;
  return r;
}

function ipOk(args) {
  const r = sh('ip', args);
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A "host" netns with a dummy master plxm0 (10.77.0.1/24, fd00:77::1/64) and a default route. */
function makeHost() {
  const name = `plxiv-bench-h${process.pid}`;
  ipOk(['netns', 'add', name]);
  for (const args of [
    ['link', 'add', 'plxm0', 'type', 'dummy'],
    ['addr', 'add', '10.77.0.1/24', 'dev', 'plxm0'],
    ['addr', 'add', 'fd00:77::1/64', 'dev', 'plxm0', 'nodad'],
    ['link', 'set', 'plxm0', 'up'],
    ['route', 'add', 'default', 'via', '10.77.0.254'],
  ]) {
    ipOk(['-n', name, ...args]);
  }
  return { name, path: `/var/run/netns/${name}` };
}

/** The CNI bin dir: our bundles copied, the reference plugins linked (ref-ipvlan so both can sit side by side). */
function makeBinDir() {
  const dir = mkdtempSync(join(tmpdir(), 'plxiv-bench-bin-'));
  for (const name of ['ipvlan', 'static-ipam']) copyFileSync(join(root, 'dist', 'bin', name), join(dir, name));
  symlinkSync(join(REFERENCE_DIR, 'ipvlan'), join(dir, 'ref-ipvlan'));
  symlinkSync(join(REFERENCE_DIR, 'static'), join(dir, 'static'));
  return dir;
}

/** One exec of a plugin inside the host netns; returns wall milliseconds (spawn included, as a runtime pays it). */
function execPlugin(host, binDir, plugin, command, conf, pod) {
  const env = {
    PATH: process.env.PATH,
    CNI_COMMAND: command,
    CNI_CONTAINERID: `bench-${pod}`,
    CNI_NETNS: `/var/run/netns/${pod}`,
    CNI_IFNAME: 'eth0',
    CNI_ARGS: '',
    CNI_PATH: binDir,
  };
  const t0 = process.hrtime.bigint();
  const r = spawnSync('nsenter', [`--net=${host.path}`, '--', join(binDir, plugin)], { input: JSON.stringify(conf), env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${plugin} ${command} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return ms;
}

/** One ADD+DEL of one implementation on a fresh pod netns. */
function cycle(host, binDir, impl, scenario, i) {
  const pod = `plxiv-bench-p${process.pid}-${i}`;
  ipOk(['netns', 'add', pod]);
  try {
    const conf = {
      cniVersion: '1.0.0',
      name: 'plxiv-bench',
      type: impl.plugin,
      master: 'plxm0',
      mode: 'l2',
      ipam: { type: impl.ipam, ...SCENARIOS[scenario] },
    };
    const add = execPlugin(host, binDir, impl.plugin, 'ADD', conf, pod);
    const del = execPlugin(host, binDir, impl.plugin, 'DEL', conf, pod);
    return { add, del, total: add + del };
  } finally {
    sh('ip', ['netns', 'del', pod]);
  }
}

/** nodeFloor is the median `node -e 0`: what any Node plugin pays before its first line runs. */
function nodeFloor(runs) {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    sh(process.execPath, ['-e', '0']);
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(xs);
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) throw new Error('needs root (run it through tools/vm/run-kernel-suite.sh)');
  for (const name of ['ipvlan', 'static-ipam']) {
    if (!existsSync(join(root, 'dist', 'bin', name))) {
      const b = sh(process.execPath, [join(root, 'tools', 'build', 'build-plugin.mjs'), name]);
      if (b.status !== 0) throw new Error(`build ${name}: ${b.stderr}`);
    }
  }
  const impls = [
    { id: 'ours', plugin: 'ipvlan', ipam: 'static-ipam' },
    { id: 'reference', plugin: 'ref-ipvlan', ipam: 'static' },
  ];
  const host = makeHost();
  const binDir = makeBinDir();
  const report = { runs: o.runs, warmup: o.warmup, kernel: sh('uname', ['-r']).stdout.trim(), scenarios: {} };
  try {
    report.nodeStartMs = nodeFloor(Math.max(3, Math.min(o.runs, 7)));
    for (const scenario of o.scenarios) {
      const samples = { ours: [], reference: [] };
      for (let i = 0; i < o.warmup + o.runs; i++) {
        // Alternate who goes first, so slow drift (page cache, CPU frequency) does not favour either.
        const order = i % 2 ? [...impls].reverse() : impls;
        for (const impl of order) {
          const r = cycle(host, binDir, impl, scenario, `${scenario}-${impl.id}-${i}`);
          if (i >= o.warmup) samples[impl.id].push(r);
        }
      }
      const med = (id, k) => median(samples[id].map((s) => s[k]));
      const row = {};
      for (const k of ['add', 'del', 'total']) {
        row[k] = { oursMs: med('ours', k), referenceMs: med('reference', k), ratio: med('ours', k) / med('reference', k) };
      }
      report.scenarios[scenario] = row;
    }
  } finally {
    sh('ip', ['netns', 'del', host.name]);
    rmSync(binDir, { recursive: true, force: true });
  }
  if (o.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`ipvlan ADD+DEL, Plexus (ipvlan + static-ipam) vs reference (ipvlan + static), kernel ${report.kernel}`);
  console.log(`medians of ${o.runs} runs after ${o.warmup} warm-up, same run, interleaved; node -e 0 median ${report.nodeStartMs.toFixed(0)} ms`);
  for (const [scenario, row] of Object.entries(report.scenarios)) {
    for (const [k, v] of Object.entries(row)) {
      console.log(`${scenario.padEnd(5)} ${k.padEnd(6)} ours ${v.oursMs.toFixed(0).padStart(6)} ms  reference ${v.referenceMs.toFixed(0).padStart(6)} ms  ratio ${v.ratio.toFixed(2)}`);
    }
  }
}

try {
  main();
} catch (e) {
  console.error(`ipvlan-bench: ${e.message}`);
  process.exit(1);
}
